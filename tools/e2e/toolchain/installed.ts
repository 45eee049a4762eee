/**
 * The Pulumi pieces this machine already has, so that `npm run e2e:tools` builds only what is missing:
 * the CLI on PATH, its Node.js language host beside it (or on PATH), and resource plugins in
 * PULUMI_HOME (default ~/.pulumi), each in `plugins/resource-<name>-v<version>/pulumi-resource-<name>`
 * (https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/plugins.go#L1318).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface InstalledBinary {
  readonly path: string;
  /** What the binary says it is, without a leading `v`; "unknown" when it cannot say. */
  readonly version: string;
}

export interface InstalledLanguageHost extends InstalledBinary {
  /** Next to the CLI's real path, where the engine looks for it first (a bundled plugin). */
  readonly besideCli: boolean;
}

export interface InstalledPlugin {
  readonly name: string;
  readonly version: string;
  /** The plugin's directory, `<PULUMI_HOME>/plugins/resource-<name>-v<version>`. */
  readonly dir: string;
  /** The executable inside it. */
  readonly binary: string;
}

export interface InstalledPulumi {
  readonly cli?: InstalledBinary;
  readonly languageHost?: InstalledLanguageHost;
  readonly plugins: readonly InstalledPlugin[];
  readonly pulumiHome: string;
  /** How the plugins were listed: `pulumi plugin ls --json`, or a scan of the plugins directory. */
  readonly listing: string;
}

/** Runs a command to completion; the tests give a fake. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
) => { readonly code: number | null; readonly stdout: string; readonly stderr: string };

export const runCommand: CommandRunner = (command, args, env) => {
  const result = spawnSync(command, [...args], { encoding: "utf8", env, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error) };
};

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on a PATH value, as a shell would find it. */
export function findOnPath(name: string, pathValue: string | undefined): string | undefined {
  for (const dir of (pathValue ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** `$PULUMI_HOME`, else `~/.pulumi` (sdk/go/common/workspace/paths.go, GetPulumiHomeDir). */
export function pulumiHomeOf(env: NodeJS.ProcessEnv, home: string): string {
  const set = env.PULUMI_HOME;
  return set !== undefined && set !== "" ? set : path.join(home, ".pulumi");
}

/**
 * A plugin directory's name as the engine reads it: `<kind>-<name>-v<version>` (pluginRegexp,
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/plugins.go#L2450).
 */
export function parsePluginDirName(
  name: string,
): { readonly kind: string; readonly name: string; readonly version: string } | undefined {
  const match = /^([a-z]+)-([a-zA-Z0-9-][a-zA-Z0-9-_.]*[a-zA-Z0-9])-v(.+)$/.exec(name);
  if (match === null || /\.tmp[0-9]+$/.test(name)) return undefined;
  return { kind: match[1], name: match[2], version: match[3] };
}

function resourcePlugin(pluginsDir: string, name: string, version: string): InstalledPlugin | undefined {
  const dir = path.join(pluginsDir, `resource-${name}-v${version}`);
  const binary = path.join(dir, `pulumi-resource-${name}`);
  // A `.partial` beside the directory marks an install that did not finish; the engine skips it too.
  if (fs.existsSync(`${dir}.partial`) || !isExecutableFile(binary)) return undefined;
  return { name, version, dir, binary };
}

/** The resource plugins in a plugins directory, read the way the engine reads it (directories only). */
export function scanPlugins(pluginsDir: string): InstalledPlugin[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(pluginsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const parsed = entry.isDirectory() ? parsePluginDirName(entry.name) : undefined;
    if (parsed?.kind !== "resource") return [];
    const plugin = resourcePlugin(pluginsDir, parsed.name, parsed.version);
    return plugin === undefined ? [] : [plugin];
  });
}

/** `pulumi plugin ls --json`: `[{"name", "kind", "version", ...}]`, located in `pluginsDir`. */
export function parsePluginList(stdout: string, pluginsDir: string): InstalledPlugin[] {
  const parsed: unknown = JSON.parse(stdout.trim() === "" ? "[]" : stdout);
  if (!Array.isArray(parsed)) throw new Error("pulumi plugin ls --json printed no list");
  return parsed.flatMap((item: { name?: unknown; kind?: unknown; version?: unknown }) => {
    if (item.kind !== "resource" || typeof item.name !== "string" || typeof item.version !== "string")
      return [];
    const plugin = resourcePlugin(pluginsDir, item.name, item.version.replace(/^v/, ""));
    return plugin === undefined ? [] : [plugin];
  });
}

function realDir(file: string): string {
  try {
    return path.dirname(fs.realpathSync(file));
  } catch {
    return path.dirname(file);
  }
}

export interface DiscoverOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly run?: CommandRunner;
}

/** Looks for an installed Pulumi CLI, language host and resource plugins; never installs anything. */
export function discoverInstalled({ env, home, run = runCommand }: DiscoverOptions): InstalledPulumi {
  const pulumiHome = pulumiHomeOf(env, home);
  const pluginsDir = path.join(pulumiHome, "plugins");
  // PULUMI_HOME is set explicitly so the CLI lists the very directory this file reads.
  const quiet = { ...env, PULUMI_HOME: pulumiHome, PULUMI_SKIP_UPDATE_CHECK: "true" };
  const cliPath = findOnPath("pulumi", env.PATH);
  let cli: InstalledBinary | undefined;
  if (cliPath !== undefined) {
    const version = run(cliPath, ["version"], quiet);
    if (version.code === 0 && /^v?\d+\.\d+\.\d+/.test(version.stdout.trim()))
      cli = { path: cliPath, version: version.stdout.trim().replace(/^v/, "") };
  }

  // The engine takes a bundled language host from beside its own real path first.
  // https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/plugins.go#L2148
  let languageHost: InstalledLanguageHost | undefined;
  const beside = cli === undefined ? undefined : path.join(realDir(cli.path), "pulumi-language-nodejs");
  if (cli !== undefined && beside !== undefined && isExecutableFile(beside))
    // One release archive holds both, so the host is the CLI's version.
    languageHost = { path: beside, version: cli.version, besideCli: true };
  else {
    const onPath = findOnPath("pulumi-language-nodejs", env.PATH);
    if (onPath !== undefined) languageHost = { path: onPath, version: "unknown", besideCli: false };
  }

  let plugins: InstalledPlugin[] | undefined;
  let listing = `a scan of ${pluginsDir}`;
  if (cli !== undefined) {
    const listed = run(cli.path, ["plugin", "ls", "--json"], quiet);
    if (listed.code === 0) {
      try {
        plugins = parsePluginList(listed.stdout, pluginsDir);
        listing = `${cli.path} plugin ls --json (PULUMI_HOME=${pulumiHome})`;
      } catch {
        plugins = undefined;
      }
    }
  }
  return { cli, languageHost, plugins: plugins ?? scanPlugins(pluginsDir), pulumiHome, listing };
}
