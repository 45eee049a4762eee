/**
 * The source cache, for real: downloads from an HTTP server on the loopback address into a fresh
 * directory, then runs with that server stopped; damaged copies; and the messages of every failure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cachedSource,
  entryDir,
  manifestProblem,
  sha256,
  sourceCacheDir,
  type SourceOrigin,
} from "../../components/sources";
import { emptyCacheDir, type SourceServer, startSourceServer } from "../harness/source-server";

const MANIFEST = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: kiali\n";
const ORIGIN: SourceOrigin = {
  key: "addonsSource",
  versionKey: "istioVersion",
  version: "1.31.1",
  instead: "a local copy (pulumi config set addonsSource /srv/addons)",
};

describe("the source cache", () => {
  let server: SourceServer;
  let cache: ReturnType<typeof emptyCacheDir>;
  const warnings: string[] = [];
  const options = () => ({ dir: cache.dir, warn: (message: string) => warnings.push(message) });
  beforeEach(async () => {
    server = await startSourceServer({ "/istio/1.31.1/samples/addons/kiali.yaml": MANIFEST });
    cache = emptyCacheDir();
    warnings.length = 0;
  });
  afterEach(async () => {
    await server.stop();
    cache.remove();
  });
  const url = () => server.url("/istio/1.31.1/samples/addons/kiali.yaml");

  test("the first run downloads and keeps the copy with its checksum; the next runs offline", async () => {
    const first = await cachedSource(url(), ORIGIN, options());
    expect(first).toMatchObject({ text: MANIFEST, sha256: sha256(MANIFEST), downloaded: true });
    expect(path.basename(first.path)).toBe("kiali.yaml");
    expect(first.path.startsWith(cache.dir)).toBe(true);
    const record = JSON.parse(fs.readFileSync(path.join(path.dirname(first.path), "entry.json"), "utf8"));
    expect(record).toMatchObject({
      url: url(),
      version: "1.31.1",
      file: "kiali.yaml",
      sha256: sha256(MANIFEST),
    });
    expect(server.requests).toEqual(["/istio/1.31.1/samples/addons/kiali.yaml"]);

    await server.stop();
    const second = await cachedSource(url(), ORIGIN, options());
    expect(second).toEqual({ ...first, downloaded: false });
    expect(server.requests).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  test("the key is the URL and the release: another release of the same URL is downloaded again", async () => {
    await cachedSource(url(), ORIGIN, options());
    const other = await cachedSource(url(), { ...ORIGIN, version: "1.31.2" }, options());
    expect(other.downloaded).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(entryDir(cache.dir, url(), "1.31.2")).not.toBe(entryDir(cache.dir, url(), "1.31.1"));
    expect(path.basename(entryDir(cache.dir, url(), "1.31.1"))).toMatch(
      /^1\.31\.1-kiali\.yaml-[0-9a-f]{16}$/,
    );
  });

  test("a tampered copy is detected by its checksum and downloaded again, with a warning", async () => {
    const first = await cachedSource(url(), ORIGIN, options());
    fs.writeFileSync(first.path, MANIFEST.replace("kiali", "evil"));
    const again = await cachedSource(url(), ORIGIN, options());
    expect(again).toMatchObject({ text: MANIFEST, downloaded: true });
    expect(fs.readFileSync(first.path, "utf8")).toBe(MANIFEST);
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^The cached copy of ${url()} in .* was damaged \\(its SHA-256 is [0-9a-f]{64}, but ${sha256(MANIFEST)} was recorded when it was downloaded\\); it was downloaded again\\.$`,
        ),
      ),
    ]);
  });

  test("offline, a tampered copy is refused, naming the key, the entry and the fix", async () => {
    const first = await cachedSource(url(), ORIGIN, options());
    fs.appendFileSync(first.path, "# changed\n");
    await server.stop();
    const entry = path.dirname(first.path);
    await expect(cachedSource(url(), ORIGIN, options())).rejects.toThrow(
      `istio-sandbox:addonsSource: the cached copy of ${url()} in ${entry} is damaged (its SHA-256 is ${sha256(`${MANIFEST}# changed\n`)}, but ${sha256(MANIFEST)} was recorded when it was downloaded), and it could not be downloaded again (fetch failed: ECONNREFUSED). Nothing was changed. Fix: run again with network access to replace it, or delete ${entry}, or set istio-sandbox:addonsSource to a local copy (pulumi config set addonsSource /srv/addons)`,
    );
  });

  test("a copy whose file is gone, or whose record is not JSON, counts as damaged", async () => {
    const first = await cachedSource(url(), ORIGIN, options());
    fs.rmSync(first.path);
    await cachedSource(url(), ORIGIN, options());
    fs.writeFileSync(path.join(path.dirname(first.path), "entry.json"), "{");
    await cachedSource(url(), ORIGIN, options());
    expect(warnings.map((w) => /\((.*)\)/.exec(w)?.[1])).toEqual([
      "kiali.yaml is missing",
      "its entry.json is not JSON",
    ]);
  });

  test("a download that fails with nothing cached names the key and the fix", async () => {
    await server.stop();
    await expect(cachedSource(url(), ORIGIN, options())).rejects.toThrow(
      `istio-sandbox:addonsSource: could not download ${url()} (fetch failed: ECONNREFUSED), and no copy of it is cached in ${cache.dir} yet. Fix: run once with network access (the copy is then kept for offline use), or set istio-sandbox:addonsSource to a local copy (pulumi config set addonsSource /srv/addons)`,
    );
    expect(fs.readdirSync(cache.dir)).toEqual([]);
  });

  test("an HTTP error names the version key too, and caches nothing", async () => {
    await expect(cachedSource(server.url("/missing/kiali.yaml"), ORIGIN, options())).rejects.toThrow(
      `istio-sandbox:addonsSource: ${server.url("/missing/kiali.yaml")} answered HTTP 404; nothing was cached. Fix: check istio-sandbox:istioVersion (the default URL follows it), or set istio-sandbox:addonsSource to`,
    );
    expect(fs.readdirSync(cache.dir)).toEqual([]);
  });

  test("a page that is no manifest (a proxy's login page) is not cached", async () => {
    server.serve("/portal/kiali.yaml", "<html><body>Sign in</body></html>");
    await expect(cachedSource(server.url("/portal/kiali.yaml"), ORIGIN, options())).rejects.toThrow(
      "did not answer with Kubernetes manifests (no document with an apiVersion and a kind); nothing was cached. Fix: check the URL",
    );
    expect(fs.readdirSync(cache.dir)).toEqual([]);
  });

  test("a download that takes too long is given up, with the time limit in the message", async () => {
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), {
      name: "TimeoutError",
    });
    const fetch = jest.fn(() => Promise.reject(timeout));
    await expect(
      cachedSource("https://example.invalid/kiali.yaml", ORIGIN, { ...options(), fetch, timeoutMs: 60000 }),
    ).rejects.toThrow("could not download https://example.invalid/kiali.yaml (no answer within 60 s)");
    // The time limit travels as the request's abort signal.
    expect(fetch).toHaveBeenCalledWith("https://example.invalid/kiali.yaml", {
      signal: expect.any(AbortSignal),
    });
  });
});

describe("where the cache lives and what it keeps", () => {
  test("${XDG_CACHE_HOME:-~/.cache}/istio-sandbox/sources; a relative XDG_CACHE_HOME is ignored", () => {
    expect(sourceCacheDir({}, "/home/ada")).toBe("/home/ada/.cache/istio-sandbox/sources");
    expect(sourceCacheDir({ XDG_CACHE_HOME: "/var/cache/ada" }, "/home/ada")).toBe(
      "/var/cache/ada/istio-sandbox/sources",
    );
    expect(sourceCacheDir({ XDG_CACHE_HOME: "cache" }, "/home/ada")).toBe(
      "/home/ada/.cache/istio-sandbox/sources",
    );
    expect(sourceCacheDir({ XDG_CACHE_HOME: "" }, "/home/ada")).toBe(
      "/home/ada/.cache/istio-sandbox/sources",
    );
  });

  test("only YAML with Kubernetes objects passes as a manifest", () => {
    expect(manifestProblem(MANIFEST)).toBeUndefined();
    expect(manifestProblem("---\n" + MANIFEST + "---\n")).toBeUndefined();
    expect(manifestProblem("just: a map\n")).toBe("no document with an apiVersion and a kind");
    expect(manifestProblem("a: [b\n")).toMatch(/^not YAML: /);
  });
});
