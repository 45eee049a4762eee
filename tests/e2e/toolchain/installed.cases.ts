import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildContext, StepResult } from "../../../tools/e2e/toolchain/build";
import { buildToolchain, cachedBuild } from "../../../tools/e2e/toolchain/build";
import type { GoRunner } from "../../../tools/e2e/toolchain/go";
import {
  discoverInstalled,
  findOnPath,
  parsePluginDirName,
  scanPlugins,
  type InstalledPulumi,
} from "../../../tools/e2e/toolchain/installed";
import { progressLine } from "../../../tools/e2e/toolchain/progress";
import { goRecipes, type SourceRecipe } from "../../../tools/e2e/toolchain/recipes";
import { compareReleases, installedFor } from "../../../tools/e2e/toolchain/use-installed";
import type { PinnedVersions } from "../../../tools/e2e/toolchain/versions";
import { PINNED } from "./pinned";
import { tempDir } from "../harness/temp-dirs";

const pinned: PinnedVersions = PINNED;
const recipes = goRecipes(pinned);
const recipe = (name: string) => recipes.find((r) => r.name === name)!;

function executable(file: string, body = "#!/bin/sh\nexit 0\n"): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body, { mode: 0o755 });
  return file;
}

/**
 * A fake `pulumi`: `version` prints $FAKE_PULUMI_VERSION; `plugin ls --json` prints $FAKE_PLUGIN_LIST
 * (or fails when it is unset) and records the PULUMI_HOME it was given.
 */
const FAKE_PULUMI = `#!/bin/sh
case "$1 $2" in
  "version ") echo "$FAKE_PULUMI_VERSION" ;;
  "plugin ls")
    [ -n "\${FAKE_PULUMI_HOME_LOG:-}" ] && echo "$PULUMI_HOME" > "$FAKE_PULUMI_HOME_LOG"
    [ -z "\${FAKE_PLUGIN_LIST+x}" ] && { echo "error: no" >&2; exit 1; }
    echo "$FAKE_PLUGIN_LIST" ;;
  *) exit 64 ;;
esac
`;

/** A PULUMI_HOME with resource plugins installed as `pulumi plugin install` lays them out. */
function pulumiHome(plugins: readonly [string, string][]): string {
  const home = tempDir("pulumi-home-");
  for (const [name, version] of plugins)
    executable(path.join(home, "plugins", `resource-${name}-v${version}`, `pulumi-resource-${name}`));
  return home;
}

