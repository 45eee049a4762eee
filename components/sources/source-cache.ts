/**
 * Remote sources, read once and kept: each URL's text is stored with its SHA-256 under the user's
 * cache directory, keyed on the URL and the release it belongs to, and verified on every read. Later
 * previews and ups then need no network. A damaged copy is downloaded again, or, offline, refused.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { SOURCE_FETCH } from "../config/defaults";
import { sourceCacheDir } from "./cache-dir";
import { manifestProblem } from "./manifest-check";
import { setInstead, type SourceOrigin } from "./origin";

/** The part of `fetch` the cache uses; tests pass their own. */
export type FetchLike = (
  url: string,
  init: { readonly signal: AbortSignal },
) => Promise<{ readonly ok: boolean; readonly status: number; text(): Promise<string> }>;

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

/** entry.json beside each copy. */
interface EntryRecord {
  readonly url: string;
  readonly version: string;
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly downloadedAt: string;
}

type Lookup =
  | { readonly state: "missing" }
  | { readonly state: "damaged"; readonly why: string }
  | { readonly state: "valid"; readonly copy: CachedSource };

const RECORD = "entry.json";

export function isRemote(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);
}

/** The URL's last path segment (`kiali.yaml`), so the provider and a person see what the file is. */
function fileName(url: string): string {
  const last = new URL(url).pathname.split("/").pop() ?? "";
  return safe(decodeURIComponent(last)) || "source.yaml";
}

/** `<version>-<file>-<hash of URL and version>`: readable, and unique per URL and release. */
export function entryDir(dir: string, url: string, version: string): string {
  const key = sha256(`${url}\n${version}`).slice(0, 16);
  return path.join(dir, `${safe(version)}-${fileName(url)}-${key}`);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function lookUp(entry: string, url: string, version: string): Promise<Lookup> {
  let raw: string;
  try {
    raw = await fs.promises.readFile(path.join(entry, RECORD), "utf8");
  } catch (error) {
    // A copy without its record is a download that did not finish: the record is written last.
    if (errorCode(error) === "ENOENT") return { state: "missing" };
    throw error;
  }
  let record: EntryRecord;
  try {
    record = JSON.parse(raw) as EntryRecord;
  } catch {
    return { state: "damaged", why: `its ${RECORD} is not JSON` };
  }
  if (record.url !== url || record.version !== version || typeof record.sha256 !== "string") {
    return { state: "damaged", why: `its ${RECORD} describes another source` };
  }
  const file = path.join(entry, path.basename(String(record.file)));
  let text: string;
  try {
    text = await fs.promises.readFile(file, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return { state: "damaged", why: `${path.basename(file)} is missing` };
    throw error;
  }
  const actual = sha256(text);
  if (actual !== record.sha256) {
    return {
      state: "damaged",
      why: `its SHA-256 is ${actual}, but ${record.sha256} was recorded when it was downloaded`,
    };
  }
  return { state: "valid", copy: { path: file, text, sha256: actual, downloaded: false } };
}

/** Writes beside the target and renames, so a reader never sees half a file. */
async function writeAtomically(target: string, text: string): Promise<void> {
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await fs.promises.writeFile(temporary, text, "utf8");
  await fs.promises.rename(temporary, target);
}

function reasonOf(error: unknown): string {
  if ((error as { name?: unknown } | undefined)?.name === "TimeoutError") return "no answer in time";
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  // Not `instanceof Error`: an error from another realm (fetch's own) would fail that test.
  const text = (error as { message?: unknown } | undefined)?.message;
  const message = typeof text === "string" ? text : String(error);
  const detail = cause?.code ?? cause?.message;
  return detail ? `${message}: ${detail}` : message;
}

class DownloadError extends Error {}

async function download(
  url: string,
  origin: SourceOrigin,
  options: SourceCacheOptions,
  timeoutMs: number,
): Promise<string> {
  const get: FetchLike = options.fetch ?? ((u, init) => globalThis.fetch(u, init));
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let ok: boolean;
  let text: string;
  try {
    const response = await get(url, { signal });
    ({ status, ok } = response);
    text = await response.text();
  } catch (error) {
    const reason = reasonOf(error);
    throw new DownloadError(
      reason === "no answer in time" ? `no answer within ${Math.round(timeoutMs / 1000)} s` : reason,
    );
  }
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
  const found = await lookUp(entry, url, origin.version);
  if (found.state === "valid") return found.copy;

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
  const file = fileName(url);
  const digest = sha256(text);
  const record: EntryRecord = {
    url,
    version: origin.version,
    file,
    sha256: digest,
    bytes: Buffer.byteLength(text, "utf8"),
    downloadedAt: new Date().toISOString(),
  };
  await fs.promises.mkdir(entry, { recursive: true });
  await writeAtomically(path.join(entry, file), text);
  await writeAtomically(path.join(entry, RECORD), `${JSON.stringify(record, null, 2)}\n`);
  return { path: path.join(entry, file), text, sha256: digest, downloaded: true };
}
