import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BuildContext, StepResult } from "../../../tools/e2e/toolchain/build";
import { buildRecipe, mergeStatus, resolveVersion } from "../../../tools/e2e/toolchain/build";
import type { GoResult, GoRunner } from "../../../tools/e2e/toolchain/go";
import { goError, parseJsonStream } from "../../../tools/e2e/toolchain/go";
import { progressLine } from "../../../tools/e2e/toolchain/progress";
import type { GoRecipe, VersionQuery } from "../../../tools/e2e/toolchain/recipes";
import type { PinnedVersions } from "../../../tools/e2e/toolchain/versions";

const forbidden = (spec: string) =>
  `go: ${spec}: invalid version: reading https://proxy.example/x/@v/y.info: 403 Forbidden\n` +
  "\tserver response: This module version is not available.\n";

/** A `go` stand-in answering `go list -m -json` from a table, recording every call. */
function fakeGo(answers: Record<string, GoResult>): { go: GoRunner; calls: string[] } {
  const calls: string[] = [];
  const go: GoRunner = (args, options) => {
    calls.push(args.join(" "));
    fs.appendFileSync(options.log, `${args.join(" ")}\n`);
    const answer = answers[args[args.length - 1]];
    return Promise.resolve(answer ?? { ok: false, stdout: "", stderr: forbidden(args[args.length - 1]) });
  };
  return { go, calls };
}

const recipe: GoRecipe = {
  name: "language",
  module: "example.com/lang/v3",
  version: "3.1.0",
  queries: [
    {
      description: "example.com/lang/v3 at the commit of example.com/pkg/v3@v3.1.0",
      module: "example.com/lang/v3",
      commitOf: { module: "example.com/pkg/v3", version: "v3.1.0" },
    },
  ],
  targets: [{ binary: "lang", pkg: "example.com/lang/v3" }],
  siblingVersion: () => undefined,
  ldflags: [],
};

