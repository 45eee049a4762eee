import * as fs from "node:fs";
import * as path from "node:path";
import {
  failures,
  OUTPUT_TAIL,
  SKIPPED,
  tail,
  writeReport,
  type LaneReport,
} from "../../tools/e2e/lane/report";
import { tempDir } from "./harness/temp-dirs";

const toolchain = {
  pulumi: "3.248.0",
  providers: { kubernetes: "4.34.2", tls: "5.6.1", command: "1.2.1" },
  kubernetes: "1.34.8",
  etcd: "3.6.16",
  kwok: "0.8.0",
  istioctl: "1.31.1",
  metallb: "0.16.1",
};

const passing = (): LaneReport => ({
  stack: "dev",
  toolchain,
  steps: [
    { name: "up", ok: true, seconds: 10, changes: 40 },
    { name: "up-again", ok: true, seconds: 5, changes: 0 },
  ],
  analyze: [{ code: "IST0103", level: "Warning", resource: "Pod default/x", message: "m", allowed: "why" }],
  objects: [],
  leftovers: [],
});

describe("lane report", () => {
  test("a clean run has no failures", () => {
    expect(failures(passing())).toEqual([]);
  });

  test("a failed step, changes on up-again, an analyzer Error and a leftover each fail the run", () => {
    const report = passing();
    report.steps[0] = { name: "up", ok: false, seconds: 1, output: "boom" };
    report.steps[1] = { name: "up-again", ok: true, seconds: 1, changes: 2 };
    report.analyze = [
      {
        code: "IST0101",
        level: "Error",
        resource: "VirtualService default/hello",
        message: "Referenced gateway not found",
      },
    ];
    report.leftovers = [{ apiVersion: "v1", kind: "Namespace", namespace: "", name: "shop" }];
    expect(failures(report)).toEqual([
      "step up failed",
      "up-again made 2 change(s); it must make none",
      "istioctl analyze: IST0101 on VirtualService default/hello: Referenced gateway not found",
      "left over: Namespace shop (v1)",
    ]);
  });

  test("a step skipped after a failure says so", () => {
    const report = passing();
    report.steps[1] = { name: "up-again", ok: false, seconds: 0, output: SKIPPED };
    expect(failures(report)).toEqual(["step up-again skipped: an earlier step failed"]);
  });

  test("an allowed Error does not fail the run; Warnings never do", () => {
    const report = passing();
    report.analyze = [
      { code: "IST0103", level: "Error", resource: "Pod a/b", message: "m", allowed: "simulated" },
      { code: "IST0102", level: "Warning", resource: "Namespace a", message: "not injected" },
    ];
    expect(failures(report)).toEqual([]);
  });

  test("output keeps the last 4000 characters", () => {
    const long = `${"a".repeat(10)}${"b".repeat(OUTPUT_TAIL)}`;
    expect(OUTPUT_TAIL).toBe(4000);
    expect(tail(long)).toBe("b".repeat(OUTPUT_TAIL));
    expect(tail("short")).toBe("short");
  });

  test("the report is written as JSON with the issue's field names", () => {
    const file = path.join(tempDir("lane-report-"), "sub", "report.json");
    writeReport(file, passing());
    const read = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(Object.keys(read)).toEqual(["stack", "toolchain", "steps", "analyze", "objects", "leftovers"]);
    expect(read.steps[0]).toEqual({ name: "up", ok: true, seconds: 10, changes: 40 });
    expect(read.toolchain).toEqual(toolchain);
  });
});
