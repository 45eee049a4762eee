/** Where the e2e toolchain lives: one directory per set of pinned versions, outside the repository. */
import { createHash } from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import type { PinnedVersions } from "./versions";

/** Overrides the whole cache directory (the versions hash is then not appended). */
export const CACHE_ENV = "ISTIO_SANDBOX_E2E_CACHE";

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Twelve hex digits of the SHA-256 of the pinned versions: a new pin gets a fresh directory. */
export function versionsHash(pinned: PinnedVersions): string {
  return createHash("sha256").update(canonicalJson(pinned)).digest("hex").slice(0, 12);
}

/** `$ISTIO_SANDBOX_E2E_CACHE` if set, else `~/.cache/istio-sandbox-e2e/<hash>`. */
export function cacheDir(
  pinned: PinnedVersions,
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
): string {
  const override = env[CACHE_ENV];
  if (override !== undefined && override !== "") {
    if (!path.isAbsolute(override))
      throw new Error(`${CACHE_ENV} must be an absolute path, got "${override}"`);
    return path.normalize(override);
  }
  return path.join(home, ".cache", "istio-sandbox-e2e", versionsHash(pinned));
}

/** The fixed layout inside the cache directory (see the README's e2e toolchain section). */
export function cacheLayout(dir: string) {
  return {
    dir,
    bin: path.join(dir, "bin"),
    pulumiHome: path.join(dir, "pulumi-home"),
    /** Wrapper modules and build directories, generated from the versions; never in the repository. */
    work: path.join(dir, "work"),
    /** Build logs, one per binary, for the exact `go` error of a failed build. */
    logs: path.join(dir, "logs"),
    /** Written last by `npm run e2e:tools`: its presence means the build completed. */
    toolchainFile: path.join(dir, "toolchain.json"),
    /** Written after every run: what was built, skipped or failed, and why. */
    statusFile: path.join(dir, "build-status.json"),
  } as const;
}
