/**
 * The policy pack over the project's own stacks as the engine hands them over: at a first preview, where
 * every Kubernetes provider in k3d mode waits for the cluster's kubeconfig, and at up, where stack
 * policies get live objects. A real engine run failed the dev stack's first preview here.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { runPack, type Phase } from "../../policies/testing/run-pack";
import { stackConfig } from "../harness/stack-file";
import { packInput } from "./pack-input";
import { runSandbox } from "./run-sandbox";
import { LAB_KUBECONFIG } from "../fixtures/kubeconfigs";

const GATEWAY = "kubernetes:networking.istio.io/v1:Gateway";

/** A stack policy that only records the props it was handed for each Istio Gateway. */
function gatewayProps(seen: Record<string, unknown>[]): StackValidationPolicy {
  return {
    name: "record-gateway-props",
    description: "test probe",
    enforcementLevel: "advisory",
    validateStack: (args) => {
      for (const r of args.resources) if (r.type === GATEWAY) seen.push({ ...r.props });
    },
  };
}

/** Existing mode, Helm, MUTUAL, two apps: the stack that a real engine's preview passed with the pack. */
const EXISTING = {
  ...stackConfig("Pulumi.e2e-existing.yaml"),
  kubeconfig: LAB_KUBECONFIG,
  istioInstaller: "helm",
  tlsMode: "MUTUAL",
  apps: [
    { name: "helloworld", image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0" },
    {
      name: "shop",
      image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0",
      namespace: "shop",
    },
  ],
};

const STACKS: readonly [string, Record<string, unknown>][] = [
  ["the dev stack", stackConfig("Pulumi.dev.yaml")],
  ["the dev stack with the Helm installer", { ...stackConfig("Pulumi.dev.yaml"), istioInstaller: "helm" }],
  ["the dev stack with the Gateway API", { ...stackConfig("Pulumi.dev.yaml"), ingressApi: "gateway-api" }],
  [
    "the dev stack, ambient with waypoints",
    {
      ...stackConfig("Pulumi.dev.yaml"),
      ingressApi: "gateway-api",
      dataplaneMode: "ambient",
      waypoint: true,
    },
  ],
  ["e2e-helm", stackConfig("Pulumi.e2e-helm.yaml")],
  ["e2e-mutual", stackConfig("Pulumi.e2e-mutual.yaml")],
  ["e2e-revisions (Helm, two revisions, two tags)", stackConfig("Pulumi.e2e-revisions.yaml")],
  ["e2e-revisions-istioctl", stackConfig("Pulumi.e2e-revisions-istioctl.yaml")],
  ["an existing-mode stack", EXISTING],
];

describe("the policy pack as the engine runs it", () => {
  test("at a first preview in k3d mode, a stack policy is handed each Istio Gateway as {}", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"), { firstPreview: true });
    const seen: Record<string, unknown>[] = [];
    await runPack(packInput(stack), { policies: [gatewayProps(seen)] });
    expect(seen).toHaveLength(2);
    expect(seen).toEqual([{}, {}]);
  });

  test("at up, a stack policy is handed each Gateway's live object", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"));
    const seen: Record<string, unknown>[] = [];
    await runPack(packInput(stack), { phase: "up", policies: [gatewayProps(seen)] });
    expect(seen).toHaveLength(2);
    for (const props of seen) {
      expect(props).toMatchObject({
        metadata: { namespace: "istio-system", uid: expect.any(String) },
        spec: { selector: { istio: "ingressgateway" } },
        status: {},
      });
    }
  });

  test.each(STACKS)("%s: no violation at its first preview", async (_title, config) => {
    const { stack } = await runSandbox(config, { firstPreview: true });
    expect(await runPack(packInput(stack))).toEqual([]);
  });

  test.each(
    STACKS.flatMap(([title, config]) =>
      (["preview", "up"] as Phase[]).map((phase) => [title, phase, config] as const),
    ),
  )("%s: no violation at %s once the cluster exists", async (_title, phase, config) => {
    const { stack } = await runSandbox(config);
    expect(await runPack(packInput(stack), { phase })).toEqual([]);
  });

  test("without the inputs kept for them, the stack policies stay silent rather than judge {}", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"), { firstPreview: true });
    const broken = packInput(stack).map((r) =>
      r.type === GATEWAY ? { ...r, props: { ...r.props, spec: { servers: [] } } } : r,
    );
    const found = await runPack(broken, { config: { "inputs-for-stack-policies": "disabled" } });
    expect(found.filter((v) => v.policyName === "gateway-selector-matches-install")).toEqual([]);
  });

  test("in existing mode the provider is configured at the first preview: the stack policies see checked inputs", async () => {
    const { stack } = await runSandbox(EXISTING, { firstPreview: true });
    const seen: Record<string, unknown>[] = [];
    const withoutInputs = { "inputs-for-stack-policies": "disabled" } as const;
    await runPack(packInput(stack), { policies: [gatewayProps(seen)], config: withoutInputs });
    expect(seen).toHaveLength(2);
    for (const props of seen) expect(props).toMatchObject({ metadata: { namespace: "istio-system" } });
    const broken = packInput(stack).map((r) =>
      r.type === GATEWAY
        ? { ...r, props: { ...r.props, spec: { ...(r.props.spec as object), selector: {} } } }
        : r,
    );
    const found = await runPack(broken, { config: withoutInputs });
    expect(found.filter((v) => v.policyName === "gateway-selector-matches-install")).toHaveLength(2);
  });

  test("with the inputs kept, a first preview still catches a Gateway without a selector", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"), { firstPreview: true });
    const broken = packInput(stack).map((r) =>
      r.type === GATEWAY && r.name.endsWith("https-gateway")
        ? { ...r, props: { ...r.props, spec: { ...(r.props.spec as object), selector: {} } } }
        : r,
    );
    const found = await runPack(broken);
    const selector = found.filter((v) => v.policyName === "gateway-selector-matches-install");
    expect(selector).toHaveLength(1);
    expect(selector[0].message).toContain("has no selector");
  });
});