describe("installed Pulumi", () => {
  it("finds the first executable on PATH and passes over a file that is not one", () => {
    const first = tempDir("path-a-");
    const second = tempDir("path-b-");
    fs.writeFileSync(path.join(first, "pulumi"), "not executable", { mode: 0o644 });
    const found = executable(path.join(second, "pulumi"));
    expect(findOnPath("pulumi", [first, second].join(path.delimiter))).toBe(found);
    expect(findOnPath("pulumi", first)).toBeUndefined();
  });

  it("reads plugin directory names as the engine does", () => {
    expect(parsePluginDirName("resource-kubernetes-v4.34.2")).toEqual({
      kind: "resource",
      name: "kubernetes",
      version: "4.34.2",
    });
    expect(parsePluginDirName("language-nodejs-v3.248.0")?.kind).toBe("language");
    expect(parsePluginDirName("resource-kubernetes-v4.34.2.tmp123456")).toBeUndefined();
    expect(parsePluginDirName("resource-kubernetes")).toBeUndefined();
  });

  it("scans PULUMI_HOME's plugins: directories only, an unfinished install (.partial) left out", () => {
    const home = pulumiHome([
      ["kubernetes", "4.34.2"],
      ["tls", "5.6.1"],
    ]);
    const plugins = path.join(home, "plugins");
    fs.writeFileSync(path.join(plugins, "resource-tls-v5.6.1.partial"), "");
    // The engine lists directories, not links to them.
    fs.symlinkSync(
      path.join(plugins, "resource-kubernetes-v4.34.2"),
      path.join(plugins, "resource-command-v1.2.1"),
    );
    expect(scanPlugins(plugins)).toEqual([
      {
        name: "kubernetes",
        version: "4.34.2",
        dir: path.join(plugins, "resource-kubernetes-v4.34.2"),
        binary: path.join(plugins, "resource-kubernetes-v4.34.2", "pulumi-resource-kubernetes"),
      },
    ]);
  });

  it("takes the CLI from PATH, the language host beside its real path, and the plugins pulumi lists", () => {
    const install = tempDir("pulumi-install-");
    const cli = executable(path.join(install, "bin", "pulumi"), FAKE_PULUMI);
    const host = executable(path.join(install, "bin", "pulumi-language-nodejs"));
    const onPath = tempDir("path-");
    fs.symlinkSync(cli, path.join(onPath, "pulumi"));
    const home = pulumiHome([["kubernetes", "4.34.2"]]);
    const homeLog = path.join(tempDir("log-"), "home");
    const found = discoverInstalled({
      env: {
        PATH: `${onPath}:/usr/bin:/bin`,
        PULUMI_HOME: home,
        FAKE_PULUMI_VERSION: "v3.248.0",
        FAKE_PLUGIN_LIST: JSON.stringify([
          { name: "kubernetes", kind: "resource", version: "4.34.2", size: 1 },
          { name: "nodejs", kind: "language", version: "3.248.0", size: 1 },
          // Listed, but not on disk: not offered.
          { name: "tls", kind: "resource", version: "5.6.1", size: 1 },
        ]),
        FAKE_PULUMI_HOME_LOG: homeLog,
      },
      home: "/nonexistent-home",
    });
    expect(found.cli).toEqual({ path: path.join(onPath, "pulumi"), version: "3.248.0" });
    expect(found.languageHost).toEqual({ path: host, version: "3.248.0", besideCli: true });
    expect(found.plugins.map((p) => `${p.name} ${p.version}`)).toEqual(["kubernetes 4.34.2"]);
    expect(found.listing).toContain("plugin ls --json");
    expect(fs.readFileSync(homeLog, "utf8").trim()).toBe(home);
  });

  it("scans ~/.pulumi/plugins when there is no CLI, and finds a lone language host on PATH", () => {
    const home = tempDir("user-home-");
    executable(path.join(home, ".pulumi", "plugins", "resource-tls-v5.6.0", "pulumi-resource-tls"));
    const onPath = tempDir("path-");
    const host = executable(path.join(onPath, "pulumi-language-nodejs"));
    const found = discoverInstalled({ env: { PATH: onPath }, home });
    expect(found.cli).toBeUndefined();
    expect(found.languageHost).toEqual({ path: host, version: "unknown", besideCli: false });
    expect(found.plugins.map((p) => `${p.name} ${p.version}`)).toEqual(["tls 5.6.0"]);
    expect(found.listing).toBe(`a scan of ${path.join(home, ".pulumi", "plugins")}`);
  });

  it("falls back to the scan when `pulumi plugin ls --json` fails", () => {
    const onPath = tempDir("path-");
    executable(path.join(onPath, "pulumi"), FAKE_PULUMI);
    const home = pulumiHome([["command", "1.2.1"]]);
    const found = discoverInstalled({
      env: { PATH: onPath, PULUMI_HOME: home, FAKE_PULUMI_VERSION: "v3.250.1" },
      home: "/nonexistent-home",
    });
    expect(found.cli?.version).toBe("3.250.1");
    expect(found.plugins.map((p) => p.name)).toEqual(["command"]);
    expect(found.listing).toContain("a scan of");
  });
});

