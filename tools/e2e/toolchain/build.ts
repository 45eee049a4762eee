/**
 * Builds the e2e toolchain into the cache: each recipe resolves its module version through the Go
 * module proxy, gets a wrapper module generated from the pinned versions, and builds its binaries.
 * A binary whose stamp matches its recipe is kept, so a second run only checks stamps.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheLayout } from "./cache";
import type { GoRunner, ModuleInfo } from "./go";
import type { InstalledPulumi } from "./installed";
import { installedFor, type InstalledChoice } from "./use-installed";
import { goError, moduleError, parseJsonStream } from "./go";
import { parseGoMod, planWrapper, renderWrapperGoMod } from "./gomod";
import type { BinaryRecord, Toolchain } from "./locate";
import type { GoRecipe, SourceDirs, SourceRecipe, VersionQuery } from "./recipes";
import type { PinnedVersions } from "./versions";

export type StepStatus = "built" | "cached" | "installed" | "failed" | "skipped";

/** One line of progress: a binary, a plugin install or a source module. */
export interface StepResult {
  readonly step: string;
  readonly item: string;
  readonly status: StepStatus;
  readonly seconds: number;
  /** module@version that was built or read. */
  readonly from?: string;
  /** Why `from` is not the pinned release, when it is a stand-in for it. */
  readonly substitute?: string;
  /** The version the binary reports (built from the recipe, or found installed). */
  readonly version?: string;
  /** Where an installed binary (or plugin directory) is; built ones are in `<cache>/bin`. */
  readonly path?: string;
  /** Something the reader must know, e.g. an installed plugin of another version that is not used. */
  readonly note?: string;
  /** What was tried, each with the exact `go` error, when the step failed. */
  readonly tried?: readonly string[];
  readonly error?: string;
}

export interface BuildContext {
  readonly dir: string;
  readonly pinned: PinnedVersions;
  readonly go: GoRunner;
  readonly env: NodeJS.ProcessEnv;
  /** Builds even when a stamp matches. */
  readonly rebuild: boolean;
  /** Called once per finished item, for the progress line. */
  readonly report: (result: StepResult) => void;
  /** What this machine has installed already: used in place of a build where it fits. */
  readonly installed?: InstalledPulumi;
  readonly now?: () => number;
}

type Resolution =
  | {
      readonly ok: true;
      readonly version: string;
      readonly query: VersionQuery;
      readonly tried: readonly string[];
    }
  | { readonly ok: false; readonly tried: readonly string[] };

function seconds(start: number, now: () => number): number {
  return Math.round((now() - start) / 100) / 10;
}

