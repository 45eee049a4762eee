import { parseLaneArgs, UsageError } from "../../tools/e2e/lane/args";
import { planLane, selectSteps, STEP_NAMES } from "../../tools/e2e/lane/steps";

describe("lane arguments", () => {
  test("all steps by default, in life-cycle order", () => {
    expect(parseLaneArgs(["--stack", "dev", "--report", "r.json"])).toEqual({
      stack: "dev",
      stackFile: undefined,
      steps: [...STEP_NAMES],
      report: "r.json",
      keep: false,
    });
    expect(STEP_NAMES).toEqual([
      "preview",
      "up",
      "preview-no-changes",
      "refresh",
      "up-again",
      "analyze",
      "destroy",
    ]);
  });

  test("--steps picks some, run in life-cycle order whatever the order written", () => {
    const args = parseLaneArgs(["--stack=dev", "--steps", "destroy,up", "--report=r.json"]);
    expect(args.steps).toEqual(["up", "destroy"]);
  });

  test("--stack-file and --keep", () => {
    const args = parseLaneArgs([
      "--stack",
      "mine",
      "--stack-file",
      "stacks/x.yaml",
      "--report",
      "r",
      "--keep",
    ]);
    expect(args.stackFile).toBe("stacks/x.yaml");
    expect(args.keep).toBe(true);
  });

  test.each([
    [[], "--stack NAME is required"],
    [["--stack", "dev"], "--report FILE is required"],
    [["--stack"], "--stack needs a value"],
    [["--stack", "--report", "r"], "--stack needs a value"],
    [["--stack", "a b", "--report", "r"], '--stack "a b" is not a stack name'],
    [["--stack", "dev", "--stack", "x", "--report", "r"], "--stack is given twice"],
    [["--stack", "dev", "--report", "r", "--yes"], 'unknown argument "--yes"'],
    [
      ["--stack", "dev", "--report", "r", "--steps", "up,deploy,smoke"],
      'unknown steps "deploy", "smoke" in --steps; known: preview, up,',
    ],
    [["--stack", "dev", "--report", "r", "--steps", ","], "--steps needs at least one step"],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => parseLaneArgs(argv)).toThrow(UsageError);
    expect(() => parseLaneArgs(argv)).toThrow(message);
  });
});

describe("lane plan", () => {
  test("the snapshot and the leftover check go with destroy", () => {
    expect(planLane(selectSteps("preview"))).toMatchObject({
      snapshotBeforeDestroy: false,
      leftoverCheck: false,
    });
    expect(planLane(selectSteps(undefined))).toMatchObject({
      snapshotBeforeDestroy: true,
      leftoverCheck: true,
    });
  });
});
