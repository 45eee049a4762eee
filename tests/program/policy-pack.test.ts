/** The project's own stacks, captured under mocks and fed through the policy pack: no violations. */
import { runPack } from "../../policies/testing/run-pack";
import type { MockStack } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { runSandbox } from "./run-sandbox";

async function violations(stack: MockStack) {
  return runPack(
    stack.resources.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.inputs,
      dependencies: [...stack.dependenciesOf(r)],
      parent: r.parent,
    })),
  );
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