describe("toolchain build", () => {
  let dir: string;
  let reported: StepResult[];
  const context = (go: GoRunner): BuildContext => ({
    dir,
    pinned: {} as PinnedVersions,
    go,
    env: {},
    rebuild: false,
    report: (r) => reported.push(r),
    now: () => 0,
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "toolchain-build-"));
    fs.mkdirSync(path.join(dir, "logs"));
    reported = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("resolves an untagged module at the commit the tag's Origin names", async () => {
    const { go, calls } = fakeGo({
      "example.com/pkg/v3@v3.1.0": {
        ok: true,
        stdout: '{"Path": "example.com/pkg/v3", "Version": "v3.1.0", "Origin": {"Hash": "abc123"}}',
        stderr: "",
      },
      "example.com/lang/v3@abc123": {
        ok: true,
        stdout: '{"Path": "example.com/lang/v3", "Version": "v3.0.0-20260101000000-abc123"}',
        stderr: "",
      },
    });
    await expect(
      resolveVersion(context(go), recipe.queries, dir, path.join(dir, "logs", "l")),
    ).resolves.toEqual({
      ok: true,
      version: "v3.0.0-20260101000000-abc123",
      query: recipe.queries[0],
      tried: [],
    });
    expect(calls).toEqual([
      "list -m -json example.com/pkg/v3@v3.1.0",
      "list -m -json example.com/lang/v3@abc123",
    ]);
  });

  it("reports each binary of a module the proxy refuses with go's exact error and what was tried", async () => {
    const { go } = fakeGo({
      "example.com/pkg/v3@v3.1.0": {
        ok: true,
        stdout: '{"Path": "example.com/pkg/v3", "Version": "v3.1.0", "Origin": {"Hash": "abc123"}}',
        stderr: "",
      },
    });
    const results = await buildRecipe(context(go), recipe, "go1.26");
    expect(results).toEqual([
      {
        step: "language",
        item: "lang",
        status: "failed",
        seconds: 0,
        error: "no version of example.com/lang/v3 could be had",
        tried: [
          "example.com/lang/v3 at the commit of example.com/pkg/v3@v3.1.0: `go list -m -json example.com/lang/v3@abc123`: " +
            "go: example.com/lang/v3@abc123: invalid version: reading https://proxy.example/x/@v/y.info: 403 Forbidden\n" +
            "\tserver response: This module version is not available.",
        ],
        from: undefined,
      },
    ]);
    expect(reported).toEqual(results);
    expect(fs.existsSync(path.join(dir, "bin", "lang"))).toBe(false);
  });

  it("says so when the tag's answer names no commit", async () => {
    const { go } = fakeGo({
      "example.com/pkg/v3@v3.1.0": {
        ok: true,
        stdout: '{"Path": "example.com/pkg/v3", "Version": "v3.1.0"}',
        stderr: "",
      },
    });
    const [result] = await buildRecipe(context(go), recipe, "go1.26");
    expect(result.tried?.[0]).toContain("the proxy's answer names no commit (no Origin.Hash)");
  });

  it("keeps binaries whose stamp matches without running go", async () => {
    const { go: first } = fakeGo({});
    await buildRecipe(context(first), recipe, "go1.26");
    const stamp = path.join(dir, "work", "language", "stamp.json");
    // Stamp written as a successful build would, with the binary in place.
    fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
    fs.writeFileSync(path.join(dir, "bin", "lang"), "");
    const key = JSON.stringify({
      module: recipe.module,
      queries: recipe.queries,
      targets: recipe.targets,
      ldflags: recipe.ldflags,
      generateEnv: null,
      plugin: null,
      go: "go1.26",
    });
    fs.writeFileSync(stamp, JSON.stringify({ key, from: "example.com/lang/v3@v3.0.0-x" }));
    const { go, calls } = fakeGo({});
    reported = [];
    await expect(buildRecipe(context(go), recipe, "go1.26")).resolves.toEqual([
      {
        step: "language",
        item: "lang",
        status: "cached",
        seconds: 0,
        from: "example.com/lang/v3@v3.0.0-x",
        version: "3.1.0",
      },
    ]);
    expect(calls).toEqual([]);
    // A different Go version invalidates the stamp.
    await buildRecipe(context(go), recipe, "go1.27");
    expect(calls.length).toBeGreaterThan(0);
  });

  describe("a substitute version", () => {
    const release: VersionQuery = {
      description: "example.com/tool at the tag 1.2.3",
      module: "example.com/tool",
      query: "1.2.3",
      ldflags: ["-X main.version=1.2.3"],
    };
    const branch: VersionQuery = {
      description: "example.com/tool at a release-1.2 commit",
      module: "example.com/tool",
      query: "v0.0.0-20260101000000-abcdef123456",
      ldflags: ["-X main.version=1.2-abcdef123456"],
      substitute: "no 1.2.3 tag; built from release-1.2",
    };
    const tool: GoRecipe = {
      name: "tool",
      module: "example.com/tool",
      version: "1.2.3",
      queries: [release, branch],
      targets: [{ binary: "tool", pkg: "example.com/tool/cmd/tool" }],
      siblingVersion: () => undefined,
      ldflags: ["-X main.status=Clean"],
    };

    /** A `go` that serves only the branch commit and "builds" by writing the -o file. */
    function branchOnlyGo(): { go: GoRunner; calls: string[][] } {
      const calls: string[][] = [];
      const source = path.join(dir, "module");
      fs.mkdirSync(source, { recursive: true });
      fs.writeFileSync(path.join(source, "go.mod"), "module example.com/tool\n\ngo 1.26\n");
      const go: GoRunner = (args) => {
        calls.push([...args]);
        const last = args[args.length - 1];
        if (args[0] === "list" && last === `example.com/tool@${branch.query}`)
          return Promise.resolve({
            ok: true,
            stdout: `{"Path": "example.com/tool", "Version": "${branch.query}"}`,
            stderr: "",
          });
        if (args[0] === "list") return Promise.resolve({ ok: false, stdout: "", stderr: forbidden(last) });
        if (args[0] === "mod" && args[1] === "download") {
          const info = {
            Path: "example.com/tool",
            Version: branch.query,
            GoMod: path.join(source, "go.mod"),
            Dir: source,
          };
          return Promise.resolve({ ok: true, stdout: JSON.stringify(info), stderr: "" });
        }
        if (args[0] === "build") fs.writeFileSync(args[args.indexOf("-o") + 1], "binary");
        return Promise.resolve({ ok: true, stdout: "", stderr: "" });
      };
      return { go, calls };
    }

    it("is built only when the release is refused, with its own version flags, and says so on every line", async () => {
      const { go, calls } = branchOnlyGo();
      const [built] = await buildRecipe(context(go), tool, "go1.26");
      expect(built).toMatchObject({
        status: "built",
        from: `example.com/tool@${branch.query}`,
        substitute: "no 1.2.3 tag; built from release-1.2",
      });
      const build = calls.find((c) => c[0] === "build") ?? [];
      expect(build[build.indexOf("-ldflags") + 1]).toBe(
        "-X main.status=Clean -X main.version=1.2-abcdef123456",
      );
      expect(progressLine(built)).toContain(
        `example.com/tool@${branch.query}  SUBSTITUTE: no 1.2.3 tag; built from release-1.2`,
      );
      const [cached] = await buildRecipe(context(branchOnlyGo().go), tool, "go1.26");
      expect(cached).toMatchObject({ status: "cached", substitute: "no 1.2.3 tag; built from release-1.2" });
    });
  });
  describe("a version whose dependencies the proxy refuses", () => {
    const tag: VersionQuery = {
      description: "example.com/tool at the tag 1.2.3",
      module: "example.com/tool",
      query: "1.2.3",
    };
    const branch: VersionQuery = {
      description: "example.com/tool at a release-1.2 commit",
      module: "example.com/tool",
      query: "v0.0.0-20260101000000-abcdef123456",
      reports: "1.2-abcdef123456",
      substitute: "no buildable 1.2.3; built from release-1.2",
    };
    const tool: GoRecipe = {
      name: "tool",
      module: "example.com/tool",
      version: "1.2.3",
      queries: [tag, branch],
      targets: [{ binary: "tool", pkg: "example.com/tool/cmd/tool" }],
      siblingVersion: () => undefined,
      ldflags: [],
      getModule: true,
    };
    const refused =
      "example.com/dep@v1.0.0-x: reading https://proxy.example/example.com/dep/@v/v1.0.0-x.zip: 403 Forbidden\n" +
      "\tserver response: This module version is not available.";

    /** Lists both versions; building the tag's fails on a refused dependency, the branch's builds. */
    function go(branchBuilds = true): { go: GoRunner; calls: string[][] } {
      const calls: string[][] = [];
      const source = path.join(dir, "module");
      fs.mkdirSync(source, { recursive: true });
      fs.writeFileSync(path.join(source, "go.mod"), "module example.com/tool\n\ngo 1.26\n");
      let version = "";
      const runner: GoRunner = (args) => {
        calls.push([...args]);
        const last = args[args.length - 1];
        if (args[0] === "list") {
          version = last.endsWith("@1.2.3") ? "v0.0.0-20260202000000-111111111111" : branch.query!;
          return Promise.resolve({
            ok: true,
            stdout: JSON.stringify({ Path: "example.com/tool", Version: version }),
            stderr: "",
          });
        }
        if (args[0] === "mod")
          return Promise.resolve({
            ok: true,
            stdout: JSON.stringify({
              Path: "example.com/tool",
              Version: version,
              GoMod: path.join(source, "go.mod"),
              Dir: source,
            }),
            stderr: "",
          });
        if (args[0] === "build") {
          if (version === branch.query && branchBuilds) {
            fs.writeFileSync(args[args.indexOf("-o") + 1], "binary");
            return Promise.resolve({ ok: true, stdout: "", stderr: "" });
          }
          return Promise.resolve({ ok: false, stdout: "", stderr: `go: ${refused}\n` });
        }
        return Promise.resolve({ ok: true, stdout: "", stderr: "" });
      };
      return { go: runner, calls };
    }

    it("passes it over for the next query, and keeps the refusal in what was tried", async () => {
      const { go: runner, calls } = go();
      const [built] = await buildRecipe(context(runner), tool, "go1.26");
      expect(built).toMatchObject({
        status: "built",
        from: `example.com/tool@${branch.query}`,
        version: "1.2-abcdef123456",
        substitute: "no buildable 1.2.3; built from release-1.2",
      });
      expect(built.tried?.[0]).toContain(
        "example.com/tool at the tag 1.2.3: `go build example.com/tool/cmd/tool`: go: example.com/dep@v1.0.0-x",
      );
      expect(reported).toEqual([built]);
      // The module is fetched whole: `go get example.com/tool@version`, never its package path.
      expect(calls.filter((c) => c[0] === "get")).toEqual([
        ["get", "example.com/tool@v0.0.0-20260202000000-111111111111"],
        ["get", `example.com/tool@${branch.query}`],
      ]);
    });

    it("reports the last refusal when no query is left", async () => {
      const [failed] = await buildRecipe(context(go(false).go), tool, "go1.26");
      expect(failed).toMatchObject({ status: "failed", from: `example.com/tool@${branch.query}` });
      expect(failed.error).toContain("403 Forbidden");
      expect(failed.tried?.[0]).toContain("example.com/tool at the tag 1.2.3");
    });
  });
});

