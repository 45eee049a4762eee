/** The whole program against an existing cluster: no k3d, MetalLB only on request, Istio uninstalled on destroy. */
import { parse } from "yaml";
import { FOREIGN_ISTIO_PROBE_SCRIPT } from "../../components/istio/foreign-istio-check";
import { OPERATOR_ENV } from "../../components/istio/istioctl-script";
import { nodeScriptCommand } from "../../components/local/shell";
import { resolve } from "../harness/mock-program";
import { runSandbox } from "./run-sandbox";
import { PROD_AND_LAB_KUBECONFIG } from "../fixtures/kubeconfigs";

describe("existing mode", () => {
  test("uses the given kubeconfig and context; no k3d, no MetalLB, nothing deleted with a cluster", async () => {
    const { stack, outputs } = await runSandbox({
      mode: "existing",
      kubeconfig: PROD_AND_LAB_KUBECONFIG,
      kubeContext: "lab",
    });
    const types = stack.resources.map((r) => r.type);
    expect(types).toContain("istio-sandbox:cluster:ExistingCluster");
    expect(types).not.toContain("istio-sandbox:cluster:K3dCluster");
    expect(types).not.toContain("istio-sandbox:metallb:MetalLB");
    expect(stack.ofType("command:local:Command").map((c) => c.name)).not.toContain("sandbox-k3d");

    const provider = stack.get("pulumi:providers:kubernetes", "sandbox-provider");
    expect(provider.inputs.context).toBe("lab");
    expect(provider.secretPaths).toContain("kubeconfig");
    // State holds the selected context's cluster and user only, not the user's other clusters.
    expect(parse(provider.inputs.kubeconfig as string)).toEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "lab-cluster", cluster: { server: "https://lab.example:6443" } }],
      users: [{ name: "admin", user: { token: "admin-token" } }],
      contexts: [{ name: "lab", context: { cluster: "lab-cluster", user: "admin" } }],
      "current-context": "lab",
    });
    for (const command of stack.ofType("command:local:Command")) {
      expect(JSON.stringify(command.inputs)).not.toContain("prod.example");
    }

    for (const resource of stack.resources) expect(resource.deletedWith).toBeUndefined();

    await expect(resolve(outputs.clusterName)).resolves.toEqual({
      value: "lab-cluster",
      secret: false,
    });
    // The kubeconfig is the user's own: not a stack output in existing mode.
    expect(outputs.kubeconfig).toBeUndefined();
    const ingress = (await resolve(outputs.ingress)).value;
    expect(ingress.localHttpPort).toBeUndefined();
  });

  test("destroy removes only the stack's own Istio: uninstall with its IstioOperator, no --purge", async () => {
    const { stack } = await runSandbox({ mode: "existing", kubeconfig: PROD_AND_LAB_KUBECONFIG });
    const install = stack.get("command:local:Command", "istio-istioctl");
    expect(install.inputs.delete).toContain('istioctl uninstall -y -f "$work/istio-operator.yaml"');
    expect(install.inputs.delete).not.toContain("--purge");
    expect(parse(install.inputs.environment[OPERATOR_ENV] as string)).toEqual(parse(install.inputs.stdin));
  });

  test.each(["istioctl", "helm"])(
    "%s: an existing-Istio check runs first, once, and every install step waits for it",
    async (installer) => {
      const { stack } = await runSandbox({
        mode: "existing",
        kubeconfig: PROD_AND_LAB_KUBECONFIG,
        istioInstaller: installer,
      });
      const check = stack.get("command:local:Command", "istio-existing-istio-check");
      expect(check.inputs.create).toBe(nodeScriptCommand(FOREIGN_ISTIO_PROBE_SCRIPT));
      // The update runs the probe, which looks again only when the cluster changed.
      expect(check.inputs.update).toBe(
        `SANDBOX_ISTIO_CHECK_STEP=update ${nodeScriptCommand(FOREIGN_ISTIO_PROBE_SCRIPT)}`,
      );
      expect(check.inputs.triggers).toBeUndefined();
      expect(check.secretPaths.some((p) => p.startsWith("environment"))).toBe(true);
      const first =
        installer === "helm"
          ? stack.get("kubernetes:helm.sh/v3:Release", "istio-base")
          : stack.get("command:local:Command", "istio-istioctl");
      expect(stack.dependenciesOf(first)).toContain(check.urn);
    },
  );

  test("the existing-Istio check is told the target's API server, so that it runs again in another cluster", async () => {
    for (const [config, server] of [
      [{ mode: "existing", kubeconfig: PROD_AND_LAB_KUBECONFIG }, "https://prod.example:6443"],
      [
        { mode: "existing", kubeconfig: PROD_AND_LAB_KUBECONFIG, kubeContext: "lab" },
        "https://lab.example:6443",
      ],
    ] as const) {
      const { stack } = await runSandbox(config);
      const check = stack.get("command:local:Command", "istio-existing-istio-check");
      expect(check.inputs.environment.SANDBOX_TARGET_SERVER).toBe(server);
    }
  });

  test("k3d mode has no existing-Istio check: the cluster is the stack's own", async () => {
    const { stack } = await runSandbox({});
    expect(stack.ofType("command:local:Command").map((c) => c.name)).not.toContain(
      "istio-existing-istio-check",
    );
  });

  test("loadBalancer metallb installs MetalLB, with the pool from config", async () => {
    const { stack } = await runSandbox({
      mode: "existing",
      kubeconfig: PROD_AND_LAB_KUBECONFIG,
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