function goVersion(): string {
  const result = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

async function listModule(
  ctx: BuildContext,
  spec: string,
  cwd: string,
  log: string,
): Promise<{ info?: ModuleInfo; error?: string }> {
  const result = await ctx.go(["list", "-m", "-json", spec], { cwd, env: ctx.env, log });
  const [info] = parseJsonStream<ModuleInfo>(result.stdout);
  const error = result.ok ? (info ? moduleError(info) : "go list printed nothing") : goError(result.stderr);
  return error === undefined ? { info } : { error };
}

/** Tries each query in turn; the first that the proxy answers gives the version. */
export async function resolveVersion(
  ctx: BuildContext,
  queries: readonly VersionQuery[],
  cwd: string,
  log: string,
): Promise<Resolution> {
  const tried: string[] = [];
  for (const q of queries) {
    let query = q.query;
    if (q.commitOf !== undefined) {
      const tag = await listModule(ctx, `${q.commitOf.module}@${q.commitOf.version}`, cwd, log);
      const hash = tag.info?.Origin?.Hash;
      if (hash === undefined) {
        tried.push(
          `${q.description}: \`go list -m -json ${q.commitOf.module}@${q.commitOf.version}\`: ` +
            (tag.error ?? "the proxy's answer names no commit (no Origin.Hash)"),
        );
        continue;
      }
      query = hash;
    }
    const spec = `${q.module}@${query ?? "latest"}`;
    const found = await listModule(ctx, spec, cwd, log);
    if (found.info !== undefined) return { ok: true, version: found.info.Version, query: q, tried };
    tried.push(`${q.description}: \`go list -m -json ${spec}\`: ${found.error ?? "no answer"}`);
  }
  return { ok: false, tried };
}

interface Stamp {
  readonly key: string;
  readonly from: string;
  readonly substitute?: string;
  readonly version?: string;
}

function readStamp(file: string): Stamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

/** A built binary, not a link to an installed one, which an earlier run may have left in its place. */
function isBuiltFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** The recipe's binaries as an earlier build left them, when its stamp still matches; else undefined. */
export function cachedBuild(ctx: BuildContext, recipe: GoRecipe, go: string): StepResult[] | undefined {
  const layout = cacheLayout(ctx.dir);
  const stamp = readStamp(path.join(layout.work, recipe.name, "stamp.json"));
  const outputs = recipe.targets.map((t) => path.join(layout.bin, t.binary));
  if (ctx.rebuild || stamp?.key !== recipeKey(recipe, go) || !outputs.every(isBuiltFile)) return undefined;
  return recipe.targets.map((t) => ({
    step: recipe.name,
    item: t.binary,
    status: "cached" as const,
    seconds: 0,
    from: stamp.from,
    version: stamp.version ?? recipe.version,
    ...(stamp.substitute === undefined ? {} : { substitute: stamp.substitute }),
  }));
}

/** Identifies a recipe's output: anything that changes the binaries changes the key. */
function recipeKey(recipe: GoRecipe, go: string): string {
  return JSON.stringify({
    module: recipe.module,
    queries: recipe.queries,
    targets: recipe.targets,
    ldflags: recipe.ldflags,
    generateEnv: recipe.generateEnv ?? null,
    plugin: recipe.plugin ?? null,
    go,
  });
}

function copyPackage(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith("_test.go")) continue;
    fs.copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
    fs.chmodSync(path.join(to, entry.name), 0o644);
  }
}

/** The proxy refuses a module version (403 "This module version is not available"). */
export function isUnavailable(error: string): boolean {
  return /403 Forbidden|This module version is not available/.test(error);
}

/**
 * Builds one recipe's binaries. Upstream packages that `go:embed` a file their build generates are
 * copied into the wrapper and generated there, since `go build -overlay` cannot reach `//go:embed`.
 * https://github.com/golang/go/issues/59406
 * A version the proxy lists but whose dependencies it refuses is passed over for the recipe's next
 * query, and the refusal is kept in `tried`.
 */
export async function buildRecipe(ctx: BuildContext, recipe: GoRecipe, go: string): Promise<StepResult[]> {
  const now = ctx.now ?? Date.now;
  const layout = cacheLayout(ctx.dir);
  const work = path.join(layout.work, recipe.name);
  const log = path.join(layout.logs, `${recipe.name}.log`);
  const cached = cachedBuild(ctx, recipe, go);
  if (cached !== undefined) {
    cached.forEach(ctx.report);
    return cached;
  }
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(log, `# ${recipe.name} ${new Date(now()).toISOString()}\n`);
  const start = now();
  const tried: string[] = [];
  let queries = recipe.queries;
  for (;;) {
    const outcome = await buildFrom(ctx, recipe, go, queries, { work, log, start, tried });
    if (outcome.retry === undefined) return outcome.results;
    tried.push(`${outcome.retry.query.description}: ${outcome.retry.error}`);
    queries = queries.slice(queries.indexOf(outcome.retry.query) + 1);
  }
}

type Attempt =
  | { readonly results: StepResult[]; readonly retry?: undefined }
  | { readonly retry: { readonly query: VersionQuery; readonly error: string } };

