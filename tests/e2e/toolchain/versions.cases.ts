import {
  lockedVersion,
  parseVersionFile,
  readPinnedVersions,
  selectVersions,
} from "../../../tools/e2e/toolchain/versions";

const versionFile = {
  kubernetes: "1.34.8",
  etcd: "3.6.16",
  kwok: "0.8.0",
  istioctl: "1.31.1",
  metallb: "0.16.1",
  gatewayApi: "1.6.1",
  helm: "3.19.5",
};

function lockfile(versions: Record<string, string>) {
  const packages: Record<string, { version: string }> = { "": { version: "0.1.0" } };
  for (const [name, version] of Object.entries(versions)) packages[`node_modules/${name}`] = { version };
  return { lockfileVersion: 3, packages };
}

const locked = lockfile({
  "@pulumi/pulumi": "3.248.0",
  "@pulumi/kubernetes": "4.34.2",
  "@pulumi/tls": "5.6.1",
  "@pulumi/command": "1.2.1",
  // A nested copy must not be picked up in place of the top-level one.
  "policies/node_modules/@pulumi/pulumi": "3.100.0",
});

describe("version selection", () => {
  it("takes the Pulumi engine and providers from the lockfile and the rest from the versions file", () => {
    expect(selectVersions(parseVersionFile(versionFile, "v.json"), locked)).toEqual({
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
    });
  });

  it("reads the installed version, not the package.json range", () => {
    expect(lockedVersion(lockfile({ "@pulumi/tls": "5.7.0" }), "@pulumi/tls")).toBe("5.7.0");
  });

  it("names the package and the fix when the lockfile lacks it", () => {
    expect(() => lockedVersion(lockfile({}), "@pulumi/tls")).toThrow(
      "package-lock.json does not lock @pulumi/tls to a release version: run npm install",
    );
  });

  it("rejects a lockfile without a packages map", () => {
    expect(() => lockedVersion({ lockfileVersion: 1, dependencies: {} }, "@pulumi/pulumi")).toThrow(
      'package-lock.json has no "packages" map',
    );
  });

  it("rejects a version with a leading v, naming the key", () => {
    expect(() => parseVersionFile({ ...versionFile, etcd: "v3.6.16" }, "v.json")).toThrow(
      'v.json: "etcd" must be a release version like "1.2.3" (no leading v), got "v3.6.16"',
    );
  });

  it("rejects a missing key", () => {
    const rest: Partial<typeof versionFile> = { ...versionFile };
    delete rest.kwok;
    expect(() => parseVersionFile(rest, "v.json")).toThrow('v.json: "kwok" must be a release version');
  });

  it("rejects an unknown key, listing the accepted ones", () => {
    expect(() => parseVersionFile({ ...versionFile, kubectl: "1.34.8" }, "v.json")).toThrow(
      "v.json: unknown key(s) kubectl; accepted: kubernetes, etcd, kwok, istioctl, metallb, gatewayApi, helm",
    );
  });

  it("rejects a file that is not an object", () => {
    expect(() => parseVersionFile(["1.34.8"], "v.json")).toThrow("v.json must be a JSON object of versions");
  });

  it("reads the repository's own files, with the Pulumi engine matching the npm SDK", () => {
    const pinned = readPinnedVersions();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/pulumi/package.json") as { version: string };
    expect(pinned.toolchain.pulumi).toBe(sdk.version);
  });
});
