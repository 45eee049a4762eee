/**
 * What the hosted CI workflow (.github/workflows/ci.yml) reads from the repository: the stack files
 * the lane job runs over, and the versions the Pulumi CLI and its plugins are installed at, so the
 * workflow names none of them itself.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../lane/stack-config";
import type { PinnedVersions } from "../toolchain/versions";

/** Every `Pulumi.<stack>.yaml` at the repository root, by stack name, sorted. */
export function stackNames(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/** `pulumi plugin install` arguments for each resource plugin, at the lockfile's versions. */
export function pluginInstallArgs(pinned: PinnedVersions): string[][] {
  return Object.entries(pinned.toolchain.providers).map(([name, version]) => [
    "plugin",
    "install",
    "resource",
    name,
    version,
  ]);
}

/**
 * `key=value` lines for $GITHUB_OUTPUT: the stacks (a JSON list, for the lane job's matrix), the
 * CLI's and the plugins' versions, and the istioctl release the dev stack installs.
 */
export function ciOutputs(root: string, pinned: PinnedVersions): string[] {
  const dev = readStackFile(path.join(root, "Pulumi.dev.yaml"));
  return [
    `stacks=${JSON.stringify(stackNames(root))}`,
    `pulumi=${pinned.toolchain.pulumi}`,
    ...Object.entries(pinned.toolchain.providers).map(([name, version]) => `${name}=${version}`),
    `istio=${dev.config.istio.version}`,
  ];
}
