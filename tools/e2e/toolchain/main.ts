/**
 * `npm run e2e:tools`: the pinned e2e toolchain, from an installed Pulumi where its versions fit and
 * from Go modules for the rest (see the README).
 */
import * as os from "node:os";
import { parseToolsArgs, USAGE } from "./args";
import { buildToolchain } from "./build";
import { cacheDir, cacheLayout } from "./cache";
import { runGo } from "./go";
import { discoverInstalled, type InstalledPulumi } from "./installed";
import { progressLine } from "./progress";
import { goRecipes, sourceRecipes } from "./recipes";
import { readPinnedVersions } from "./versions";

/** One line on what this machine has, before anything is built. */
function installedLine(found: InstalledPulumi): string {
  const plugins = found.plugins.map((p) => `${p.name} ${p.version}`).join(", ") || "none";
  return (
    `installed: pulumi ${found.cli === undefined ? "not on PATH" : `${found.cli.version} at ${found.cli.path}`}; ` +
    `pulumi-language-nodejs ${found.languageHost?.path ?? "not found"}; resource plugins (${found.listing}): ${plugins}`
  );
}

async function main(): Promise<number> {
  const pinned = readPinnedVersions();
  const recipes = goRecipes(pinned);
  const sources = sourceRecipes(pinned);
  const steps = [...sources.map((s) => s.name), ...recipes.map((r) => r.name)];
  const args = parseToolsArgs(process.argv.slice(2), steps);
  if (args.help) {
    console.log(`${USAGE}\nsteps: ${steps.join(", ")}`);
    return 0;
  }
  const dir = cacheDir(pinned);
  console.log(`e2e toolchain: ${dir}`);
  const installed = discoverInstalled({ env: process.env, home: os.homedir() });
  console.log(installedLine(installed));
  const started = Date.now();
  const pick = <T extends { name: string }>(list: readonly T[]) =>
    args.only === undefined ? list : list.filter((x) => args.only?.includes(x.name));
  const summary = await buildToolchain(
    {
      dir,
      pinned,
      go: runGo,
      env: { ...process.env, GOWORK: "off", GOFLAGS: "-mod=mod" },
      rebuild: args.rebuild,
      report: (result) => console.log(progressLine(result)),
      installed,
    },
    pick(recipes),
    pick(sources),
  );
  const failed = summary.results.filter((r) => r.status === "failed" || r.status === "skipped");
  const total = ((Date.now() - started) / 1000).toFixed(1);
  const layout = cacheLayout(dir);
  if (summary.toolchain !== undefined) {
    console.log(`done in ${total}s: ${layout.toolchainFile}`);
    return 0;
  }
  if (args.only !== undefined && failed.length === 0) {
    console.log(`done in ${total}s (toolchain.json is written only by a full run)`);
    return 0;
  }
  console.error(
    `${failed.length} item(s) not built (in ${total}s); details in ${layout.statusFile} and ${layout.logs}. ` +
      "toolchain.json was not written, so the e2e lane will not start.",
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
