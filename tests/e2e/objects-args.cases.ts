import { parseObjectsArgs } from "../../tools/e2e/objects/args";

describe("npm run e2e:objects arguments", () => {
  test("the lane's stack flags plus --istioctl", () => {
    expect(
      parseObjectsArgs(["--stack", "dev", "--report=r.json", "--istioctl", "/opt/istioctl", "--keep"]),
    ).toEqual({
      stack: "dev",
      stackFile: undefined,
      report: "r.json",
      istioctl: "/opt/istioctl",
      keep: true,
    });
    expect(parseObjectsArgs(["--stack=dev", "--report", "r.json"]).istioctl).toBeUndefined();
  });

  test("a lane-only flag, a missing value and a missing report are errors that say so", () => {
    expect(() => parseObjectsArgs(["--stack", "dev", "--report", "r", "--steps", "up"])).toThrow(
      'unknown argument "--steps"',
    );
    expect(() => parseObjectsArgs(["--stack", "dev", "--report", "r", "--istioctl"])).toThrow(
      "--istioctl needs a value",
    );
    expect(() => parseObjectsArgs(["--stack", "dev"])).toThrow("--report FILE is required");
  });
});
