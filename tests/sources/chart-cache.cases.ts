/**
 * The chart cache, for real: a Helm repository (index.yaml and chart archives made here) served over
 * HTTP on the loopback address; the first run fills the cache, later runs work with the server stopped,
 * and every failure names the config key to set.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ChartCache, type ChartCacheOptions, chartEntryDir } from "../../components/helm/chart-cache";
import { findChartVersion, resolveAgainstRepository } from "../../components/helm/chart-index";
import { chartSources, ISTIO_CHART_ORIGIN, METALLB_CHART_ORIGIN } from "../../components/helm/chart-source";
import { resolve } from "../harness/mock-program";
import { chartArchive, repositoryIndex, sha256Hex } from "../harness/chart-archive";
import { emptyCacheDir, type SourceServer, startSourceServer } from "../harness/source-server";

const ARCHIVE = chartArchive("metallb", "0.16.1");
const OLDER = chartArchive("metallb", "0.16.0");

describe("the chart cache", () => {
  let server: SourceServer;
  let cache: ReturnType<typeof emptyCacheDir>;
  const warnings: string[] = [];
  const options = (): ChartCacheOptions => ({ dir: cache.dir, warn: (m) => warnings.push(m) });
  const repo = () => server.url("/metallb");
  /** One run of the program: a fresh cache object over the same directory. */
  const fetchChart = (version = "0.16.1", chart = "metallb") =>
    new ChartCache(METALLB_CHART_ORIGIN, options()).chart(repo(), chart, version);

  beforeEach(async () => {
    server = await startSourceServer({
      "/metallb/metallb-0.16.1.tgz": ARCHIVE,
      "/releases/metallb-0.16.0.tgz": OLDER,
    });
    // Relative to the repository, as Istio's index lists archives; absolute, as MetalLB's does.
    server.serve(
      "/metallb/index.yaml",
      repositoryIndex([
        { chart: "metallb", version: "0.16.1", url: "metallb-0.16.1.tgz", archive: ARCHIVE },
        {
          chart: "metallb",
          version: "0.16.0",
          url: server.url("/releases/metallb-0.16.0.tgz"),
          archive: OLDER,
        },
      ]),
    );
    cache = emptyCacheDir();
    warnings.length = 0;
  });
  afterEach(async () => {
    await server.stop();
    cache.remove();
  });

  test("the first run downloads the pinned archive and keeps it with its checksum; the next runs offline", async () => {
    const first = await fetchChart();
    expect(first).toMatchObject({ sha256: sha256Hex(ARCHIVE), downloaded: true });
    expect(first.path).toBe(
      path.join(chartEntryDir(cache.dir, repo(), "metallb", "0.16.1"), "metallb-0.16.1.tgz"),
    );
    expect(fs.readFileSync(first.path).equals(ARCHIVE)).toBe(true);
    const record = JSON.parse(fs.readFileSync(path.join(path.dirname(first.path), "entry.json"), "utf8"));
    expect(record).toMatchObject({
      url: repo(),
      chart: "metallb",
      version: "0.16.1",
      file: "metallb-0.16.1.tgz",
      archiveUrl: server.url("/metallb/metallb-0.16.1.tgz"),
      sha256: sha256Hex(ARCHIVE),
      bytes: ARCHIVE.length,
    });
    expect(server.requests).toEqual(["/metallb/index.yaml", "/metallb/metallb-0.16.1.tgz"]);

    await server.stop();
    expect(await fetchChart()).toEqual({ ...first, downloaded: false });
    expect(server.requests).toHaveLength(2);
    expect(warnings).toEqual([]);
  });

  test("an absolute archive URL in the index is followed; each version is kept apart", async () => {
    const older = await fetchChart("0.16.0");
    const newer = await fetchChart("0.16.1");
    expect(fs.readFileSync(older.path).equals(OLDER)).toBe(true);
    expect(path.dirname(older.path)).not.toBe(path.dirname(newer.path));
    expect(server.requests).toEqual([
      "/metallb/index.yaml",
      "/releases/metallb-0.16.0.tgz",
      "/metallb/index.yaml",
      "/metallb/metallb-0.16.1.tgz",
    ]);
  });

  test("one run reads the index once for every chart and version it needs", async () => {
    const run = new ChartCache(METALLB_CHART_ORIGIN, options());
    await Promise.all([run.chart(repo(), "metallb", "0.16.1"), run.chart(repo(), "metallb", "0.16.0")]);
    await run.chart(repo(), "metallb", "0.16.1");
    expect(server.requests.filter((r) => r === "/metallb/index.yaml")).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
  });

  test("a tampered archive is downloaded again, with a warning", async () => {
    const first = await fetchChart();
    fs.writeFileSync(first.path, Buffer.concat([ARCHIVE, Buffer.from("tampered")]));
    const again = await fetchChart();
    expect(again).toEqual({ ...first, downloaded: true });
    expect(fs.readFileSync(again.path).equals(ARCHIVE)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `The cached copy of chart metallb 0.16.1 from ${repo()} in ${path.dirname(first.path)} was damaged (its SHA-256 is`,
    );
  });

  test("offline, a tampered archive is refused with the entry, the key and the fix; nothing is changed", async () => {
    const first = await fetchChart();
    fs.writeFileSync(first.path, "tampered");
    await server.stop();
    await expect(fetchChart()).rejects.toThrow(
      `istio-sandbox:metallbChartRepo: the cached copy of chart metallb 0.16.1 from ${repo()} in ${path.dirname(first.path)} is damaged (its SHA-256 is ${sha256Hex(Buffer.from("tampered"))}, but ${sha256Hex(ARCHIVE)} was recorded when it was downloaded), and it could not be downloaded again (fetch failed: ECONNREFUSED). Nothing was changed.`,
    );
    expect(fs.readFileSync(first.path, "utf8")).toBe("tampered");
  });

  test("offline with nothing cached: the key, and the fix (a network run, a local directory, a mirror)", async () => {
    await server.stop();
    await expect(fetchChart()).rejects.toThrow(
      `istio-sandbox:metallbChartRepo: could not download chart metallb 0.16.1 from ${repo()} (fetch failed: ECONNREFUSED), and it is not cached in ${cache.dir} yet. Fix: run once with network access (the chart is then kept for offline use), or set istio-sandbox:metallbChartRepo to a local directory holding the unpacked chart at <dir>/metallb (helm pull metallb --repo ${repo()} --version 0.16.1 --untar --untardir <dir>; then pulumi config set metallbChartRepo <dir>), or to a mirror of the repository`,
    );
    expect(fs.readdirSync(cache.dir)).toEqual([]);
  });

  test("an archive that does not match the index's digest is refused and not kept", async () => {
    server.serve(
      "/metallb/index.yaml",
      repositoryIndex([
        {
          chart: "metallb",
          version: "0.16.1",
          url: "metallb-0.16.1.tgz",
          archive: ARCHIVE,
          digest: "ab".repeat(32),
        },
      ]),
    );
    await expect(fetchChart()).rejects.toThrow(
      `istio-sandbox:metallbChartRepo: the archive of chart metallb 0.16.1 downloaded from ${server.url("/metallb/metallb-0.16.1.tgz")} has SHA-256 ${sha256Hex(ARCHIVE)}, but ${repo()}/index.yaml lists ${"ab".repeat(32)}; nothing was cached.`,
    );
    expect(fs.readdirSync(cache.dir)).toEqual([]);
  });

  test("a version the index does not list names metallbChartVersion and the versions it has", async () => {
    await expect(fetchChart("0.15.9")).rejects.toThrow(
      `istio-sandbox:metallbChartVersion: the repository ${repo()} (istio-sandbox:metallbChartRepo) has no metallb chart at version 0.15.9 (it lists 0.16.1, 0.16.0, …); nothing was cached. Fix: set istio-sandbox:metallbChartVersion to a published version, or point istio-sandbox:metallbChartRepo at a mirror that has it`,
    );
  });

  test("a chart the index does not list, a repository without an index, a page that is no archive", async () => {
    await expect(fetchChart("0.16.1", "frr-k8s")).rejects.toThrow(
      `istio-sandbox:metallbChartRepo: the repository ${repo()} has no chart named frr-k8s; nothing was cached.`,
    );
    await expect(
      new ChartCache(METALLB_CHART_ORIGIN, options()).chart(server.url("/nowhere"), "metallb", "0.16.1"),
    ).rejects.toThrow(
      `istio-sandbox:metallbChartRepo: ${server.url("/nowhere/index.yaml")} answered HTTP 404, so ${server.url("/nowhere")} is not a Helm chart repository; nothing was cached.`,
    );
    server.serve("/metallb/metallb-0.16.1.tgz", "<html>Please sign in</html>");
    await expect(fetchChart()).rejects.toThrow(
      `istio-sandbox:metallbChartRepo: ${server.url("/metallb/metallb-0.16.1.tgz")} did not answer with a chart archive (not gzip data; a proxy or login page may have answered instead); nothing was cached.`,
    );
    server.serve("/metallb/index.yaml", "<html>Please sign in</html>");
    await expect(fetchChart()).rejects.toThrow(
      `istio-sandbox:metallbChartRepo: ${repo()}/index.yaml is not a Helm repository index (no \`entries\` map; a proxy or login page may have answered instead)`,
    );
    expect(fs.readdirSync(cache.dir)).toEqual([]);
  });

  test("an index without digests: the archive is kept with its own checksum, and a warning says so", async () => {
    server.serve(
      "/metallb/index.yaml",
      repositoryIndex([
        { chart: "metallb", version: "0.16.1", url: "metallb-0.16.1.tgz", archive: ARCHIVE, digest: null },
      ]),
    );
    const first = await fetchChart();
    expect(first.sha256).toBe(sha256Hex(ARCHIVE));
    expect(warnings).toEqual([
      `${repo()}/index.yaml lists no digest for chart metallb 0.16.1; the archive was kept with the SHA-256 it had when downloaded (${sha256Hex(ARCHIVE)}).`,
    ]);
  });

  test("Istio's messages name istioChartRepo and istioVersion", async () => {
    await expect(
      new ChartCache(ISTIO_CHART_ORIGIN, options()).chart(repo(), "metallb", "1.31.9"),
    ).rejects.toThrow("istio-sandbox:istioVersion: the repository");
    await server.stop();
    await expect(
      new ChartCache(ISTIO_CHART_ORIGIN, options()).chart(repo(), "istiod", "1.31.1"),
    ).rejects.toThrow(
      "or set istio-sandbox:istioChartRepo to a local directory holding each chart unpacked at <dir>/<chart>",
    );
  });
});

