/** The live-stack guards as pure functions: the self stack's names, each guard's rule, and how they combine. */
import {
  clusterTargetProblem,
  guardProblems,
  ingressApiSwitchProblem,
  selfStackNames,
  stackGuards,
} from "../../components/stack-guards";
import { parseConfig } from "../../components/config";

const PROD = { context: "prod", server: "https://prod.example:6443" };

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

describe("cluster target", () => {
  test("no record (a first update, or a stack from before), or something that is not one, passes", () => {
    expect(clusterTargetProblem(undefined, PROD, undefined)).toBeUndefined();
    expect(clusterTargetProblem("prod", PROD, undefined)).toBeUndefined();
    expect(clusterTargetProblem({ context: "prod" }, PROD, undefined)).toBeUndefined();
  });

  test("the same context and server pass", () => {
    expect(clusterTargetProblem({ ...PROD }, PROD, undefined)).toBeUndefined();
    expect(clusterTargetProblem({ ...PROD }, PROD, "prod")).toBeUndefined();
  });

  test("another context stops when kubeContext is unset, and passes when kubeContext names it", () => {
    const lab = { context: "lab", server: "https://lab.example:6443" };
    expect(clusterTargetProblem(PROD, lab, undefined)).toContain("istio-sandbox:kubeContext is not set");
    expect(clusterTargetProblem(PROD, lab, "lab")).toBeUndefined();
  });

  test("another server behind the recorded context stops even when kubeContext names that context", () => {
    const moved = { context: "prod", server: "https://new.example:6443" };
    expect(clusterTargetProblem(PROD, moved, "prod")).toContain(
      'The kubeconfig\'s context "prod" now points at https://new.example:6443',
    );
  });

  test("a context name that is not one shell word is quoted in the commands", () => {
    const odd = { context: "team a's", server: "https://a.example" };
    expect(clusterTargetProblem(odd, PROD, undefined)).toContain(
      `To stay on "team a's": npm run config -- set kubeContext 'team a'\\''s'`,
    );
    const eks = { context: "arn:aws:eks:eu-west-1:1:cluster/lab", server: "https://eks.example" };
    expect(clusterTargetProblem(eks, PROD, undefined)).toContain(
      "npm run config -- set kubeContext arn:aws:eks:eu-west-1:1:cluster/lab\n",
    );
  });
});

describe("the guards for a config", () => {
  const kubeconfig = `apiVersion: v1
kind: Config
current-context: prod
contexts: [{ name: prod, context: { cluster: prod-cluster, user: admin } }]
clusters: [{ name: prod-cluster, cluster: { server: "https://admin:secret@prod.example:6443/?token=t" } }]
users: [{ name: admin, user: { token: admin-token } }]
`;

  test("k3d mode: the installer, the ingress API and the revisions; no cluster target", () => {
    const { guards, values } = stackGuards(parseConfig({}));
    expect(guards.map((g) => g.output)).toEqual(["istioInstaller", "ingressApi", "istioRevisions"]);
    expect(values).toEqual({ clusterTarget: undefined });
  });

  test("existing mode adds the cluster target, recorded without credentials", () => {
    const { guards, values } = stackGuards(parseConfig({ mode: "existing", kubeconfig }));
    expect(guards.map((g) => g.output)).toEqual([
      "istioInstaller",
      "ingressApi",
      "istioRevisions",
      "clusterTarget",
    ]);
    expect(values.clusterTarget).toEqual(PROD);
  });

  test("each guard reads its own output; all problems are reported, in guard order", () => {
    const { guards } = stackGuards(parseConfig({ mode: "existing", kubeconfig, istioInstaller: "helm" }));
    const problems = guardProblems(guards, {
      istioInstaller: "istioctl",
      ingressApi: "gateway-api",
      clusterTarget: { context: "lab", server: "https://lab.example" },
    });
    expect(problems.map((p) => p.split(" ")[0])).toEqual([
      "istio-sandbox:istioInstaller",
      "istio-sandbox:ingressApi",
      "istio-sandbox:kubeContext",
    ]);
    expect(guardProblems(guards, {})).toEqual([]);
  });
});