describe("build-status.json", () => {
  it("keeps what earlier runs found for the items an --only run did not touch", () => {
    const earlier = [
      {
        step: "pulumi",
        item: "pulumi",
        status: "built" as const,
        seconds: 1416,
        at: "2026-11-28T09:00:00.000Z",
      },
      {
        step: "istioctl",
        item: "istioctl",
        status: "failed" as const,
        seconds: 1,
        error: "refused",
        at: "2026-11-28T09:00:00.000Z",
      },
    ];
    const fresh = [{ step: "istioctl", item: "istioctl", status: "built" as const, seconds: 40.5 }];
    expect(mergeStatus(earlier, fresh, "2026-11-28T12:00:00.000Z")).toEqual([
      earlier[0],
      { ...fresh[0], at: "2026-11-28T12:00:00.000Z" },
    ]);
  });
});

describe("go output", () => {
  it("keeps the error and drops download chatter and retraction notes", () => {
    expect(
      goError(
        "go: downloading k8s.io/api v0.34.4\n" +
          "go: warning: github.com/microcosm-cc/bluemonday@v1.0.21: retracted by module author: x\n" +
          "go: to switch to the latest unretracted version, run:\n\tgo get github.com/microcosm-cc/bluemonday@latest\n" +
          "go: k8s.io/cri-api@v0.34.8: reading https://proxy.example/k8s.io/cri-api/@v/v0.34.8.mod: 403 Forbidden\n",
      ),
    ).toBe(
      "go: k8s.io/cri-api@v0.34.8: reading https://proxy.example/k8s.io/cri-api/@v/v0.34.8.mod: 403 Forbidden",
    );
  });

  it("splits go's stream of JSON objects, braces inside strings included", () => {
    expect(parseJsonStream('{"a": "}{"}\n{"b": {"c": 1}}\n')).toEqual([{ a: "}{" }, { b: { c: 1 } }]);
  });

  it("prints one line per item with its time, and the reasons under a failure", () => {
    expect(
      progressLine({
        step: "kwok",
        item: "kwokctl",
        status: "built",
        seconds: 75.25,
        from: "sigs.k8s.io/kwok@v0.8.0",
      }),
    ).toBe(`${"kwokctl".padEnd(40)} built        75.3s  sigs.k8s.io/kwok@v0.8.0`);
    expect(
      progressLine({
        step: "x",
        item: "x",
        status: "failed",
        seconds: 1,
        error: "no version",
        tried: ["a: go: 403\n\tserver"],
      }),
    ).toBe(`${"x".padEnd(40)} failed        1.0s  no version\n    tried a: go: 403\n      \tserver`);
  });
});
