import { parseToolsArgs } from "../../../tools/e2e/toolchain/args";

const steps = ["pulumi", "kubernetes", "kwok"];

describe("e2e:tools arguments", () => {
  it("builds everything by default", () => {
    expect(parseToolsArgs([], steps)).toEqual({ only: undefined, rebuild: false, help: false });
  });

  it("takes --only as a list, in both spellings, and --rebuild", () => {
    expect(parseToolsArgs(["--only", "pulumi,kwok", "--only=kubernetes", "--rebuild"], steps)).toEqual({
      only: ["pulumi", "kwok", "kubernetes"],
      rebuild: true,
      help: false,
    });
  });

  it("names unknown steps and lists the known ones", () => {
    expect(() => parseToolsArgs(["--only", "pulumi,helm"], steps)).toThrow(
      "--only: unknown step(s) helm; steps: pulumi, kubernetes, kwok",
    );
  });

  it("rejects --only without a value", () => {
    expect(() => parseToolsArgs(["--only"], steps)).toThrow(
      "--only needs step names, e.g. --only pulumi,kwok",
    );
    expect(() => parseToolsArgs(["--only", "--rebuild"], steps)).toThrow("--only needs step names");
  });

  it("rejects unknown flags with the accepted ones", () => {
    expect(() => parseToolsArgs(["--force"], steps)).toThrow(
      'unknown argument "--force"; accepted: --only STEP[,STEP...], --rebuild, --help',
    );
  });

  it("accepts --help", () => {
    expect(parseToolsArgs(["-h"], steps).help).toBe(true);
  });
});
