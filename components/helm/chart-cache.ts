/**
 * Charts from a Helm repository, read once and kept: the repository's index.yaml names the archive of
 * the pinned version and its digest; the archive is downloaded, checked against that digest, and kept
 * with its SHA-256 in the source cache, keyed on the repository, chart and version. Later runs read the
 * kept archive (checksum checked) without the network, as the add-on manifests are read.
 */
import * as path from "node:path";
import { SOURCE_FETCH } from "../config/defaults";
import {
  DownloadError,
  getWithin,
  readEntry,
  safeName,
  sha256,
  sourceCacheDir,
  writeEntry,
} from "../sources";
import {
  findChartVersion,
  parseRepositoryIndex,
  resolveAgainstRepository,
  type RepositoryIndex,
} from "./chart-index";

/** The part of `fetch` the chart cache uses (text for the index, bytes for the archive); tests pass their own. */
export type ChartFetchLike = (
  url: string,
  init: { readonly signal: AbortSignal },
) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export interface ChartCacheOptions {
  /** Default: `${XDG_CACHE_HOME:-~/.cache}/istio-sandbox/sources`. */
  readonly dir?: string;
  /** Default: the global fetch, looked up when a download starts. */
  readonly fetch?: ChartFetchLike;
  readonly timeoutMs?: number;
  /** Told when a damaged copy is replaced, or a repository lists no digest. */
  readonly warn?: (message: string) => void;
}

/** What a chart repository is for: the keys every message about it names. */
export interface ChartOrigin {
  /** The key that names the repository (`istio-sandbox:<key>`). */
  readonly key: "istioChartRepo" | "metallbChartRepo";
  /** The key that pins the chart's version. */
  readonly versionKey: "istioVersion" | "metallbChartVersion";
  /** What the local directory holds, e.g. `the unpacked chart at <dir>/metallb`. */
  readonly localLayout: string;
}

export interface CachedChart {
  /** The verified archive, for the provider's `chart`. */
  readonly path: string;
  readonly sha256: string;
  /** True when this call downloaded it. */
  readonly downloaded: boolean;
}

/** `<version>-<chart>-<hash of repository, chart and version>`, beside the other kept sources. */
export function chartEntryDir(dir: string, repo: string, chart: string, version: string): string {
  const key = sha256(`${repo}\n${chart}\n${version}`).slice(0, 16);
  return path.join(dir, `${safeName(version)}-${safeName(chart)}-${key}`);
}

function indexUrl(repo: string): string {
  return resolveAgainstRepository(repo, "index.yaml");
}