describe("a release's chart source", () => {
  test("a local directory: <dir>/<chart>, read where it is, nothing cached", () => {
    const cache = emptyCacheDir();
    try {
      const source = chartSources("/srv/charts", METALLB_CHART_ORIGIN, { dir: cache.dir });
      expect(source("metallb", "0.16.1")).toEqual({ chart: "/srv/charts/metallb" });
      expect(fs.readdirSync(cache.dir)).toEqual([]);
    } finally {
      cache.remove();
    }
  });

  test("a repository: the kept archive's path, and no repositoryOpts", async () => {
    const server = await startSourceServer({ "/charts/istiod-1.31.1.tgz": chartArchive("istiod", "1.31.1") });
    server.serve(
      "/charts/index.yaml",
      repositoryIndex([
        {
          chart: "istiod",
          version: "1.31.1",
          url: "istiod-1.31.1.tgz",
          archive: chartArchive("istiod", "1.31.1"),
        },
      ]),
    );
    const cache = emptyCacheDir();
    try {
      const source = chartSources(server.url("/charts"), ISTIO_CHART_ORIGIN, { dir: cache.dir })(
        "istiod",
        "1.31.1",
      );
      expect(Object.keys(source)).toEqual(["chart"]);
      const { value } = await resolve(source.chart);
      expect(value.startsWith(cache.dir)).toBe(true);
      expect(path.basename(value)).toBe("istiod-1.31.1.tgz");
    } finally {
      await server.stop();
      cache.remove();
    }
  });
});