/** One attempt at the first of `queries` that resolves; a retry when a later query may do better. */
async function buildFrom(
  ctx: BuildContext,
  recipe: GoRecipe,
  go: string,
  queries: readonly VersionQuery[],
  at: { readonly work: string; readonly log: string; readonly start: number; readonly tried: string[] },
): Promise<Attempt> {
  const now = ctx.now ?? Date.now;
  const layout = cacheLayout(ctx.dir);
  const { work, log, start } = at;
  const resolved = await resolveVersion(ctx, queries, work, log);
  const tried = [...at.tried, ...resolved.tried];
  const failAll = (error: string, from?: string): Attempt => {
    const results = recipe.targets.map((t) => ({
      step: recipe.name,
      item: t.binary,
      status: "failed" as const,
      seconds: seconds(start, now),
      error,
      tried,
      from,
    }));
    results.forEach(ctx.report);
    return { results };
  };
  if (!resolved.ok) return failAll(`no version of ${recipe.module} could be had`);
  const query = resolved.query;
  const hasNext = queries.indexOf(query) < queries.length - 1;
  const fail = (error: string, from: string): Attempt =>
    hasNext && isUnavailable(error) ? { retry: { query, error } } : failAll(error, from);
  const from = `${recipe.module}@${resolved.version}`;
  const substitute = query.substitute;
  const version = query.reports ?? recipe.version;
  const ldflags = [...recipe.ldflags, ...(query.ldflags ?? [])];

  const download = await ctx.go(["mod", "download", "-json", from], { cwd: work, env: ctx.env, log });
  const [info] = parseJsonStream<ModuleInfo>(download.stdout);
  const downloadError = info
    ? moduleError(info)
    : goError(download.stderr) || "go mod download printed nothing";
  if (!download.ok || downloadError !== undefined || info?.GoMod === undefined || info.Dir === undefined)
    return fail(`\`go mod download ${from}\`: ${downloadError ?? goError(download.stderr)}`, from);

  let plan;
  try {
    plan = planWrapper(
      parseGoMod(fs.readFileSync(info.GoMod, "utf8")),
      resolved.version,
      recipe.siblingVersion,
      `istio-sandbox.e2e/${recipe.name}`,
    );
  } catch (err) {
    return failAll((err as Error).message, from);
  }
  fs.writeFileSync(path.join(work, "go.mod"), renderWrapperGoMod(plan.spec));
  fs.rmSync(path.join(work, "go.sum"), { force: true });

  // Which targets need a generated file beside their main package, and where that copy lives.
  const buildPaths = new Map<string, string>();
  for (const target of recipe.targets) {
    const pkgDir = path.join(info.Dir, path.relative(recipe.module, target.pkg));
    const generator = path.join(pkgDir, "generate.go");
    if (recipe.generateEnv !== undefined && fs.existsSync(generator)) {
      const copy = path.join(work, "generated", target.binary);
      copyPackage(pkgDir, copy);
      buildPaths.set(target.binary, copy);
    }
  }

  const get = await ctx.go(
    [
      "get",
      ...(buildPaths.size > 0 || recipe.getModule === true
        ? [from]
        : recipe.targets.map((t) => `${t.pkg}@${resolved.version}`)),
    ],
    { cwd: work, env: ctx.env, log },
  );
  if (!get.ok) return fail(`\`go get\` in the wrapper module: ${goError(get.stderr)}`, from);

  for (const [binary, copy] of buildPaths) {
    const generate = await ctx.go(["run", "generate.go"], {
      cwd: copy,
      env: { ...ctx.env, ...recipe.generateEnv },
      log,
    });
    if (!generate.ok) return fail(`\`go run generate.go\` for ${binary}: ${goError(generate.stderr)}`, from);
    fs.rmSync(path.join(copy, "generate.go"));
  }
  if (buildPaths.size > 0) {
    const tidy = await ctx.go(["mod", "tidy"], { cwd: work, env: ctx.env, log });
    if (!tidy.ok) return fail(`\`go mod tidy\` in the wrapper module: ${goError(tidy.stderr)}`, from);
  }
  const prepared = seconds(start, now);

  fs.mkdirSync(layout.bin, { recursive: true });
  const results: StepResult[] = [];
  for (const target of recipe.targets) {
    const began = now();
    const output = path.join(layout.bin, target.binary);
    const partial = `${output}.partial`;
    const copy = buildPaths.get(target.binary);
    const build = await ctx.go(
      [
        "build",
        "-trimpath",
        "-o",
        partial,
        "-ldflags",
        ldflags.join(" "),
        copy !== undefined ? "." : target.pkg,
      ],
      { cwd: copy ?? work, env: ctx.env, log },
    );
    // The resolve/download time counts towards the first binary of the recipe.
    const first = results.length === 0;
    const took = seconds(began, now) + (first ? prepared : 0);
    let result: StepResult;
    if (build.ok) {
      fs.renameSync(partial, output);
      result = {
        step: recipe.name,
        item: target.binary,
        status: "built",
        seconds: took,
        from,
        version,
        ...(substitute === undefined ? {} : { substitute }),
        // What an earlier query's refusal was, for build-status.json.
        ...(tried.length > 0 ? { tried } : {}),
      };
    } else {
      fs.rmSync(partial, { force: true });
      const error = `\`go build ${target.pkg}\`: ${goError(build.stderr)}`;
      // The first build is where `go` downloads the dependencies `go get` did not need.
      if (first && hasNext && isUnavailable(error)) return { retry: { query, error } };
      result = {
        step: recipe.name,
        item: target.binary,
        status: "failed",
        seconds: took,
        from,
        error,
        tried,
      };
    }
    ctx.report(result);
    results.push(result);
  }
  if (results.every((r) => r.status === "built"))
    fs.writeFileSync(
      path.join(work, "stamp.json"),
      JSON.stringify({
        key: recipeKey(recipe, go),
        from,
        version,
        ...(substitute === undefined ? {} : { substitute }),
      }),
    );
  return { results };
}

