import { parseConfig } from "../../components/config";
import { IngressAddress, IstioMesh } from "../../components/istio";
import { LB_ADDRESS_PROBE_SCRIPT } from "../../components/istio/ingress-address";
import { MetalLB } from "../../components/metallb";
import "../harness/fake-network";
import { gate, resolve, runUnderMocks, startUnderMocks } from "../harness/mock-program";
import { FAKE_KUBECONFIG, fakeCluster } from "../harness/component-fakes";

const COMMAND = "command:local:Command";
const POOL = { type: "kubernetes:metallb.io/v1beta1:IPAddressPool", name: "metallb-pool" };
const L2 = { type: "kubernetes:metallb.io/v1beta1:L2Advertisement", name: "metallb-l2" };
const WEBHOOK = { type: COMMAND, name: "metallb-webhook-ready" };
const ISTIOCTL = { type: COMMAND, name: "istio-istioctl" };
const PROBE = { type: COMMAND, name: "ingress-address-probe" };

/** The platform as index.ts composes it in k3d mode: MetalLB and Istio side by side, then the address. */
function k3dPlatform() {
  const config = parseConfig({});
  const cluster = fakeCluster("k3d");
  const metallb = new MetalLB("metallb", { cluster, settings: config.metallb });
  const mesh = new IstioMesh("istio", { cluster, settings: config.istio });
  const address = new IngressAddress("ingress-address", {
    cluster,
    ingress: mesh,
    metallb: { ready: metallb.ready, addresses: metallb.addresses },
  });
  return { metallb, mesh, address };
}

describe("IngressAddress", () => {
  test("probes the gateway Service with the cluster's kubeconfig (secret) and reports what it prints", async () => {
    const { stack, result } = await runUnderMocks(k3dPlatform, {
      state: (r) =>
        r.type === COMMAND && r.name === PROBE.name ? { stdout: "172.18.255.200\n" } : undefined,
    });
    const probe = stack.get(PROBE.type, PROBE.name);
    expect(probe.inputs.create).toContain(LB_ADDRESS_PROBE_SCRIPT);
    expect(probe.inputs.environment).toMatchObject({
      SANDBOX_KUBECONFIG: FAKE_KUBECONFIG,
      SERVICE_NAMESPACE: "istio-system",
      SERVICE_NAME: "istio-ingressgateway",
      ADDRESS_REQUIRED: "true",
      PROBE_TIMEOUT_SECONDS: "300",
    });
    expect(probe.secretPaths).toContain("environment");
    expect(probe.additionalSecretOutputs).toContain("environment");
    expect(probe.inputs.triggers).toEqual(["172.18.255.200-172.18.255.250"]);
    expect((await resolve(result.address.address)).value).toBe("172.18.255.200");
  });

  test("with MetalLB it depends on the install and on the pool and advertisement", async () => {
    const { stack } = await runUnderMocks(k3dPlatform);
    const deps = stack.dependenciesOf(stack.get(PROBE.type, PROBE.name));
    for (const needed of [ISTIOCTL, POOL, L2])
      expect(deps).toContain(stack.get(needed.type, needed.name).urn);
  });

  test("the address is read only after the pool exists (ordering rule 4)", async () => {
    const pool = gate();
    const run = startUnderMocks(k3dPlatform, {
      hold: (r) => (r.type === POOL.type && r.name === POOL.name ? pool.promise : undefined),
    });
    await run.stack.registration(POOL.type, POOL.name);
    await run.stack.registration(ISTIOCTL.type, ISTIOCTL.name);
    expect(run.stack.ofType(COMMAND).map((r) => r.name)).not.toContain(PROBE.name);
    pool.open();
    await run.done;
    expect(run.stack.registeredAfterCreated(PROBE, POOL)).toBe(true);
    expect(run.stack.registeredAfterCreated(PROBE, ISTIOCTL)).toBe(true);
  });

  test("MetalLB and Istio install in parallel: istioctl does not wait for MetalLB's webhook", async () => {
    const webhook = gate();
    const run = startUnderMocks(k3dPlatform, {
      hold: (r) => (r.type === WEBHOOK.type && r.name === WEBHOOK.name ? webhook.promise : undefined),
    });
    await run.stack.registration(WEBHOOK.type, WEBHOOK.name);
    await run.stack.registration(ISTIOCTL.type, ISTIOCTL.name);
    // Held webhook: no pool yet, yet istioctl is registered and free to run.
    expect(run.stack.ofType(POOL.type)).toHaveLength(0);
    const istioctl = run.stack.get(ISTIOCTL.type, ISTIOCTL.name);
    const metallbUrns = run.stack.resources.filter((r) => r.urn.includes("MetalLB")).map((r) => r.urn);
    expect([...run.stack.dependenciesOf(istioctl)].filter((urn) => metallbUrns.includes(urn))).toEqual([]);
    webhook.open();
    await run.done;
  });

  test("existing mode with the cluster's own load balancer: no MetalLB, the address is optional", async () => {
    const { stack, result } = await runUnderMocks(
      () => {
        const config = parseConfig({ mode: "existing", kubeconfig: FAKE_KUBECONFIG });
        const cluster = fakeCluster("existing", { context: "prod" });
        const mesh = new IstioMesh("istio", { cluster, settings: config.istio });
        return new IngressAddress("ingress-address", { cluster, ingress: mesh, timeoutSeconds: 120 });
      },
      { state: (r) => (r.name === PROBE.name ? { stdout: "" } : undefined) },
    );
    const probe = stack.get(PROBE.type, PROBE.name);
    expect(probe.inputs.environment).toMatchObject({
      ADDRESS_REQUIRED: "false",
      PROBE_TIMEOUT_SECONDS: "120",
      SANDBOX_KUBE_CONTEXT: "prod",
    });
    expect(probe.deletedWith).toBeUndefined();
    expect(stack.dependenciesOf(probe)).toContain(stack.get(ISTIOCTL.type, ISTIOCTL.name).urn);
    expect((await resolve(result.address)).value).toBeUndefined();
  });

  test("with the Helm installer it waits on every release", async () => {
    const { stack } = await runUnderMocks(() => {
      const config = parseConfig({ istioInstaller: "helm" });
      const cluster = fakeCluster("k3d");
      const mesh = new IstioMesh("istio", { cluster, settings: config.istio });
      return new IngressAddress("ingress-address", { cluster, ingress: mesh });
    });
    const deps = stack.dependenciesOf(stack.get(PROBE.type, PROBE.name));
    for (const release of stack.ofType("kubernetes:helm.sh/v3:Release")) expect(deps).toContain(release.urn);
  });
});
