import * as fs from "node:fs";
import * as path from "node:path";
import { runGuarded, verdict, type GuardedRun } from "../../tools/e2e/lane/guarded-run";
import { tempDir } from "./harness/temp-dirs";

function fakeRun(): GuardedRun & { finished: number } {
  const run = {
    report: {} as { errors?: string[] },
    finished: 0,
    finish: () => {
      run.finished++;
      return Promise.resolve();
    },
  };
  return run;
}

describe("a guarded e2e run", () => {
  test("a failing body is recorded in the report, and the run is still finished and cleaned up", async () => {
    const workdir = tempDir("guarded-");
    fs.writeFileSync(path.join(workdir, "state"), "x");
    const run = fakeRun();
    const said: string[] = [];
    await runGuarded(run, () => Promise.reject(new Error("kwokctl create cluster failed")), {
      workdir,
      keep: false,
      keptNote: "kept",
      say: (l) => said.push(l),
    });
    expect(run.report.errors).toEqual(["kwokctl create cluster failed"]);
    expect(said).toEqual(["kwokctl create cluster failed"]);
    expect(run.finished).toBe(1);
    expect(fs.existsSync(workdir)).toBe(false);
  });

  test("a finished run leaves no signal handler behind", async () => {
    const before = process.listenerCount("SIGINT");
    await runGuarded(fakeRun(), () => Promise.resolve(), {
      workdir: tempDir("guarded-"),
      keep: false,
      keptNote: "",
      say: () => undefined,
    });
    expect(process.listenerCount("SIGINT")).toBe(before);
  });

  test("--keep keeps the work directory and says where it is", async () => {
    const workdir = tempDir("guarded-");
    const run = fakeRun();
    const said: string[] = [];
    await runGuarded(run, () => Promise.resolve(), {
      workdir,
      keep: true,
      keptNote: `kept ${workdir}`,
      say: (l) => said.push(l),
    });
    expect(run.report.errors).toBeUndefined();
    expect(run.finished).toBe(1);
    expect(fs.existsSync(workdir)).toBe(true);
    expect(said).toEqual([`kept ${workdir}`]);
  });
});

describe("the verdict", () => {
  test("failures are printed one a line and exit 1; none exits 0", () => {
    const said: string[] = [];
    expect(verdict(["up-again changed 2 resources"], "r.json", (l) => said.push(l))).toBe(1);
    expect(said).toEqual(["FAIL: up-again changed 2 resources", "failed; report in r.json"]);
    said.length = 0;
    expect(verdict([], "r.json", (l) => said.push(l))).toBe(0);
    expect(said).toEqual(["passed; report in r.json"]);
  });
});