/** Installs a built provider into the cache's PULUMI_HOME, never the user's ~/.pulumi. */
export function installPlugin(
  ctx: BuildContext,
  recipe: GoRecipe,
  built: readonly StepResult[],
): StepResult | undefined {
  if (recipe.plugin === undefined) return undefined;
  const now = ctx.now ?? Date.now;
  const layout = cacheLayout(ctx.dir);
  const { name, version } = recipe.plugin;
  const item = `plugin ${name} ${version}`;
  const pulumi = path.join(layout.bin, "pulumi");
  let result: StepResult;
  const start = now();
  const installed = path.join(layout.pulumiHome, "plugins", `resource-${name}-v${version}`);
  if (built.some((r) => r.status !== "built" && r.status !== "cached"))
    result = {
      step: recipe.name,
      item,
      status: "skipped",
      seconds: 0,
      error: "its provider binary was not built",
    };
  else if (!fs.existsSync(pulumi))
    result = {
      step: recipe.name,
      item,
      status: "skipped",
      seconds: 0,
      error: "the pulumi CLI was not built",
    };
  else if (!ctx.rebuild && built.every((r) => r.status === "cached") && fs.existsSync(installed))
    result = { step: recipe.name, item, status: "cached", seconds: 0 };
  else {
    const binary = path.join(layout.bin, recipe.targets[0].binary);
    const run = spawnSync(
      pulumi,
      ["plugin", "install", "resource", name, version, "--file", binary, "--reinstall", "--non-interactive"],
      {
        encoding: "utf8",
        env: {
          ...ctx.env,
          PULUMI_HOME: layout.pulumiHome,
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        },
      },
    );
    result =
      run.status === 0
        ? { step: recipe.name, item, status: "built", seconds: seconds(start, now) }
        : {
            step: recipe.name,
            item,
            status: "failed",
            seconds: seconds(start, now),
            error: `pulumi plugin install: ${(run.stderr || run.stdout || String(run.error)).trim()}`,
          };
  }
  ctx.report(result);
  return result;
}

/** Downloads a source module and checks the directories the lane reads. */
export async function fetchSource(
  ctx: BuildContext,
  recipe: SourceRecipe,
): Promise<{ result: StepResult; dirs: Partial<SourceDirs> }> {
  const now = ctx.now ?? Date.now;
  const layout = cacheLayout(ctx.dir);
  const work = path.join(layout.work, "sources");
  fs.mkdirSync(work, { recursive: true });
  const log = path.join(layout.logs, `source-${recipe.name}.log`);
  fs.writeFileSync(log, `# source ${recipe.name}\n`);
  const start = now();
  const item = `source ${recipe.module}`;
  const done = (result: StepResult, dirs: Partial<SourceDirs> = {}) => {
    ctx.report(result);
    return { result, dirs };
  };
  const resolved = await resolveVersion(ctx, recipe.queries, work, log);
  if (!resolved.ok)
    return done({
      step: recipe.name,
      item,
      status: "failed",
      seconds: seconds(start, now),
      error: `no version of ${recipe.module} could be had`,
      tried: resolved.tried,
    });
  const from = `${recipe.module}@${resolved.version}`;
  const download = await ctx.go(["mod", "download", "-json", from], { cwd: work, env: ctx.env, log });
  const [info] = parseJsonStream<ModuleInfo>(download.stdout);
  const error = info ? moduleError(info) : goError(download.stderr);
  if (!download.ok || info?.Dir === undefined || error !== undefined)
    return done({
      step: recipe.name,
      item,
      status: "failed",
      seconds: seconds(start, now),
      from,
      error: `\`go mod download ${from}\`: ${error ?? goError(download.stderr)}`,
    });
  const dirs: Partial<Record<keyof SourceDirs, string>> = {};
  for (const [key, sub] of Object.entries(recipe.dirs) as [keyof SourceDirs, string][]) {
    const dir = path.join(info.Dir, sub);
    if (!fs.existsSync(dir))
      return done({
        step: recipe.name,
        item,
        status: "failed",
        seconds: seconds(start, now),
        from,
        error: `${from} has no ${sub}`,
      });
    dirs[key] = dir;
  }
  const substitute = resolved.query.substitute;
  return done(
    {
      step: recipe.name,
      item,
      status: "cached",
      seconds: seconds(start, now),
      from,
      ...(substitute === undefined ? {} : { substitute }),
    },
    dirs,
  );
}

