/** Parsers for the version lines the CLIs print. Each returns undefined when the text is unrecognised. */

export interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As printed, without a leading `v`, e.g. `1.30.3` or `1.30.0-beta.1`. */
  readonly text: string;
}

const SEMVER = /v?(\d+)\.(\d+)\.(\d+)([-+][0-9A-Za-z.+-]*)?/;

export function parseSemver(text: string): Semver | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    text: `${match[1]}.${match[2]}.${match[3]}${match[4] ?? ""}`,
  };
}

export function compareSemver(a: Semver, b: Pick<Semver, "major" | "minor" | "patch">): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** `k3d version` prints `k3d version v5.8.3` then `k3s version v1.31.5-k3s1 (default)`. */
export function parseK3dVersion(stdout: string): Semver | undefined {
  const line = /^k3d version\s+(\S+)/m.exec(stdout);
  return line ? parseSemver(line[1]) : undefined;
}

/** `pulumi version` prints one line such as `v3.192.0`. */
export function parsePulumiVersion(stdout: string): Semver | undefined {
  const line = /^\s*v?(\d+\.\d+\.\d+\S*)\s*$/m.exec(stdout);
  return line ? parseSemver(line[1]) : undefined;
}

/**
 * `istioctl version --remote=false` prints `client version: 1.31.1` on every current release; a bare
 * version line and the older `version.BuildInfo{Version:"1.31.1", ...}` long form are accepted too.
 * https://github.com/istio/istio/blob/master/pkg/version/cobra.go
 */
export function parseIstioctlVersion(stdout: string): Semver | undefined {
  const labelled = /^\s*client version:\s*(\S+)/im.exec(stdout);
  if (labelled) return parseSemver(labelled[1]);
  const buildInfo = /Version:"([^"]+)"/.exec(stdout);
  if (buildInfo) return parseSemver(buildInfo[1]);
  const bare = /^\s*v?(\d+\.\d+\.\d+\S*)\s*$/m.exec(stdout);
  return bare ? parseSemver(bare[1]) : undefined;
}
