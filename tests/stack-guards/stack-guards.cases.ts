/** The live-stack guards as pure functions: the self stack's names, and how the guards combine. */
import { guardProblems, selfStackNames, stackGuards } from "../../components/stack-guards";
import { parseConfig } from "../../components/config";

describe("the stack's own name, per backend", () => {
  test("the DIY backend (organization `organization`): the bare name first, which both of its layouts parse", () => {
    expect(selfStackNames("organization", "istio-sandbox", "dev")).toEqual([
      "dev",
      "organization/istio-sandbox/dev",
    ]);
  });

  test("Pulumi Cloud: only the fully qualified name, which it requires", () => {
    expect(selfStackNames("acme", "istio-sandbox", "dev")).toEqual(["acme/istio-sandbox/dev"]);
  });
});

describe("the guards for a config", () => {
  test("the installer, read from its own output", () => {
    const { guards, values } = stackGuards(parseConfig({ istioInstaller: "helm" }));
    expect(guards.map((g) => g.output)).toEqual(["istioInstaller"]);
    expect(values).toEqual({});
    expect(guardProblems(guards, { istioInstaller: "istioctl" })).toEqual([
      expect.stringContaining("istio-sandbox:istioInstaller is helm"),
    ]);
    expect(guardProblems(guards, {})).toEqual([]);
  });
});
