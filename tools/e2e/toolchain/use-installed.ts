/**
 * Which installed Pulumi piece stands in for which build, and which cannot: the engine loads a
 * resource plugin only at the exact version the npm SDK names, so a plugin of another version is
 * named and not used.
 */
import type { InstalledPulumi } from "./installed";
import type { GoRecipe } from "./recipes";

export interface InstalledChoice {
  /** The installed executable that replaces the recipe's build, when there is one. */
  readonly use?: {
    readonly path: string;
    readonly version: string;
    /** A resource plugin's directory, linked into the toolchain's PULUMI_HOME. */
    readonly pluginDir?: string;
  };
  /** What the progress line, build-status.json and the lane say about it (a version that differs). */
  readonly note?: string;
}

/** -1, 0 or 1 for release versions `a.b.c`; undefined when either is not one. */
export function compareReleases(a: string, b: string): number | undefined {
  const parse = (v: string) => /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number);
  const [x, y] = [parse(a), parse(b)];
  if (x === undefined || y === undefined) return undefined;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/**
 * The CLI (and the language host released with it) serves an older SDK, but an SDK newer than the
 * CLI may ask for features the engine lacks (deletedWith, which the program uses, among them), so a
 * CLI older than `@pulumi/pulumi` is not used.
 */
function cliChoice(what: string, path: string, version: string, wanted: string): InstalledChoice {
  const order = compareReleases(version, wanted);
  if (order === undefined || order < 0)
    return {
      note:
        `installed ${what} ${version} at ${path} is older than @pulumi/pulumi ${wanted} in package-lock.json ` +
        `(or says no version): the SDK may ask it for features it lacks, so it is not used`,
    };
  return {
    use: { path, version },
    ...(order === 0
      ? {}
      : {
          note: `installed ${what} ${version} differs from @pulumi/pulumi ${wanted} in package-lock.json; used, being newer`,
        }),
  };
}

/** What the installed pieces offer for one recipe; an empty choice for the recipes they do not cover. */
export function installedFor(recipe: GoRecipe, installed: InstalledPulumi): InstalledChoice {
  if (recipe.name === "pulumi")
    return installed.cli === undefined
      ? {}
      : cliChoice("pulumi", installed.cli.path, installed.cli.version, recipe.version);
  if (recipe.name === "pulumi-language-nodejs") {
    const host = installed.languageHost;
    if (host === undefined) return {};
    if (host.besideCli) return cliChoice("pulumi-language-nodejs", host.path, host.version, recipe.version);
    return {
      use: { path: host.path, version: host.version },
      note: `pulumi-language-nodejs found on PATH at ${host.path}, not beside the pulumi CLI: its version is not known`,
    };
  }
  const plugin = recipe.plugin;
  if (plugin === undefined) return {};
  const found = installed.plugins.filter((p) => p.name === plugin.name);
  const exact = found.find((p) => p.version === plugin.version);
  if (exact !== undefined)
    return { use: { path: exact.binary, version: exact.version, pluginDir: exact.dir } };
  if (found.length === 0) return {};
  return {
    note:
      `installed ${plugin.name} plugin ${found.map((p) => p.version).join(", ")} in ${installed.pulumiHome} ` +
      `differs from @pulumi/${plugin.name} ${plugin.version} in package-lock.json: the engine asks for exactly ` +
      `${plugin.version} (SelectCompatiblePlugin, sdk/go/common/workspace/plugins.go) and, with automatic plugin ` +
      `acquisition off as in the lane, stops with "plugin ${plugin.name} ${plugin.version} not installed"; ` +
      `so it is not used. Fix: pulumi plugin install resource ${plugin.name} ${plugin.version}`,
  };
}