describe("what an installed piece stands in for", () => {
  const base: InstalledPulumi = { plugins: [], pulumiHome: "/h", listing: "a scan of /h/plugins" };
  const plugin = (name: string, version: string) => ({
    name,
    version,
    dir: `/h/plugins/resource-${name}-v${version}`,
    binary: `/h/plugins/resource-${name}-v${version}/pulumi-resource-${name}`,
  });

  it("compares release versions", () => {
    expect([
      compareReleases("3.248.0", "3.248.0"),
      compareReleases("3.250.0", "3.248.0"),
      compareReleases("3.99.0", "3.248.0"),
    ]).toEqual([0, 1, -1]);
    expect(compareReleases("unknown", "3.248.0")).toBeUndefined();
  });

  it("uses a plugin of exactly the lockfile's version", () => {
    const installed = { ...base, plugins: [plugin("kubernetes", "4.33.0"), plugin("kubernetes", "4.34.2")] };
    expect(installedFor(recipe("pulumi-resource-kubernetes"), installed)).toEqual({
      use: {
        path: "/h/plugins/resource-kubernetes-v4.34.2/pulumi-resource-kubernetes",
        version: "4.34.2",
        pluginDir: "/h/plugins/resource-kubernetes-v4.34.2",
      },
    });
  });

  it("names a plugin of another version, says the engine would not load it, and does not use it", () => {
    const choice = installedFor(recipe("pulumi-resource-kubernetes"), {
      ...base,
      plugins: [plugin("kubernetes", "4.33.0")],
    });
    expect(choice.use).toBeUndefined();
    expect(choice.note).toBe(
      "installed kubernetes plugin 4.33.0 in /h differs from @pulumi/kubernetes 4.34.2 in package-lock.json: " +
        "the engine asks for exactly 4.34.2 (SelectCompatiblePlugin, sdk/go/common/workspace/plugins.go) and, " +
        'with automatic plugin acquisition off as in the lane, stops with "plugin kubernetes 4.34.2 not installed"; ' +
        "so it is not used. Fix: pulumi plugin install resource kubernetes 4.34.2",
    );
    expect(installedFor(recipe("pulumi-resource-tls"), base)).toEqual({});
  });

  it("uses the CLI at the lockfile's version or newer, and not an older one", () => {
    const cli = (version: string) =>
      installedFor(recipe("pulumi"), { ...base, cli: { path: "/b/pulumi", version } });
    expect(cli("3.248.0")).toEqual({ use: { path: "/b/pulumi", version: "3.248.0" } });
    expect(cli("3.250.0").use).toEqual({ path: "/b/pulumi", version: "3.250.0" });
    expect(cli("3.250.0").note).toContain(
      "differs from @pulumi/pulumi 3.248.0 in package-lock.json; used, being newer",
    );
    expect(cli("3.100.0").use).toBeUndefined();
    expect(cli("3.100.0").note).toContain("is older than @pulumi/pulumi 3.248.0");
  });

  it("uses a language host found only on PATH, saying its version is unknown", () => {
    const choice = installedFor(recipe("pulumi-language-nodejs"), {
      ...base,
      languageHost: { path: "/x/pulumi-language-nodejs", version: "unknown", besideCli: false },
    });
    expect(choice.use).toEqual({ path: "/x/pulumi-language-nodejs", version: "unknown" });
    expect(choice.note).toContain("not beside the pulumi CLI");
  });
});

