export { sourceCacheDir } from "./cache-dir";
export { readEntry, writeEntry, type EntryLookup, type EntryRecord } from "./cache-entry";
export { DownloadError, getWithin, type FetchedResponse } from "./download";
export { manifestProblem } from "./manifest-check";
export { setInstead, type SourceOrigin } from "./origin";
export {
  cachedSource,
  entryDir,
  isRemote,
  safeName,
  sha256,
  type CachedSource,
  type FetchLike,
  type SourceCacheOptions,
} from "./source-cache";
