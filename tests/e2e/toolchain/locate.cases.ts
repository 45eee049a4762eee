import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cacheDir, canonicalJson, versionsHash } from "../../../tools/e2e/toolchain/cache";
import { locateToolchain, parseToolchainFile, statusProblems } from "../../../tools/e2e/toolchain/locate";
import type { PinnedVersions } from "../../../tools/e2e/toolchain/versions";

const pinned: PinnedVersions = {
  toolchain: {
    pulumi: "3.248.0",
    providers: { kubernetes: "4.34.2", tls: "5.6.1", command: "1.2.1" },
    kubernetes: "1.34.8",
    etcd: "3.6.16",
    kwok: "0.8.0",
    istioctl: "1.31.1",
    metallb: "0.16.1",
  },
  gatewayApi: "1.6.1",
  helm: "3.19.5",
};

const toolchainFile = {
  dir: "/c",
  bin: "/c/bin",
  pulumiHome: "/c/pulumi-home",
  versions: pinned.toolchain,
  sources: {
    istioCharts: "/m/istio/manifests/charts",
    istioAddons: "/m/istio/samples/addons",
    metallbChart: "/m/metallb/charts/metallb",
    gatewayApiCrds: "/m/gateway-api/config/crd/standard",
  },
};

describe("cache path", () => {
  it("hashes the versions into a directory under ~/.cache", () => {
    expect(cacheDir(pinned, {}, "/home/u")).toMatch(/^\/home\/u\/\.cache\/istio-sandbox-e2e\/[0-9a-f]{12}$/);
  });

  it("does not depend on key order", () => {
    const reordered = {
      helm: "3.19.5",
      gatewayApi: "1.6.1",
      toolchain: { ...pinned.toolchain },
    } as PinnedVersions;
    expect(versionsHash(reordered)).toBe(versionsHash(pinned));
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it("changes with any version", () => {
    const bumped = { ...pinned, toolchain: { ...pinned.toolchain, etcd: "3.6.17" } };
    expect(versionsHash(bumped)).not.toBe(versionsHash(pinned));
  });

  it("takes the environment variable as the whole directory", () => {
    expect(cacheDir(pinned, { ISTIO_SANDBOX_E2E_CACHE: "/srv/e2e/" }, "/home/u")).toBe("/srv/e2e/");
  });

  it("rejects a relative override, naming the variable", () => {
    expect(() => cacheDir(pinned, { ISTIO_SANDBOX_E2E_CACHE: "cache" }, "/home/u")).toThrow(
      'ISTIO_SANDBOX_E2E_CACHE must be an absolute path, got "cache"',
    );
  });
});

describe("locateToolchain", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "toolchain-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("tells the user to run npm run e2e:tools when nothing was built", () => {
    expect(() => locateToolchain({ env: { ISTIO_SANDBOX_E2E_CACHE: dir } })).toThrow(
      `no e2e toolchain for the pinned versions at ${dir}: run \`npm run e2e:tools\` first`,
    );
  });

  it("reads toolchain.json from the cache directory", () => {
    fs.writeFileSync(path.join(dir, "toolchain.json"), JSON.stringify(toolchainFile));
    expect(locateToolchain({ env: { ISTIO_SANDBOX_E2E_CACHE: dir } })).toEqual({
      ...toolchainFile,
      binaries: {},
    });
  });

  it("keeps each binary's path, version and origin", () => {
    const binaries = {
      pulumi: { path: "/usr/local/bin/pulumi", version: "3.248.0", origin: "installed", wanted: "3.248.0" },
      istioctl: {
        path: "/c/bin/istioctl",
        version: "1.31-eed52ebb66ad",
        origin: "substitute",
        wanted: "1.31.1",
        substitute: "no 1.31.1 tag",
      },
    };
    fs.writeFileSync(path.join(dir, "toolchain.json"), JSON.stringify({ ...toolchainFile, binaries }));
    expect(locateToolchain({ env: { ISTIO_SANDBOX_E2E_CACHE: dir } }).binaries).toEqual(binaries);
    expect(() => parseToolchainFile({ ...toolchainFile, binaries: [] }, "t.json")).toThrow(
      't.json: "binaries" is not an object',
    );
  });

  it("names what the last build could not provide, an installed plugin of another version included", () => {
    fs.writeFileSync(
      path.join(dir, "build-status.json"),
      JSON.stringify({
        results: [
          { item: "kubectl", status: "built", at: "t" },
          {
            item: "pulumi-resource-kubernetes",
            status: "failed",
            error: "no version of github.com/pulumi/pulumi-kubernetes/provider/v4 could be had\nmore",
            note: "installed kubernetes plugin 4.33.0 in /h differs from @pulumi/kubernetes 4.34.2",
            at: "t",
          },
        ],
      }),
    );
    expect(statusProblems(path.join(dir, "build-status.json"))).toEqual([
      "pulumi-resource-kubernetes: installed kubernetes plugin 4.33.0 in /h differs from @pulumi/kubernetes 4.34.2",
      "pulumi-resource-kubernetes: failed: no version of github.com/pulumi/pulumi-kubernetes/provider/v4 could be had",
    ]);
    expect(() => locateToolchain({ env: { ISTIO_SANDBOX_E2E_CACHE: dir } })).toThrow(
      /The last run says:\npulumi-resource-kubernetes: installed kubernetes plugin 4\.33\.0/,
    );
  });

  it("rejects a damaged file with the fix", () => {
    fs.writeFileSync(path.join(dir, "toolchain.json"), "{");
    expect(() => locateToolchain({ env: { ISTIO_SANDBOX_E2E_CACHE: dir } })).toThrow("is not valid JSON");
  });

  it("names a missing source", () => {
    const sources: Partial<typeof toolchainFile.sources> = { ...toolchainFile.sources };
    delete sources.istioAddons;
    expect(() => parseToolchainFile({ ...toolchainFile, sources }, "t.json")).toThrow(
      't.json: "istioAddons" is missing; re-run `npm run e2e:tools`',
    );
  });
});
