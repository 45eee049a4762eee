/** The meshCa key: its default, its values, and every bad input's message. */
import { parseConfig } from "../../components/config";
import { problem } from "./problem";

describe("meshCa", () => {
  test("defaults to istiod, which keeps istiod's own self-signed root", () => {
    expect(parseConfig({}).meshCa).toBe("istiod");
  });

  test("sandbox makes the stack's CA the mesh's root, in either mode and with either installer", () => {
    expect(parseConfig({ meshCa: "sandbox" }).meshCa).toBe("sandbox");
    expect(
      parseConfig({ meshCa: "sandbox", mode: "existing", kubeconfig: "/k", istioInstaller: "helm" }).meshCa,
    ).toBe("sandbox");
  });

  test.each([
    [
      "an unknown CA",
      { meshCa: "foo" },
      `istio-sandbox:meshCa: must be one of "istiod", "sandbox"; got "foo". Fix: pulumi config set meshCa <value>`,
    ],
    [
      "a value in the wrong case",
      { meshCa: "Sandbox" },
      `istio-sandbox:meshCa: must be one of "istiod", "sandbox"; got "Sandbox".`,
    ],
    ["a boolean", { meshCa: true }, `istio-sandbox:meshCa: must be one of "istiod", "sandbox"; got true.`],
  ])("%s names the key, the value and the fix", (_title, raw, expected) => {
    expect(problem(raw)).toContain(expected);
  });

  test("a misspelt key suggests meshCa", () => {
    expect(problem({ meshCA: "sandbox" })).toBe(
      '- istio-sandbox:meshCA: unknown key; did you mean "meshCa"? Rename it: pulumi config rm meshCA && pulumi config set meshCa <value>',
    );
  });
});
