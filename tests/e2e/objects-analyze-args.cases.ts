import { parseConfig } from "../../components/config";
import { analyzeRevisionArgs } from "../../tools/e2e/objects/analyze-args";

describe("istioctl analyze's arguments", () => {
  test("a stack with revisions is analyzed as its main revision, which runs the gateways", () => {
    const config = parseConfig({
      istioRevision: "1-31-1",
      istioCanary: { version: "1.31.1", revision: "1-31-1-next" },
    });
    expect(analyzeRevisionArgs(config)).toEqual(["--revision", "1-31-1"]);
  });

  test("a stack without revisions is analyzed as istioctl's default revision", () => {
    expect(analyzeRevisionArgs(parseConfig({}))).toEqual([]);
  });
});
