/**
 * The network as the program sees it in tests, installed on import: the remote sources it downloads
 * into its cache (each add-on manifest, the Gateway API CRDs, the default Helm repositories' indexes
 * and chart archives) are answered from stand-ins, anything else with 404; requests to the loopback
 * address (the tests' own servers) still go out. The cache lives in a fresh directory, never the user's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULTS } from "../../components/config/defaults";
import { chartArchive, type IndexedChart, repositoryIndex } from "./chart-archive";
import { emptyCacheDir } from "./source-server";

const FIXTURES = path.join(__dirname, "../fixtures");

/** Every patch release of the given minors, as a repository lists them. */
function releases(minors: readonly string[]): string[] {
  return minors.flatMap((minor) => Array.from({ length: 21 }, (_, patch) => `${minor}.${patch}`));
}

/**
 * The default repositories as served here: Istio's lists its archives relative to itself, MetalLB's
 * absolutely, on GitHub's release downloads, as the real ones do.
 */
const REPOSITORIES: Readonly<
  Record<string, { charts: readonly string[]; versions: string[]; url: (c: string, v: string) => string }>
> = {
  [DEFAULTS.istio.chartRepo]: {
    charts: ["base", "istiod", "gateway", "cni", "ztunnel"],
    versions: releases(["1.30", "1.31"]),
    url: (chart, version) => `${chart}-${version}.tgz`,
  },
  [DEFAULTS.metallb.chartRepo]: {
    charts: ["metallb"],
    versions: releases(["0.13", "0.14", "0.15", "0.16"]),
    url: (chart, version) =>
      `https://github.com/metallb/metallb/releases/download/metallb-chart-${version}/${chart}-${version}.tgz`,
  },
};

const archives = new Map<string, Buffer>();
const indexes = new Map<string, string>();

/** Built on first request: a few hundred small archives. */
function repositoryAnswer(url: string): string | Buffer | undefined {
  const archive = archives.get(url);
  if (archive !== undefined) return archive;
  const repo = Object.keys(REPOSITORIES).find((r) => url === `${r}/index.yaml`);
  if (repo === undefined) return undefined;
  let index = indexes.get(repo);
  if (index === undefined) {
    const { charts, versions, url: archiveUrl } = REPOSITORIES[repo];
    const listed: IndexedChart[] = charts.flatMap((chart) =>
      versions.map((version) => ({
        chart,
        version,
        url: archiveUrl(chart, version),
        archive: chartArchive(chart, version),
      })),
    );
    for (const c of listed) archives.set(new URL(c.url, `${repo}/`).toString(), c.archive);
    index = repositoryIndex(listed);
    indexes.set(repo, index);
  }
  return index;
}

/** What a remote source answers in tests, or undefined for a 404. */
export function servedSource(url: string): string | Buffer | undefined {
  const file = /\/samples\/addons\/(prometheus|grafana|kiali|jaeger)\.yaml$/.exec(url)?.[1];
  if (file !== undefined) return fs.readFileSync(path.join(FIXTURES, `addons/${file}.yaml`), "utf8");
  if (url.endsWith("/standard-install.yaml")) {
    return fs.readFileSync(path.join(FIXTURES, "gateway-api/standard-install.yaml"), "utf8");
  }
  return repositoryAnswer(url);
}

const loopbackFetch = globalThis.fetch;
globalThis.fetch = (url: string | URL | Request, init?: RequestInit) => {
  const target = String(url instanceof Request ? url.url : url);
  if (/^https?:\/\/127\.0\.0\.1[:/]/.test(target)) return loopbackFetch(url, init);
  const body = servedSource(target);
  return Promise.resolve(
    body === undefined ? new Response("not served in tests", { status: 404 }) : new Response(body),
  );
};

/** The cache the program keeps its downloads in, during these tests. */
export const FAKE_CACHE = emptyCacheDir();
process.env.XDG_CACHE_HOME = FAKE_CACHE.dir;
afterAll(() => FAKE_CACHE.remove());