/** gzip's magic number: what every chart archive starts with, and no HTML page does. */
function isGzip(data: Buffer): boolean {
  return data.length > 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** Reads the index once per repository and each chart once per version, for all releases of a run. */
export class ChartCache {
  private readonly dir: string;
  private readonly get: ChartFetchLike;
  private readonly timeoutMs: number;
  private readonly indexes = new Map<string, Promise<RepositoryIndex>>();
  private readonly charts = new Map<string, Promise<CachedChart>>();

  constructor(
    private readonly origin: ChartOrigin,
    private readonly options: ChartCacheOptions = {},
  ) {
    this.dir = options.dir ?? sourceCacheDir();
    this.get = options.fetch ?? ((u, init) => globalThis.fetch(u, init));
    this.timeoutMs = options.timeoutMs ?? SOURCE_FETCH.downloadSeconds * 1000;
  }

  /** The verified archive of `chart` at `version` from `repo`: kept, or downloaded and kept. */
  chart(repo: string, chart: string, version: string): Promise<CachedChart> {
    const id = `${repo}\n${chart}\n${version}`;
    let found = this.charts.get(id);
    if (found === undefined) {
      found = this.load(repo, chart, version);
      this.charts.set(id, found);
    }
    return found;
  }

  private instead(repo: string, chart: string, version: string): string {
    const { key, localLayout } = this.origin;
    return `set istio-sandbox:${key} to a local directory holding ${localLayout} (helm pull ${chart} --repo ${repo} --version ${version} --untar --untardir <dir>; then pulumi config set ${key} <dir>), or to a mirror of the repository`;
  }

  private async load(repo: string, chart: string, version: string): Promise<CachedChart> {
    const { key, versionKey } = this.origin;
    const entry = chartEntryDir(this.dir, repo, chart, version);
    const found = await readEntry(entry, { url: repo, chart, version });
    if (found.state === "valid") return { path: found.path, sha256: found.sha256, downloaded: false };

    const what = `chart ${chart} ${version}`;
    const fix = this.instead(repo, chart, version);
    let data: Buffer;
    let archiveUrl: string;
    let digest: string | undefined;
    try {
      const index = await this.index(repo, fix);
      const versions = index.get(chart);
      if (versions === undefined) {
        throw new Error(
          `istio-sandbox:${key}: the repository ${repo} has no chart named ${chart}; nothing was cached. Fix: point istio-sandbox:${key} at the chart's repository or a mirror of it, or ${fix}`,
        );
      }
      const published = findChartVersion(versions, version);
      if (published === undefined) {
        const newest = versions
          .slice(0, 5)
          .map((v) => v.version)
          .join(", ");
        throw new Error(
          `istio-sandbox:${versionKey}: the repository ${repo} (istio-sandbox:${key}) has no ${chart} chart at version ${version}${newest === "" ? "" : ` (it lists ${newest}, …)`}; nothing was cached. Fix: set istio-sandbox:${versionKey} to a published version, or point istio-sandbox:${key} at a mirror that has it`,
        );
      }
      if (published.urls.length === 0) {
        throw new Error(
          `istio-sandbox:${key}: ${indexUrl(repo)} lists ${what} without a download URL; nothing was cached. Fix: ${fix}`,
        );
      }
      archiveUrl = resolveAgainstRepository(repo, published.urls[0]);
      digest = published.digest;
      const answer = await getWithin(this.get, archiveUrl, this.timeoutMs, async (r) =>
        Buffer.from(await r.arrayBuffer()),
      );
      if (!answer.ok) {
        throw new Error(
          `istio-sandbox:${key}: ${archiveUrl} (${what}, as listed by ${indexUrl(repo)}) answered HTTP ${answer.status}; nothing was cached. Fix: check the repository or mirror, or ${fix}`,
        );
      }
      data = answer.body;
    } catch (error) {
      if (!(error instanceof DownloadError)) throw error;
      if (found.state === "damaged") {
        throw new Error(
          `istio-sandbox:${key}: the cached copy of ${what} from ${repo} in ${entry} is damaged (${found.why}), and it could not be downloaded again (${error.message}). Nothing was changed. Fix: run again with network access to replace it, or delete ${entry}, or ${fix}`,
        );
      }
      throw new Error(
        `istio-sandbox:${key}: could not download ${what} from ${repo} (${error.message}), and it is not cached in ${this.dir} yet. Fix: run once with network access (the chart is then kept for offline use), or ${fix}`,
      );
    }

    if (!isGzip(data)) {
      throw new Error(
        `istio-sandbox:${key}: ${archiveUrl} did not answer with a chart archive (not gzip data; a proxy or login page may have answered instead); nothing was cached. Fix: check the repository URL, or ${fix}`,
      );
    }
    const actual = sha256(data);
    if (digest === undefined) {
      this.options.warn?.(
        `${indexUrl(repo)} lists no digest for ${what}; the archive was kept with the SHA-256 it had when downloaded (${actual}).`,
      );
    } else if (actual !== digest) {
      throw new Error(
        `istio-sandbox:${key}: the archive of ${what} downloaded from ${archiveUrl} has SHA-256 ${actual}, but ${indexUrl(repo)} lists ${digest}; nothing was cached. Fix: run again (a download may have been cut short), check the mirror (its index and archive disagree), or ${fix}`,
      );
    }
    if (found.state === "damaged") {
      this.options.warn?.(
        `The cached copy of ${what} from ${repo} in ${entry} was damaged (${found.why}); it was downloaded again.`,
      );
    }
    const kept = await writeEntry(
      entry,
      { url: repo, chart, version, file: `${safeName(chart)}-${safeName(version)}.tgz`, archiveUrl },
      data,
    );
    return { path: kept.path, sha256: kept.sha256, downloaded: true };
  }

  /** The repository's index, read once per run; never kept, since a repository publishes new versions. */
  private index(repo: string, fix: string): Promise<RepositoryIndex> {
    let found = this.indexes.get(repo);
    if (found === undefined) {
      found = this.readIndex(repo, fix);
      this.indexes.set(repo, found);
    }
    return found;
  }

  private async readIndex(repo: string, fix: string): Promise<RepositoryIndex> {
    const { key } = this.origin;
    const url = indexUrl(repo);
    const answer = await getWithin(this.get, url, this.timeoutMs, (r) => r.text());
    if (!answer.ok) {
      throw new Error(
        `istio-sandbox:${key}: ${url} answered HTTP ${answer.status}, so ${repo} is not a Helm chart repository; nothing was cached. Fix: check the URL, or ${fix}`,
      );
    }
    const index = parseRepositoryIndex(answer.body);
    if (typeof index === "string") {
      throw new Error(
        `istio-sandbox:${key}: ${url} is not a Helm repository index (${index}; a proxy or login page may have answered instead); nothing was cached. Fix: check the URL, or ${fix}`,
      );
    }
    return index;
  }
}