/** A line of build-status.json: a step's result and when the run that produced it finished. */
export type RecordedResult = StepResult & { readonly at: string };

/**
 * This run's results, after those of earlier runs for items it did not touch (an `--only` run), so
 * that build-status.json always tells what became of every item.
 */
export function mergeStatus(
  earlier: readonly RecordedResult[],
  results: readonly StepResult[],
  at: string,
): RecordedResult[] {
  const touched = new Set(results.map((r) => r.item));
  return [...earlier.filter((r) => !touched.has(r.item)), ...results.map((r) => ({ ...r, at }))];
}

function readStatus(file: string): RecordedResult[] {
  try {
    const { results } = JSON.parse(fs.readFileSync(file, "utf8")) as { results?: RecordedResult[] };
    return Array.isArray(results) ? results.filter((r) => typeof r.at === "string") : [];
  } catch {
    return [];
  }
}

export interface BuildSummary {
  readonly results: readonly StepResult[];
  /** Written only when every step succeeded. */
  readonly toolchain?: Toolchain;
}

/** Replaces `link` with a symbolic link to `target`, whatever was there. */
function relink(target: string, link: string): void {
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(target, link);
}

/**
 * Puts installed pieces where the lane looks: executables as links in `<cache>/bin`, and a resource
 * plugin as a real directory in the toolchain's PULUMI_HOME holding links to the installed plugin's
 * files (the engine lists only directories there, not links to them:
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/plugins.go#L2461).
 */
