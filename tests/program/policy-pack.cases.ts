/** The project's own stacks, captured under mocks and fed through the policy pack: no violations. */
import { runPack } from "../../policies/testing/run-pack";
import type { MockStack } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { packInput } from "./pack-input";
import { runSandbox } from "./run-sandbox";

async function violations(stack: MockStack) {
  return runPack(packInput(stack));
}

describe("the policy pack over the project's own stacks", () => {
  test("the dev stack has no violation", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"));
    expect(await violations(stack)).toEqual([]);
  });

  test("a multi-app, multi-namespace MUTUAL stack with the Helm installer has no violation", async () => {
    const { stack } = await runSandbox({
      istioInstaller: "helm",
      tlsMode: "MUTUAL",
      httpsRedirect: true,
      meshWideMtls: true,
      keyAlgorithm: "ECDSA",
      apps: [
        { name: "helloworld", image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0" },
        {
          name: "shop",
          image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0",
          namespace: "shop",
        },
      ],
    });
    expect(stack.ofType("kubernetes:apps/v1:Deployment")).toHaveLength(2);
    expect(await violations(stack)).toEqual([]);
  });

  test.each([
    ["gateway-api, sidecars", { ingressApi: "gateway-api" }],
    [
      "gateway-api, ambient with waypoints, https redirect",
      { ingressApi: "gateway-api", dataplaneMode: "ambient", waypoint: true, httpsRedirect: true },
    ],
    ["istio, ambient", { dataplaneMode: "ambient" }],
    [
      "gateway-api, Helm, a second namespace",
      {
        ingressApi: "gateway-api",
        istioInstaller: "helm",
        apps: [
          { name: "helloworld", image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0" },
          {
            name: "shop",
            image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0",
            namespace: "shop",
          },
        ],
      },
    ],
  ])("the dev stack with %s has no violation", async (_title, overrides) => {
    const { stack } = await runSandbox({ ...stackConfig("Pulumi.dev.yaml"), ...overrides });
    expect(
      stack.ofType("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").length +
        stack.ofType("kubernetes:networking.istio.io/v1:VirtualService").length,
    ).toBeGreaterThan(4);
    expect(await violations(stack)).toEqual([]);
  });

  test("the pack sees Gateway API stacks: an HTTPRoute without the Gateway's namespace is caught", async () => {
    const { stack } = await runSandbox({ ...stackConfig("Pulumi.dev.yaml"), ingressApi: "gateway-api" });
    const captured = stack.resources.map((r) =>
      r.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute" &&
      r.inputs.metadata.namespace === "default"
        ? {
            ...r,
            inputs: {
              ...r.inputs,
              spec: {
                ...r.inputs.spec,
                parentRefs: r.inputs.spec.parentRefs.map((ref: Record<string, unknown>) => ({
                  ...ref,
                  namespace: undefined,
                })),
              },
            },
          }
        : r,
    );
    const found = await runPack(
      captured.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, parent: r.parent })),
    );
    const parentRefs = found.filter((v) => v.policyName === "httproute-parent-refs");
    expect(parentRefs.length).toBeGreaterThan(0);
    expect(parentRefs[0].message).toContain(
      "names Gateway default/ingress in parentRefs, which the stack does not declare",
    );
  });

  test("the pack does see the stack: breaking one VirtualService reference is caught", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"));
    const captured = stack.resources.map((r) =>
      r.type === "kubernetes:networking.istio.io/v1:VirtualService"
        ? { ...r, inputs: { ...r.inputs, spec: { ...r.inputs.spec, gateways: ["ingressgateway"] } } }
        : r,
    );
    const found = await runPack(
      captured.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, parent: r.parent })),
    );
    expect(found.map((v) => v.policyName)).toContain("virtualservice-gateway-reference");
    expect(found.find((v) => v.policyName === "virtualservice-gateway-reference")?.message).toContain(
      "istio-system/ingressgateway",
    );
  });
});
