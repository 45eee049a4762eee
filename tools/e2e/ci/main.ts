/**
 * `ts-node tools/e2e/ci/main.ts outputs|install-plugins`: the hosted CI workflow's view of the pins.
 * `outputs` prints `key=value` lines for $GITHUB_OUTPUT; `install-plugins` installs the kubernetes,
 * tls and command plugins at package-lock.json's versions with the `pulumi` on PATH.
 */
import { spawnSync } from "node:child_process";
import { readPinnedVersions, REPO_ROOT } from "../toolchain/versions";
import { ciOutputs, pluginInstallArgs } from "./pins";

function main(argv: readonly string[]): number {
  const pinned = readPinnedVersions(REPO_ROOT);
  if (argv[0] === "outputs" && argv.length === 1) {
    for (const line of ciOutputs(REPO_ROOT, pinned)) console.log(line);
    return 0;
  }
  if (argv[0] === "install-plugins" && argv.length === 1) {
    for (const args of pluginInstallArgs(pinned)) {
      console.log(`$ pulumi ${args.join(" ")}`);
      const run = spawnSync("pulumi", [...args, "--non-interactive"], { stdio: "inherit" });
      if (run.status !== 0) {
        console.error(`pulumi ${args.join(" ")} failed (${run.error?.message ?? `exit ${run.status}`})`);
        return 1;
      }
    }
    return 0;
  }
  console.error("usage: ts-node tools/e2e/ci/main.ts outputs|install-plugins");
  return 2;
}

process.exit(main(process.argv.slice(2)));
