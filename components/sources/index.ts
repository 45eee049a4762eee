export { sourceCacheDir } from "./cache-dir";
export { manifestProblem } from "./manifest-check";
export { setInstead, type SourceOrigin } from "./origin";
export {
  cachedSource,
  entryDir,
  isRemote,
  sha256,
  type CachedSource,
  type FetchLike,
  type SourceCacheOptions,
} from "./source-cache";