export function linkInstalled(ctx: BuildContext, recipe: GoRecipe, choice: InstalledChoice): StepResult[] {
  const use = choice.use;
  if (use === undefined) return [];
  const layout = cacheLayout(ctx.dir);
  fs.mkdirSync(layout.bin, { recursive: true });
  const note = choice.note === undefined ? {} : { note: choice.note };
  const results: StepResult[] = recipe.targets.map((t) => {
    relink(use.path, path.join(layout.bin, t.binary));
    return {
      step: recipe.name,
      item: t.binary,
      status: "installed" as const,
      seconds: 0,
      from: use.path,
      path: use.path,
      version: use.version,
      ...note,
    };
  });
  if (recipe.plugin !== undefined && use.pluginDir !== undefined) {
    const { name, version } = recipe.plugin;
    const dir = path.join(layout.pulumiHome, "plugins", `resource-${name}-v${version}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const entry of fs.readdirSync(use.pluginDir))
      fs.symlinkSync(path.join(use.pluginDir, entry), path.join(dir, entry));
    results.push({
      step: recipe.name,
      item: `plugin ${name} ${version}`,
      status: "installed",
      seconds: 0,
      from: use.pluginDir,
      path: dir,
      version,
    });
  }
  results.forEach(ctx.report);
  return results;
}

/**
 * The lane ignores plugins on PATH (PULUMI_IGNORE_AMBIENT_PLUGINS), so the engine takes its language
 * host from beside its own real path, or else from PULUMI_HOME's plugins: where the one recorded is
 * not beside the CLI, it is linked there.
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/plugins.go#L2148
 */
export function linkLanguageHost(layout: ReturnType<typeof cacheLayout>, pulumiVersion: string): void {
  const host = path.join(layout.bin, "pulumi-language-nodejs");
  const dir = path.join(layout.pulumiHome, "plugins", `language-nodejs-v${pulumiVersion}`);
  fs.rmSync(dir, { recursive: true, force: true });
  let beside: string;
  let ours: string;
  try {
    beside = path.join(
      path.dirname(fs.realpathSync(path.join(layout.bin, "pulumi"))),
      "pulumi-language-nodejs",
    );
    ours = fs.realpathSync(host);
  } catch {
    return;
  }
  if (fs.existsSync(beside) && fs.realpathSync(beside) === ours) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(ours, path.join(dir, "pulumi-language-nodejs"));
}

/** The origin of each binary, for toolchain.json and the lane's report. */
export function binaryRecords(
  layout: ReturnType<typeof cacheLayout>,
  recipes: readonly GoRecipe[],
  results: readonly StepResult[],
): Record<string, BinaryRecord> {
  const records: Record<string, BinaryRecord> = {};
  for (const recipe of recipes)
    for (const target of recipe.targets) {
      const r = results.find((x) => x.item === target.binary);
      if (r === undefined || !["built", "cached", "installed"].includes(r.status)) continue;
      records[target.binary] = {
        path:
          r.status === "installed" && r.path !== undefined ? r.path : path.join(layout.bin, target.binary),
        version: r.version ?? recipe.version,
        origin: r.status === "installed" ? "installed" : r.substitute === undefined ? "built" : "substitute",
        wanted: recipe.version,
        ...(r.substitute === undefined ? {} : { substitute: r.substitute }),
        ...(r.note === undefined ? {} : { note: r.note }),
      };
    }
  return records;
}

/** Runs every selected recipe, writes build-status.json, and toolchain.json last when nothing failed. */
export async function buildToolchain(
  ctx: BuildContext,
  recipes: readonly GoRecipe[],
  sources: readonly SourceRecipe[],
): Promise<BuildSummary> {
  const layout = cacheLayout(ctx.dir);
  for (const dir of [layout.bin, layout.pulumiHome, layout.work, layout.logs])
    fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(layout.toolchainFile, { force: true });
  const go = goVersion();
  const results: StepResult[] = [];
  const dirs: Partial<Record<keyof SourceDirs, string>> = {};
  for (const source of sources) {
    const fetched = await fetchSource(ctx, source);
    results.push(fetched.result);
    Object.assign(dirs, fetched.dirs);
  }
  for (const recipe of recipes) {
    const choice: InstalledChoice = ctx.installed === undefined ? {} : installedFor(recipe, ctx.installed);
    // A finished build of the pinned version is kept; else what is installed; else a build.
    if (choice.use !== undefined && cachedBuild(ctx, recipe, go) === undefined) {
      results.push(...linkInstalled(ctx, recipe, choice));
      continue;
    }
    const note = choice.note === undefined ? {} : { note: choice.note };
    const built = (
      await buildRecipe({ ...ctx, report: (r) => ctx.report({ ...r, ...note }) }, recipe, go)
    ).map((r) => ({ ...r, ...note }));
    results.push(...built);
    const plugin = installPlugin(ctx, recipe, built);
    if (plugin !== undefined) results.push(plugin);
  }
  const finished = new Date((ctx.now ?? Date.now)()).toISOString();
  const recorded = mergeStatus(readStatus(layout.statusFile), results, finished);
  fs.writeFileSync(
    layout.statusFile,
    `${JSON.stringify({ dir: ctx.dir, go, finished, results: recorded }, null, 2)}\n`,
  );
  const complete = results.every((r) => ["built", "cached", "installed"].includes(r.status));
  const allSources = ["istioCharts", "istioAddons", "metallbChart", "gatewayApiCrds"].every(
    (key) => dirs[key as keyof SourceDirs] !== undefined,
  );
  if (!complete || !allSources) return { results };
  linkLanguageHost(layout, ctx.pinned.toolchain.pulumi);
  const toolchain: Toolchain = {
    dir: ctx.dir,
    bin: layout.bin,
    pulumiHome: layout.pulumiHome,
    versions: ctx.pinned.toolchain,
    sources: dirs as SourceDirs,
    binaries: binaryRecords(layout, recipes, results),
  };
  fs.writeFileSync(layout.toolchainFile, `${JSON.stringify(toolchain, null, 2)}\n`);
  return { results, toolchain };
}
