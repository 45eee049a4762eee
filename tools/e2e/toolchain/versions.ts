/**
 * The pinned e2e toolchain versions: the cluster tools from tools/e2e/versions.json, the Pulumi engine
 * and providers from package-lock.json, so that the engine and the npm SDKs always agree.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Exactly the report's `toolchain` object (see tools/e2e/toolchain/locate.ts). */
export interface ToolchainVersions {
  readonly pulumi: string;
  readonly providers: { readonly kubernetes: string; readonly tls: string; readonly command: string };
  readonly kubernetes: string;
  readonly etcd: string;
  readonly kwok: string;
  readonly istioctl: string;
  readonly metallb: string;
}

/** Everything the build pins: the toolchain plus the source modules whose files the lane reads. */
export interface PinnedVersions {
  readonly toolchain: ToolchainVersions;
  readonly gatewayApi: string;
  /** The Helm CLI that renders the program's charts in `npm run e2e:objects`. */
  readonly helm: string;
}

/** The keys tools/e2e/versions.json must hold, each a plain release version without a leading `v`. */
export const VERSION_FILE_KEYS = [
  "kubernetes",
  "etcd",
  "kwok",
  "istioctl",
  "metallb",
  "gatewayApi",
  "helm",
] as const;
type VersionFileKey = (typeof VERSION_FILE_KEYS)[number];
export type VersionFile = Readonly<Record<VersionFileKey, string>>;

/** The npm package whose locked version pins each Pulumi piece. */
export const LOCKFILE_PACKAGES = {
  pulumi: "@pulumi/pulumi",
  kubernetes: "@pulumi/kubernetes",
  tls: "@pulumi/tls",
  command: "@pulumi/command",
} as const;

const RELEASE = /^\d+\.\d+\.\d+$/;

/** Repository root: this file sits at tools/e2e/toolchain/. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const VERSION_FILE = path.join(REPO_ROOT, "tools", "e2e", "versions.json");
export const LOCKFILE = path.join(REPO_ROOT, "package-lock.json");

/** Validates the parsed versions file; `source` names the file in errors. */
export function parseVersionFile(value: unknown, source: string): VersionFile {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${source} must be a JSON object of versions, e.g. {"kubernetes": "1.34.8", ...}`);
  const record = value as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter(
    (key) => !(VERSION_FILE_KEYS as readonly string[]).includes(key),
  );
  if (unknownKeys.length > 0)
    throw new Error(
      `${source}: unknown key(s) ${unknownKeys.join(", ")}; accepted: ${VERSION_FILE_KEYS.join(", ")}`,
    );
  const out: Partial<Record<VersionFileKey, string>> = {};
  for (const key of VERSION_FILE_KEYS) {
    const version = record[key];
    if (typeof version !== "string" || !RELEASE.test(version))
      throw new Error(
        `${source}: "${key}" must be a release version like "1.2.3" (no leading v), got ${JSON.stringify(version)}`,
      );
    out[key] = version;
  }
  return out as VersionFile;
}

/** The exact version the lockfile installed for an npm package (not the range package.json asks for). */
export function lockedVersion(lockfile: unknown, pkg: string): string {
  const packages = (lockfile as { packages?: Record<string, { version?: unknown }> } | null)?.packages;
  if (typeof packages !== "object" || packages === null)
    throw new Error(
      'package-lock.json has no "packages" map: regenerate it with npm 7 or later (npm install)',
    );
  const version = packages[`node_modules/${pkg}`]?.version;
  if (typeof version !== "string" || !RELEASE.test(version))
    throw new Error(`package-lock.json does not lock ${pkg} to a release version: run npm install`);
  return version;
}

/** Combines the versions file and the lockfile into the pinned versions. */
export function selectVersions(versionFile: VersionFile, lockfile: unknown): PinnedVersions {
  return {
    toolchain: {
      pulumi: lockedVersion(lockfile, LOCKFILE_PACKAGES.pulumi),
      providers: {
        kubernetes: lockedVersion(lockfile, LOCKFILE_PACKAGES.kubernetes),
        tls: lockedVersion(lockfile, LOCKFILE_PACKAGES.tls),
        command: lockedVersion(lockfile, LOCKFILE_PACKAGES.command),
      },
      kubernetes: versionFile.kubernetes,
      etcd: versionFile.etcd,
      kwok: versionFile.kwok,
      istioctl: versionFile.istioctl,
      metallb: versionFile.metallb,
    },
    gatewayApi: versionFile.gatewayApi,
    helm: versionFile.helm,
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Reads tools/e2e/versions.json and package-lock.json from the repository. */
export function readPinnedVersions(root: string = REPO_ROOT): PinnedVersions {
  const versionFile = path.join(root, "tools", "e2e", "versions.json");
  return selectVersions(
    parseVersionFile(readJson(versionFile), versionFile),
    readJson(path.join(root, "package-lock.json")),
  );
}
