/** The whole program against an existing cluster: no k3d, MetalLB only on request, Istio uninstalled on destroy. */
import { resolve } from "../harness/mock-program";
import { runSandbox } from "./run-sandbox";

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: prod
contexts:
  - name: prod
    context: { cluster: prod-cluster, user: admin }
  - name: lab
    context: { cluster: lab-cluster, user: admin }
clusters: []
users: []
`;

describe("existing mode", () => {
  test("uses the given kubeconfig and context; no k3d, no MetalLB, nothing deleted with a cluster", async () => {
    const { stack, outputs } = await runSandbox({
      mode: "existing",
      kubeconfig: KUBECONFIG,
      kubeContext: "lab",
    });
    const types = stack.resources.map((r) => r.type);
    expect(types).toContain("istio-sandbox:cluster:ExistingCluster");
    expect(types).not.toContain("istio-sandbox:cluster:K3dCluster");
    expect(types).not.toContain("istio-sandbox:metallb:MetalLB");
    expect(stack.ofType("command:local:Command").map((c) => c.name)).not.toContain("sandbox-k3d");

    const provider = stack.get("pulumi:providers:kubernetes", "sandbox-provider");
    expect(provider.inputs).toMatchObject({ kubeconfig: KUBECONFIG, context: "lab" });
    expect(provider.secretPaths).toContain("kubeconfig");

    for (const resource of stack.resources) expect(resource.deletedWith).toBeUndefined();

    await expect(resolve(outputs.clusterName)).resolves.toEqual({
      value: "lab-cluster",
      secret: false,
    });
    await expect(resolve(outputs.kubeconfig)).resolves.toMatchObject({ secret: true });
    const ingress = (await resolve(outputs.ingress)).value;
    expect(ingress.localHttpPort).toBeUndefined();
  });

  test("the Istio install is removed on destroy, since the cluster outlives the stack", async () => {
    const { stack } = await runSandbox({ mode: "existing", kubeconfig: KUBECONFIG });
    const install = stack.get("command:local:Command", "istio-istioctl");
    expect(install.inputs.delete).toContain("uninstall --purge");
  });

  test("loadBalancer metallb installs MetalLB, with the pool from config", async () => {
    const { stack } = await runSandbox({
      mode: "existing",
      kubeconfig: KUBECONFIG,
      loadBalancer: "metallb",
      metallbAddresses: "10.10.0.200-10.10.0.210",
    });
    expect(stack.ofType("istio-sandbox:metallb:MetalLB")).toHaveLength(1);
    const pool = stack.get("kubernetes:metallb.io/v1beta1:IPAddressPool", "metallb-pool");
    expect(pool.inputs.spec.addresses).toEqual(["10.10.0.200-10.10.0.210"]);
  });
});

describe("bad config", () => {
  test("stops the program before any resource is registered", async () => {
    await expect(runSandbox({ servers: 0, agnets: 2 })).rejects.toThrow(
      /Invalid stack configuration \(2 problems\); nothing was changed:\n {2}- istio-sandbox:servers: .*\n {2}- istio-sandbox:agnets: unknown key; did you mean "agents"\?/,
    );
  });
});