describe("reading a repository index as Helm does", () => {
  test("archive URLs resolve against the repository taken as a directory; absolute ones stay", () => {
    expect(resolveAgainstRepository("https://charts.example/istio", "base-1.31.1.tgz")).toBe(
      "https://charts.example/istio/base-1.31.1.tgz",
    );
    expect(resolveAgainstRepository("https://charts.example/istio/", "../archive/base.tgz")).toBe(
      "https://charts.example/archive/base.tgz",
    );
    expect(resolveAgainstRepository("https://charts.example/istio?sig=1", "base.tgz")).toBe(
      "https://charts.example/istio/base.tgz?sig=1",
    );
    expect(resolveAgainstRepository("https://charts.example/istio", "https://cdn.example/base.tgz")).toBe(
      "https://cdn.example/base.tgz",
    );
  });

  test("the exact version first, a leading v aside", () => {
    const versions = [
      { version: "v1.31.1", urls: ["a.tgz"] },
      { version: "1.31.1", urls: ["b.tgz"] },
      { version: "v0.16.0", urls: ["c.tgz"] },
    ];
    expect(findChartVersion(versions, "1.31.1")?.urls).toEqual(["b.tgz"]);
    expect(findChartVersion(versions, "0.16.0")?.urls).toEqual(["c.tgz"]);
    expect(findChartVersion(versions, "0.16.1")).toBeUndefined();
  });
});
