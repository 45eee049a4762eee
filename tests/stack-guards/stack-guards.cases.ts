/** The live-stack guards as pure functions: the self stack's names, each guard's rule, and how they combine. */
import {
  guardProblems,
  ingressApiSwitchProblem,
  selfStackNames,
  stackGuards,
} from "../../components/stack-guards";
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

describe("ingressApi switch", () => {
  const ports = { http: 30080, https: 30443 };
  test("no previous value, or the same, passes", () => {
    expect(ingressApiSwitchProblem(undefined, "istio", "k3d", ports)).toBeUndefined();
    expect(ingressApiSwitchProblem("gateway-api", "gateway-api", "k3d", ports)).toBeUndefined();
  });

  test("either direction stops, naming the key, both values and the steps", () => {
    const problem = ingressApiSwitchProblem("gateway-api", "istio", "k3d", ports);
    expect(problem).toContain(
      "istio-sandbox:ingressApi is istio, but this stack's ingress gateway was made for gateway-api.",
    );
    expect(problem).toContain("  1. npm run config -- set ingressApi gateway-api");
    expect(problem).toContain(
      "  2. npm run destroy        (deletes the k3d cluster, its storage volume included)",
    );
    expect(problem).toContain(
      "To keep the current ingress instead: npm run config -- set ingressApi gateway-api",
    );
  });
});

describe("the guards for a config", () => {
  test("the installer and the ingress API, each read from its own output; all problems, in guard order", () => {
    const { guards, values } = stackGuards(parseConfig({ istioInstaller: "helm" }));
    expect(guards.map((g) => g.output)).toEqual(["istioInstaller", "ingressApi"]);
    expect(values).toEqual({});
    const problems = guardProblems(guards, { istioInstaller: "istioctl", ingressApi: "gateway-api" });
    expect(problems.map((p) => p.split(" ")[0])).toEqual([
      "istio-sandbox:istioInstaller",
      "istio-sandbox:ingressApi",
    ]);
    expect(guardProblems(guards, {})).toEqual([]);
  });
});
