/**
 * Remote sources, read once and kept: each URL's text is stored with its SHA-256 under the user's
 * cache directory, keyed on the URL and the release it belongs to, and verified on every read. Later
 * previews and ups then need no network. A damaged copy is downloaded again, or, offline, refused.
 */
import * as path from "node:path";
import { SOURCE_FETCH } from "../config/defaults";
import { sourceCacheDir } from "./cache-dir";
import { readEntry, sha256, writeEntry } from "./cache-entry";
import { DownloadError, type FetchedResponse, getWithin } from "./download";
import { manifestProblem } from "./manifest-check";
import { setInstead, type SourceOrigin } from "./origin";

export { sha256 } from "./cache-entry";

/** The part of `fetch` the cache uses; tests pass their own. */
export type FetchLike = (url: string, init: { readonly signal: AbortSignal }) => Promise<FetchedResponse>;

export interface SourceCacheOptions {
  /** Default: `${XDG_CACHE_HOME:-~/.cache}/istio-sandbox/sources`. */
  readonly dir?: string;
  /** Default: the global fetch, looked up when a download starts. */
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
  /** Told when a damaged copy is replaced. */
  readonly warn?: (message: string) => void;
}

export interface CachedSource {
  /** The verified local copy, for the provider to read. */
  readonly path: string;
  readonly text: string;
  readonly sha256: string;
  /** True when this call downloaded it. */
  readonly downloaded: boolean;
}

export function isRemote(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** A cache directory name's part: only characters every file system takes. */
export function safeName(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);
}

/** The URL's last path segment (`kiali.yaml`), so the provider and a person see what the file is. */
function fileName(url: string): string {
  const last = new URL(url).pathname.split("/").pop() ?? "";
  return safeName(decodeURIComponent(last)) || "source.yaml";
}

/** `<version>-<file>-<hash of URL and version>`: readable, and unique per URL and release. */
export function entryDir(dir: string, url: string, version: string): string {
  const key = sha256(`${url}\n${version}`).slice(0, 16);
  return path.join(dir, `${safeName(version)}-${fileName(url)}-${key}`);
}

async function download(
  url: string,
  origin: SourceOrigin,
  options: SourceCacheOptions,
  timeoutMs: number,
): Promise<string> {
  const get: FetchLike = options.fetch ?? ((u, init) => globalThis.fetch(u, init));
  const { ok, status, body: text } = await getWithin(get, url, timeoutMs, (response) => response.text());
  if (!ok) {
    throw new Error(
      `istio-sandbox:${origin.key}: ${url} answered HTTP ${status}; nothing was cached. Fix: check istio-sandbox:${origin.versionKey} (the default URL follows it), or ${setInstead(origin)}`,
    );
  }
  const problem = manifestProblem(text);
  if (problem !== undefined) {
    throw new Error(
      `istio-sandbox:${origin.key}: ${url} did not answer with Kubernetes manifests (${problem}); nothing was cached. Fix: check the URL (a proxy or login page may have answered instead), or ${setInstead(origin)}`,
    );
  }
  return text;
}

/**
 * The verified local copy of `url`: from the cache when it holds an intact one (no network), else
 * downloaded and kept. Every error names the config key and the fix.
 */
export async function cachedSource(
  url: string,
  origin: SourceOrigin,
  options: SourceCacheOptions = {},
): Promise<CachedSource> {
  const dir = options.dir ?? sourceCacheDir();
  const entry = entryDir(dir, url, origin.version);
  const found = await readEntry(entry, { url, version: origin.version });
  if (found.state === "valid") {
    return { path: found.path, text: found.data.toString("utf8"), sha256: found.sha256, downloaded: false };
  }

  let text: string;
  try {
    text = await download(url, origin, options, options.timeoutMs ?? SOURCE_FETCH.downloadSeconds * 1000);
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    if (found.state === "damaged") {
      throw new Error(
        `istio-sandbox:${origin.key}: the cached copy of ${url} in ${entry} is damaged (${found.why}), and it could not be downloaded again (${error.message}). Nothing was changed. Fix: run again with network access to replace it, or delete ${entry}, or ${setInstead(origin)}`,
      );
    }
    throw new Error(
      `istio-sandbox:${origin.key}: could not download ${url} (${error.message}), and no copy of it is cached in ${dir} yet. Fix: run once with network access (the copy is then kept for offline use), or ${setInstead(origin)}`,
    );
  }

  if (found.state === "damaged") {
    options.warn?.(
      `The cached copy of ${url} in ${entry} was damaged (${found.why}); it was downloaded again.`,
    );
  }
  const kept = await writeEntry(
    entry,
    { url, version: origin.version, file: fileName(url) },
    Buffer.from(text, "utf8"),
  );
  return { path: kept.path, text, sha256: kept.sha256, downloaded: true };
}
