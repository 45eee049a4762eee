import { validateWorkflow } from "@action-validator/core";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { ciOutputs, pluginInstallArgs, stackNames } from "../../tools/e2e/ci/pins";
import { readPinnedVersions, REPO_ROOT } from "../../tools/e2e/toolchain/versions";
import { tempDir } from "./harness/temp-dirs";

const WORKFLOWS = path.join(REPO_ROOT, ".github", "workflows");
const CI = path.join(WORKFLOWS, "ci.yml");

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string | string[];
  readonly strategy?: { readonly matrix?: Record<string, unknown> };
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

const text = fs.readFileSync(CI, "utf8");
const workflow = parse(text) as Workflow;
const steps = (job: string) => workflow.jobs[job].steps;
const runs = (job: string) => steps(job).flatMap((s) => (s.run === undefined ? [] : [s.run]));
const uses = (job: string, action: string) => steps(job).filter((s) => s.uses?.startsWith(`${action}@`));
const errorsOf = (source: string) => validateWorkflow(source).errors;

describe("the hosted CI workflow", () => {
  test("every workflow file passes GitHub's workflow schema", () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
    expect(files).toContain("ci.yml");
    for (const file of files)
      expect({ file, errors: errorsOf(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) }).toEqual({
        file,
        errors: [],
      });
  });

  test.each([
    [
      "a misspelled key",
      (w: Workflow) => ({ ...w, jobs: { ...w.jobs, test: { ...w.jobs.test, stepz: [] } } }),
    ],
    [
      "a job without runs-on",
      (w: Workflow) => ({ ...w, jobs: { ...w.jobs, test: { steps: w.jobs.test.steps } } }),
    ],
    [
      "a step's inputs that are not a map",
      (w: Workflow) => ({
        ...w,
        jobs: { ...w.jobs, test: { ...w.jobs.test, steps: [{ uses: "a/b@v1", with: 3 }] } },
      }),
    ],
  ])("a broken workflow fails the schema: %s", (_, breakIt) => {
    expect(errorsOf(stringify(breakIt(workflow)))).not.toEqual([]);
  });

  test("runs on pushes and pull requests: npm ci, then npm test", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect(runs("test")).toEqual(["npm ci", "npm test"]);
  });

  test("pins every action by commit, with the release beside it", () => {
    const lines = text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toMatch(/uses: [\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test("the lane runs over every stack file, as the pins job lists them", () => {
    expect(workflow.jobs.lane.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.pins.outputs.stacks) }}");
    const files = fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    expect(
      stackNames(REPO_ROOT)
        .map((s) => `Pulumi.${s}.yaml`)
        .sort(),
    ).toEqual(files.sort());
    expect(runs("lane").join("\n")).toContain('npm run e2e -- --stack "${{ matrix.stack }}"');
  });

  test("the lane's Pulumi: the official action at the lockfile's CLI version, plugins at the lockfile's", () => {
    for (const job of ["e2e-tools", "lane", "cluster"])
      expect(uses(job, "pulumi/actions")[0]?.with).toEqual({
        "pulumi-version": "${{ needs.pins.outputs.pulumi }}",
      });
    for (const job of ["e2e-tools", "lane"]) {
      expect(runs(job)).toContain("npx ts-node --transpile-only tools/e2e/ci/main.ts install-plugins");
      expect(uses(job, "actions/setup-go")).toHaveLength(1);
    }
  });

  test("e2e:tools is cached by the pins' hash, and the lane jobs restore that very cache", () => {
    const saved = uses("e2e-tools", "actions/cache")[0]?.with ?? {};
    const restored = uses("lane", "actions/cache/restore")[0]?.with ?? {};
    expect(saved.key).toContain("hashFiles('tools/e2e/versions.json', 'package-lock.json'");
    expect(restored.key).toBe(saved.key);
    expect(restored.path).toBe(saved.path);
    expect(restored["fail-on-cache-miss"]).toBe(true);
    expect(runs("e2e-tools")).toContain("npm run e2e:tools");
  });

  test("the real cluster: up, verify, a no-change preview and up, destroy whatever happened, logs kept", () => {
    const commands = runs("cluster").join("\n");
    const order = [
      "npm run up -- --yes 2>&1",
      "npm run verify",
      "npm run preview -- --expect-no-changes",
      "npm run up -- --yes --expect-no-changes",
      "npm run destroy -- --yes",
    ].map((c) => commands.indexOf(c));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps("cluster").find((s) => s.run?.includes("npm run destroy"))?.if).toBe("always()");
    expect(commands).toContain('TAG="${K3D_VERSION}"');
    for (const job of ["e2e-tools", "lane", "cluster"])
      expect(uses(job, "actions/upload-artifact").map((s) => s.if)).toEqual(["always()"]);
  });
});

describe("the pins CI reads from the repository", () => {
  const pinned = readPinnedVersions(REPO_ROOT);

  test("outputs: the stacks, the CLI's and plugins' locked versions, and the dev stack's Istio", () => {
    const outputs = ciOutputs(REPO_ROOT, pinned);
    expect(outputs[0]).toBe(`stacks=${JSON.stringify(stackNames(REPO_ROOT))}`);
    expect(outputs).toContain(`pulumi=${pinned.toolchain.pulumi}`);
    expect(outputs).toContain(`kubernetes=${pinned.toolchain.providers.kubernetes}`);
    expect(outputs.at(-1)).toMatch(/^istio=\d+\.\d+\.\d+$/);
  });

  test("install-plugins installs each plugin at the lockfile's version with the pulumi on PATH", () => {
    const bin = tempDir("ci-pulumi-");
    const log = path.join(bin, "calls");
    fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho "$*" >> "${log}"\n`, { mode: 0o755 });
    const run = spawnSync(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        path.join(REPO_ROOT, "tools/e2e/ci/main.ts"),
        "install-plugins",
      ],
      { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` } },
    );
    expect(run.status).toBe(0);
    const expected = pluginInstallArgs(pinned).map((args) => `${args.join(" ")} --non-interactive`);
    expect(fs.readFileSync(log, "utf8").trim().split("\n")).toEqual(expected);
    expect(expected[0]).toBe(
      `plugin install resource kubernetes ${pinned.toolchain.providers.kubernetes} --non-interactive`,
    );
  });
});