describe("a toolchain from installed pieces and builds", () => {
  const pulumiRecipes = recipes.filter((r) => r.name.startsWith("pulumi"));

  /** A Go module cache holding the three source modules, and a `go` that serves them and nothing else. */
  function sourcesGo(): { go: GoRunner; sources: SourceRecipe[] } {
    const modules = tempDir("modules-");
    const sources: SourceRecipe[] = [
      {
        name: "istio",
        module: "istio.io/istio",
        queries: [{ description: "i", module: "istio.io/istio", query: "1.31.1" }],
        dirs: { istioCharts: "c", istioAddons: "a" },
      },
      {
        name: "metallbChart",
        module: "m",
        queries: [{ description: "m", module: "m", query: "v1" }],
        dirs: { metallbChart: "chart" },
      },
      {
        name: "gatewayApiCrds",
        module: "g",
        queries: [{ description: "g", module: "g", query: "v1" }],
        dirs: { gatewayApiCrds: "crds" },
      },
    ];
    for (const sub of ["c", "a", "chart", "crds"]) fs.mkdirSync(path.join(modules, sub), { recursive: true });
    const go: GoRunner = (args) => {
      const last = args[args.length - 1];
      const [module] = last.split("@");
      if (sources.some((s) => s.module === module) && (args[0] === "list" || args[0] === "mod"))
        return Promise.resolve({
          ok: true,
          stdout: JSON.stringify({ Path: module, Version: "v1", Dir: modules }),
          stderr: "",
        });
      return Promise.resolve({
        ok: false,
        stdout: "",
        stderr: `go: ${last}: reading https://proxy.example/x.info: 403 Forbidden\n\tserver response: This module version is not available.\n`,
      });
    };
    return { go, sources };
  }

  function context(
    dir: string,
    go: GoRunner,
    installed: InstalledPulumi,
    reported: StepResult[],
  ): BuildContext {
    return {
      dir,
      pinned,
      go,
      env: {},
      rebuild: false,
      report: (r) => reported.push(r),
      now: () => 0,
      installed,
    };
  }

  function installedEverything(kubernetesVersion = "4.34.2"): InstalledPulumi {
    const install = tempDir("install-");
    const home = pulumiHome([
      ["kubernetes", kubernetesVersion],
      ["tls", "5.6.1"],
      ["command", "1.2.1"],
    ]);
    const plugins = scanPlugins(path.join(home, "plugins"));
    return {
      cli: { path: executable(path.join(install, "pulumi")), version: "3.248.0" },
      languageHost: {
        path: executable(path.join(install, "pulumi-language-nodejs")),
        version: "3.248.0",
        besideCli: true,
      },
      plugins,
      pulumiHome: home,
      listing: "a scan",
    };
  }

  it("links what is installed, records its origin, and writes toolchain.json with nothing built", async () => {
    const dir = tempDir("toolchain-");
    const installed = installedEverything();
    const { go, sources } = sourcesGo();
    const reported: StepResult[] = [];
    const summary = await buildToolchain(context(dir, go, installed, reported), pulumiRecipes, sources);
    expect(summary.results.filter((r) => r.status !== "cached").map((r) => `${r.item} ${r.status}`)).toEqual([
      "pulumi installed",
      "pulumi-language-nodejs installed",
      "pulumi-resource-kubernetes installed",
      "plugin kubernetes 4.34.2 installed",
      "pulumi-resource-tls installed",
      "plugin tls 5.6.1 installed",
      "pulumi-resource-command installed",
      "plugin command 1.2.1 installed",
    ]);
    expect(fs.readlinkSync(path.join(dir, "bin", "pulumi"))).toBe(installed.cli?.path);
    // The engine lists directories in PULUMI_HOME's plugins: a real one, holding links to the installed files.
    const linked = path.join(dir, "pulumi-home", "plugins", "resource-kubernetes-v4.34.2");
    expect(fs.lstatSync(linked).isDirectory()).toBe(true);
    expect(fs.readlinkSync(path.join(linked, "pulumi-resource-kubernetes"))).toBe(
      installed.plugins.find((p) => p.name === "kubernetes")?.binary,
    );
    const written = JSON.parse(fs.readFileSync(path.join(dir, "toolchain.json"), "utf8")) as {
      binaries: Record<string, unknown>;
    };
    expect(written.binaries.pulumi).toEqual({
      path: installed.cli?.path,
      version: "3.248.0",
      origin: "installed",
      wanted: "3.248.0",
    });
    expect(written.binaries["pulumi-resource-tls"]).toMatchObject({ origin: "installed", version: "5.6.1" });
    expect(progressLine(reported[3])).toContain(
      `${"pulumi".padEnd(40)} installed     0.0s  ${installed.cli?.path} (3.248.0)`,
    );
    // The language host is beside the CLI: nothing needs linking into PULUMI_HOME for it.
    expect(fs.existsSync(path.join(dir, "pulumi-home", "plugins", "language-nodejs-v3.248.0"))).toBe(false);
  });

  it("names a plugin of another version on screen and in build-status.json, builds instead, and writes no toolchain.json", async () => {
    const dir = tempDir("toolchain-");
    const { go, sources } = sourcesGo();
    const reported: StepResult[] = [];
    const summary = await buildToolchain(
      context(dir, go, installedEverything("4.33.0"), reported),
      pulumiRecipes,
      sources,
    );
    const kubernetes = summary.results.find((r) => r.item === "pulumi-resource-kubernetes");
    expect(kubernetes?.status).toBe("failed");
    expect(kubernetes?.note).toContain("installed kubernetes plugin 4.33.0");
    expect(progressLine(reported.find((r) => r.item === "pulumi-resource-kubernetes")!)).toContain(
      "\n    NOTE: installed kubernetes plugin 4.33.0",
    );
    const status = JSON.parse(fs.readFileSync(path.join(dir, "build-status.json"), "utf8")) as {
      results: StepResult[];
    };
    expect(status.results.find((r) => r.item === "pulumi-resource-kubernetes")?.note).toContain(
      "is not used",
    );
    expect(summary.toolchain).toBeUndefined();
    expect(fs.existsSync(path.join(dir, "toolchain.json"))).toBe(false);
  });

  it("links a language host that is not beside the CLI into PULUMI_HOME, where the engine then finds it", async () => {
    const dir = tempDir("toolchain-");
    const installed = installedEverything();
    const elsewhere = executable(path.join(tempDir("elsewhere-"), "pulumi-language-nodejs"));
    const { go, sources } = sourcesGo();
    await buildToolchain(
      context(
        dir,
        go,
        { ...installed, languageHost: { path: elsewhere, version: "unknown", besideCli: false } },
        [],
      ),
      pulumiRecipes,
      sources,
    );
    expect(
      fs.realpathSync(
        path.join(dir, "pulumi-home", "plugins", "language-nodejs-v3.248.0", "pulumi-language-nodejs"),
      ),
    ).toBe(fs.realpathSync(elsewhere));
  });

  it("never takes a link to an installed binary for a finished build", () => {
    const dir = tempDir("toolchain-");
    const pulumi = recipe("pulumi");
    fs.mkdirSync(path.join(dir, "work", "pulumi"), { recursive: true });
    fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
    fs.symlinkSync(executable(path.join(tempDir("install-"), "pulumi")), path.join(dir, "bin", "pulumi"));
    const key = JSON.stringify({
      module: pulumi.module,
      queries: pulumi.queries,
      targets: pulumi.targets,
      ldflags: pulumi.ldflags,
      generateEnv: null,
      plugin: null,
      go: "go1.26",
    });
    fs.writeFileSync(path.join(dir, "work", "pulumi", "stamp.json"), JSON.stringify({ key, from: "x" }));
    const ctx = context(
      dir,
      () => Promise.reject(new Error("no go")),
      { plugins: [], pulumiHome: "", listing: "" },
      [],
    );
    expect(cachedBuild(ctx, pulumi, "go1.26")).toBeUndefined();
    fs.rmSync(path.join(dir, "bin", "pulumi"));
    fs.writeFileSync(path.join(dir, "bin", "pulumi"), "built");
    expect(cachedBuild(ctx, pulumi, "go1.26")?.[0]).toMatchObject({ status: "cached", version: "3.248.0" });
  });
});
