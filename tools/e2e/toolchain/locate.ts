/**
 * Finds the e2e toolchain that `npm run e2e:tools` built for the pinned versions. Contract shared with
 * the e2e lane: `locateToolchain()` and the `Toolchain` type.
 */
import * as fs from "node:fs";
import { cacheDir, cacheLayout } from "./cache";
import type { ToolchainVersions } from "./versions";
import { readPinnedVersions, REPO_ROOT } from "./versions";

export type { ToolchainVersions } from "./versions";

/** Directories inside the Go module cache that the lane hands to the program as offline sources. */
export interface ToolchainSources {
  /** `<istio.io/istio module>/manifests/charts` (not laid out as `<dir>/<chart>`: the lane maps names). */
  readonly istioCharts: string;
  /** `<istio.io/istio module>/samples/addons`. */
  readonly istioAddons: string;
  /** `<go.universe.tf/metallb module>/charts/metallb`. */
  readonly metallbChart: string;
  /** `<sigs.k8s.io/gateway-api module>/config/crd/standard`. */
  readonly gatewayApiCrds: string;
}

/** Where one executable of the toolchain comes from. */
export interface BinaryRecord {
  readonly path: string;
  /** The version it reports. */
  readonly version: string;
  /** Built from its Go module, found installed on this machine, or built from another version in its place. */
  readonly origin: "built" | "installed" | "substitute";
  /** The version the pins ask for (versions.json or package-lock.json). */
  readonly wanted: string;
  /** For a substitute: what it is and why. */
  readonly substitute?: string;
  /** What the reader must know about it, e.g. a version that differs from the pin. */
  readonly note?: string;
}

/** The contents of `<cache>/toolchain.json`. */
export interface Toolchain {
  /** The cache directory. */
  readonly dir: string;
  /** Every built executable: pulumi, pulumi-language-nodejs, kube-*, kubectl, etcd, kwok, kwokctl, ... */
  readonly bin: string;
  /** A PULUMI_HOME with the kubernetes, tls and command resource plugins installed. */
  readonly pulumiHome: string;
  readonly versions: ToolchainVersions;
  readonly sources: ToolchainSources;
  /** Each executable's path, version and origin, by name; empty in a file written before they were recorded. */
  readonly binaries: Readonly<Record<string, BinaryRecord>>;
}

export interface LocateOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
  /** Repository root whose versions file and lockfile pick the cache directory. */
  readonly root?: string;
}

function requireString(record: Record<string, unknown>, key: string, file: string): string {
  const value = record[key];
  if (typeof value !== "string" || value === "")
    throw new Error(`${file}: "${key}" is missing; re-run \`npm run e2e:tools\``);
  return value;
}

/** Checks the parsed toolchain.json enough that the lane fails here, not deep inside a step. */
export function parseToolchainFile(value: unknown, file: string): Toolchain {
  if (typeof value !== "object" || value === null)
    throw new Error(`${file} is not a JSON object; delete it and re-run \`npm run e2e:tools\``);
  const record = value as Record<string, unknown>;
  const sources = record.sources;
  if (typeof sources !== "object" || sources === null)
    throw new Error(`${file}: "sources" is missing; re-run \`npm run e2e:tools\``);
  const src = sources as Record<string, unknown>;
  if (typeof record.versions !== "object" || record.versions === null)
    throw new Error(`${file}: "versions" is missing; re-run \`npm run e2e:tools\``);
  const binaries = record.binaries;
  if (
    binaries !== undefined &&
    (typeof binaries !== "object" || binaries === null || Array.isArray(binaries))
  )
    throw new Error(`${file}: "binaries" is not an object; re-run \`npm run e2e:tools\``);
  return {
    dir: requireString(record, "dir", file),
    bin: requireString(record, "bin", file),
    pulumiHome: requireString(record, "pulumiHome", file),
    versions: record.versions as ToolchainVersions,
    sources: {
      istioCharts: requireString(src, "istioCharts", file),
      istioAddons: requireString(src, "istioAddons", file),
      metallbChart: requireString(src, "metallbChart", file),
      gatewayApiCrds: requireString(src, "gatewayApiCrds", file),
    },
    binaries: (binaries ?? {}) as Record<string, BinaryRecord>,
  };
}

/**
 * What the last `npm run e2e:tools` could not provide, one line per item, from build-status.json:
 * the notes (an installed plugin of another version) and the items that failed.
 */
export function statusProblems(statusFile: string): string[] {
  let results: { item?: string; status?: string; note?: string; error?: string }[];
  try {
    results = (JSON.parse(fs.readFileSync(statusFile, "utf8")) as { results?: typeof results }).results ?? [];
  } catch {
    return [];
  }
  return results.flatMap((r) => {
    const lines = r.note === undefined ? [] : [`${r.item}: ${r.note}`];
    if (r.status === "failed" || r.status === "skipped")
      lines.push(`${r.item}: ${r.status}: ${(r.error ?? "").split("\n")[0]}`);
    return lines;
  });
}

/** Reads `<cache>/toolchain.json`; throws telling the user to run `npm run e2e:tools` when it is absent. */
export function locateToolchain(options: LocateOptions = {}): Toolchain {
  const dir = cacheDir(readPinnedVersions(options.root ?? REPO_ROOT), options.env, options.home);
  const file = cacheLayout(dir).toolchainFile;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    const problems = statusProblems(cacheLayout(dir).statusFile);
    throw new Error(
      `no e2e toolchain for the pinned versions at ${dir}: run \`npm run e2e:tools\` first ` +
        `(it takes an installed Pulumi CLI and plugins where their versions fit, and builds the rest from Go ` +
        `modules; see ${cacheLayout(dir).statusFile} for what a previous run could not build)` +
        (problems.length === 0 ? "" : `. The last run says:\n${problems.join("\n")}`),
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); re-run \`npm run e2e:tools\``);
  }
  return parseToolchainFile(parsed, file);
}
