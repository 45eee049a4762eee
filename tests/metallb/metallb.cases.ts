import { parseConfig } from "../../components/config";
import type { MetalLbSettings } from "../../components/config/types";
import { MetalLB } from "../../components/metallb";
import { WEBHOOK_PROBE_SCRIPT } from "../../components/metallb/webhook-wait";
import * as path from "node:path";
import { FAKE_CACHE } from "../harness/fake-network";
import { gate, resolve, runUnderMocks, startUnderMocks } from "../harness/mock-program";
import { CLUSTER_COMMAND, FAKE_KUBECONFIG, fakeCluster } from "../harness/component-fakes";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const POOL = "kubernetes:metallb.io/v1beta1:IPAddressPool";
const L2 = "kubernetes:metallb.io/v1beta1:L2Advertisement";
const COMMAND = "command:local:Command";

const settings = (raw: Record<string, unknown> = {}): MetalLbSettings => parseConfig(raw).metallb;

describe("MetalLB component", () => {
  test("installs the official repository's chart, pinned, from the source cache, in its own namespace, FRR off", async () => {
    const { stack } = await runUnderMocks(
      () => new MetalLB("metallb", { cluster: fakeCluster("k3d"), settings: settings() }),
    );
    const release = stack.get(RELEASE, "metallb");
    expect(release.inputs).toMatchObject({
      name: "metallb",
      version: "0.16.1",
      namespace: "metallb-system",
      createNamespace: true,
    });
    // The archive the repository's index lists, kept in the cache: the provider needs no network.
    expect(release.inputs.repositoryOpts).toBeUndefined();
    expect(release.inputs.chart.startsWith(`${FAKE_CACHE.dir}/istio-sandbox/sources/0.16.1-metallb-`)).toBe(
      true,
    );
    expect(path.basename(release.inputs.chart)).toBe("metallb-0.16.1.tgz");
    expect(release.inputs.values).toEqual({
      frrk8s: { enabled: false },
      speaker: { frr: { enabled: false } },
      crds: { validationFailurePolicy: "Fail" },
    });
  });

  test("a local chart directory: the release takes <dir>/metallb and no repository (air-gapped)", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new MetalLB("metallb", {
          cluster: fakeCluster("k3d"),
          settings: settings({ metallbChartRepo: "/srv/charts" }),
        }),
    );
    const release = stack.get(RELEASE, "metallb");
    expect(release.inputs.chart).toBe("/srv/charts/metallb");
    expect(release.inputs.repositoryOpts).toBeUndefined();
    expect(release.inputs.version).toBe("0.16.1");
  });

  test("the pool is derived from the Docker network and announced by an L2Advertisement", async () => {
    const { stack, result } = await runUnderMocks(
      () =>
        new MetalLB("metallb", {
          cluster: fakeCluster("k3d", { dockerSubnet: "172.19.0.0/16" }),
          settings: settings(),
        }),
    );
    const pool = stack.get(POOL, "metallb-pool");
    expect(pool.inputs).toMatchObject({
      apiVersion: "metallb.io/v1beta1",
      kind: "IPAddressPool",
      metadata: { name: "istio-sandbox", namespace: "metallb-system" },
      spec: { addresses: ["172.19.255.200-172.19.255.250"] },
    });
    expect(stack.get(L2, "metallb-l2").inputs).toMatchObject({
      kind: "L2Advertisement",
      metadata: { name: "istio-sandbox", namespace: "metallb-system" },
      spec: { ipAddressPools: ["istio-sandbox"] },
    });
    expect((await resolve(result.addresses)).value).toBe("172.19.255.200-172.19.255.250");
    expect(result.ready.length).toBe(2);
  });

  test("a configured range wins over the derived one", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new MetalLB("metallb", {
          cluster: fakeCluster("k3d"),
          settings: settings({ metallbAddresses: "172.18.100.0/30", metallbNamespace: "lb" }),
        }),
    );
    expect(stack.get(POOL, "metallb-pool").inputs.spec).toEqual({ addresses: ["172.18.100.0/30"] });
    expect(stack.get(POOL, "metallb-pool").inputs.metadata.namespace).toBe("lb");
  });

  test("existing mode without configured addresses fails before anything is registered, naming the key", async () => {
    const existing = settings({ mode: "existing", kubeconfig: FAKE_KUBECONFIG, loadBalancer: "metallb" });
    await expect(
      runUnderMocks(() => new MetalLB("metallb", { cluster: fakeCluster("existing"), settings: existing })),
    ).rejects.toThrow(/pulumi config set metallbAddresses/);
  });

  test("the webhook guard runs the probe with the cluster's kubeconfig as a secret, after the release", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new MetalLB("metallb", {
          cluster: fakeCluster("k3d", { context: "k3d-sandbox" }),
          settings: settings(),
        }),
    );
    const guard = stack.get(COMMAND, "metallb-webhook-ready");
    expect(guard.inputs.create).toContain(WEBHOOK_PROBE_SCRIPT);
    expect(guard.inputs.environment).toMatchObject({
      SANDBOX_KUBECONFIG: FAKE_KUBECONFIG,
      SANDBOX_KUBE_CONTEXT: "k3d-sandbox",
      METALLB_NAMESPACE: "metallb-system",
      PROBE_TIMEOUT_SECONDS: "300",
    });
    expect(guard.secretPaths).toContain("environment");
    expect(guard.additionalSecretOutputs).toContain("environment");
    expect(stack.dependenciesOf(guard)).toContain(stack.get(RELEASE, "metallb").urn);
  });

  test("the pool and the advertisement wait for the webhook guard to finish (ordering rule 3)", async () => {
    const webhook = gate();
    const run = startUnderMocks(
      () => new MetalLB("metallb", { cluster: fakeCluster("k3d"), settings: settings() }),
      {
        hold: (r) => (r.type === COMMAND && r.name === "metallb-webhook-ready" ? webhook.promise : undefined),
      },
    );
    await run.stack.registration(COMMAND, "metallb-webhook-ready");
    expect(run.stack.ofType(POOL)).toHaveLength(0);
    expect(run.stack.ofType(L2)).toHaveLength(0);
    webhook.open();
    await run.done;
    const guard = { type: COMMAND, name: "metallb-webhook-ready" };
    expect(run.stack.registeredAfterCreated({ type: POOL, name: "metallb-pool" }, guard)).toBe(true);
    expect(run.stack.registeredAfterCreated({ type: L2, name: "metallb-l2" }, guard)).toBe(true);
  });

  test("in k3d mode everything in the cluster goes with the cluster and uses its provider", async () => {
    const { stack } = await runUnderMocks(
      () => new MetalLB("metallb", { cluster: fakeCluster("k3d"), settings: settings() }),
    );
    const cluster = stack.get(CLUSTER_COMMAND.type, CLUSTER_COMMAND.name);
    for (const [type, name] of [
      [RELEASE, "metallb"],
      [COMMAND, "metallb-webhook-ready"],
      [POOL, "metallb-pool"],
      [L2, "metallb-l2"],
    ]) {
      const resource = stack.get(type, name);
      expect(resource.deletedWith).toBe(cluster.urn);
      expect(resource.parent).toBe(stack.get("istio-sandbox:metallb:MetalLB", "metallb").urn);
      if (type !== COMMAND) expect(resource.provider).toMatch(/pulumi:providers:kubernetes::k8s::/);
    }
  });

  test("the release waits for the cluster", async () => {
    const cluster = gate();
    const run = startUnderMocks(
      () => new MetalLB("metallb", { cluster: fakeCluster("k3d"), settings: settings() }),
      {
        hold: (r) =>
          r.type === CLUSTER_COMMAND.type && r.name === CLUSTER_COMMAND.name ? cluster.promise : undefined,
      },
    );
    await run.stack.registration(CLUSTER_COMMAND.type, CLUSTER_COMMAND.name);
    expect(run.stack.ofType(RELEASE)).toHaveLength(0);
    cluster.open();
    await run.done;
    expect(run.stack.registeredAfterCreated({ type: RELEASE, name: "metallb" }, CLUSTER_COMMAND)).toBe(true);
  });
});
