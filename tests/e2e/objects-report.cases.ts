import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseObjectsArgs } from "../../tools/e2e/objects/args";
import {
  notRenderedOf,
  objectsFailures,
  snapshotOf,
  writeObjectsReport,
  type ObjectsReport,
} from "../../tools/e2e/objects/report";
import { PINNED } from "./toolchain/pinned";

const toolchain = PINNED.toolchain;

const passing = (): ObjectsReport => ({
  stack: "dev",
  toolchain,
  steps: [
    { name: "render", ok: true, seconds: 5, count: 9 },
    { name: "apply", ok: true, seconds: 3, count: 10 },
    { name: "analyze", ok: true, seconds: 2 },
  ],
  analyze: [{ code: "IST0103", level: "Warning", resource: "Pod default/x", message: "m", allowed: "why" }],
  objects: [],
});

describe("objects report", () => {
  test("a clean run has no failures", () => {
    expect(objectsFailures(passing())).toEqual([]);
  });

  test("a failed step, an analyzer Error not allowed, and an error each fail the run", () => {
    const report = passing();
    report.steps.push({ name: "istioctl-install", ok: false, seconds: 0, output: "no istioctl" });
    report.analyze = [
      {
        code: "IST0101",
        level: "Error",
        resource: "VirtualService default/x",
        message: "Referenced host not found",
      },
      { code: "IST0103", level: "Error", resource: "Pod default/y", message: "m", allowed: "simulated" },
    ];
    report.errors = ["interrupted by SIGINT"];
    expect(objectsFailures(report)).toEqual([
      "step istioctl-install failed",
      "istioctl analyze: IST0101 on VirtualService default/x: Referenced host not found",
      "interrupted by SIGINT",
    ]);
  });

  test("an object's snapshot keeps names and labels, never a Secret's data", () => {
    const snapshot = snapshotOf({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "cred", namespace: "istio-system", labels: { a: "b" } },
      stringData: { "tls.key": "PRIVATE" },
    });
    expect(snapshot).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      namespace: "istio-system",
      name: "cred",
      labels: { a: "b" },
    });
    expect(JSON.stringify(snapshot)).not.toContain("PRIVATE");
    expect(
      notRenderedOf([
        { resource: "m", release: "m", chart: "metallb", namespace: "ms", createNamespace: true, values: {} },
      ]),
    ).toEqual([{ resource: "m", chart: "metallb", namespace: "ms" }]);
  });

  test("the report is written as JSON, its directory made", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "objects-report-"));
    const file = path.join(dir, "sub", "report.json");
    writeObjectsReport(file, passing());
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual(passing());
    fs.rmSync(dir, { recursive: true });
  });
});

describe("objects command line", () => {
  test("stack, stack file, report, istioctl and keep", () => {
    expect(
      parseObjectsArgs([
        "--stack",
        "dev",
        "--stack-file=x.yaml",
        "--report",
        "r.json",
        "--istioctl",
        "/i",
        "--keep",
      ]),
    ).toEqual({ stack: "dev", stackFile: "x.yaml", report: "r.json", istioctl: "/i", keep: true });
  });

  test.each([
    [["--report", "r"], "--stack NAME is required"],
    [["--stack", "dev"], "--report FILE is required"],
    [["--stack", "a b", "--report", "r"], '--stack "a b" is not a stack name'],
    [["--stack", "dev", "--steps", "up"], 'unknown argument "--steps"'],
    [["--stack", "--report", "r"], "--stack needs a value"],
    [["--stack", "a", "--stack", "b", "--report", "r"], "--stack is given twice"],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => parseObjectsArgs(argv)).toThrow(message);
  });
});
