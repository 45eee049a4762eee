import { parse } from "yaml";
import { DEFAULTS, parseConfig } from "../../components/config";
import type { IstioSettings } from "../../components/config/types";
import { IstioMesh } from "../../components/istio";
import { KUBECONFIG_ENV } from "../../components/istio/istioctl-script";
import type { IstioDependency } from "../../components/k8s-types/istio-dependency";
import * as path from "node:path";
import { FAKE_CACHE } from "../harness/fake-network";
import { gate, runUnderMocks, startUnderMocks } from "../harness/mock-program";
import { CLUSTER_COMMAND, FAKE_KUBECONFIG, fakeCluster } from "../harness/component-fakes";

const COMMAND = "command:local:Command";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const MESH = "istio-sandbox:istio:IstioMesh";

const settings = (raw: Record<string, unknown> = {}): IstioSettings => parseConfig(raw).istio;

describe("IstioMesh with istioctl (the default)", () => {
  test("runs istioctl install with the rendered spec on stdin and the kubeconfig as a secret", async () => {
    const { stack, result } = await runUnderMocks(
      () =>
        new IstioMesh("istio", {
          cluster: fakeCluster("k3d", { context: "k3d-sandbox" }),
          settings: settings(),
        }),
    );
    const install = stack.get(COMMAND, "istio-istioctl");
    expect(parse(install.inputs.stdin as string)).toEqual(result.operator);
    expect(install.inputs.create).toContain("istioctl install -y");
    expect(install.inputs.create).toContain("--context 'k3d-sandbox'");
    expect(install.inputs.create).toContain(`want='${DEFAULTS.istio.version}'`);
    expect(install.inputs.update).toBe(install.inputs.create);
    expect(install.inputs.interpreter).toEqual(["/bin/sh", "-c"]);
    expect(install.inputs.environment).toEqual({ [KUBECONFIG_ENV]: FAKE_KUBECONFIG });
    expect(install.secretPaths).toContain("environment");
    expect(install.additionalSecretOutputs).toContain("environment");
    // A replacement would run the old uninstall after the new install; only an update is safe.
    expect(install.inputs.triggers).toBeUndefined();
    expect(stack.ofType(RELEASE)).toHaveLength(0);
  });

  test("k3d mode: no uninstall on delete; the cluster's deletion removes Istio", async () => {
    const { stack } = await runUnderMocks(
      () => new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: settings() }),
    );
    const install = stack.get(COMMAND, "istio-istioctl");
    expect(install.inputs.delete).toBeUndefined();
    expect(install.deletedWith).toBe(stack.get(CLUSTER_COMMAND.type, CLUSTER_COMMAND.name).urn);
  });

  test("existing mode: delete removes the stack's own install from the cluster, which outlives the stack", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new IstioMesh("istio", {
          cluster: fakeCluster("existing", { context: "prod" }),
          settings: settings(),
        }),
    );
    const install = stack.get(COMMAND, "istio-istioctl");
    expect(install.inputs.delete).toContain('istioctl uninstall -y -f "$work/istio-operator.yaml"');
    expect(install.inputs.delete).not.toContain("--purge");
    expect(install.inputs.delete).toContain("--context 'prod'");
    expect(install.deletedWith).toBeUndefined();
  });

  test("a new version or spec changes the Command's inputs, so istioctl runs again as an update", async () => {
    const triggers = async (raw: Record<string, unknown>) => {
      const { stack } = await runUnderMocks(
        () => new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: settings(raw) }),
      );
      const { stdin, update } = stack.get(COMMAND, "istio-istioctl").inputs;
      return JSON.stringify({ stdin, update });
    };
    const base = await triggers({});
    expect(await triggers({ istioVersion: "1.30.4" })).not.toBe(base);
    expect(await triggers({ meshConfig: { accessLogFile: "/dev/stdout" } })).not.toBe(base);
    expect(await triggers({})).toBe(base);
  });

  test("ready is the install Command, and the outputs satisfy what Gateways and apps depend on", async () => {
    const { stack, result } = await runUnderMocks(
      () => new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: settings() }),
    );
    const dependency: IstioDependency = result;
    expect(dependency.namespace).toBe("istio-system");
    expect(dependency.gatewayLabels).toEqual({ istio: "ingressgateway", app: "istio-ingressgateway" });
    expect(result.gatewayServiceName).toBe("istio-ingressgateway");
    expect(result.ready).toHaveLength(1);
    const urn = await new Promise<string>((ok) => result.ready[0].urn.apply(ok));
    expect(urn).toBe(stack.get(COMMAND, "istio-istioctl").urn);
    expect(stack.get(COMMAND, "istio-istioctl").parent).toBe(stack.get(MESH, "istio").urn);
  });

  test("waits for the cluster", async () => {
    const cluster = gate();
    const run = startUnderMocks(
      () => new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: settings() }),
      {
        hold: (r) =>
          r.type === CLUSTER_COMMAND.type && r.name === CLUSTER_COMMAND.name ? cluster.promise : undefined,
      },
    );
    await run.stack.registration(CLUSTER_COMMAND.type, CLUSTER_COMMAND.name);
    expect(run.stack.ofType(COMMAND).map((r) => r.name)).toEqual([CLUSTER_COMMAND.name]);
    cluster.open();
    await run.done;
    expect(run.stack.registeredAfterCreated({ type: COMMAND, name: "istio-istioctl" }, CLUSTER_COMMAND)).toBe(
      true,
    );
  });
});

describe("IstioMesh with Helm", () => {
  const helm = (raw: Record<string, unknown> = {}) => settings({ istioInstaller: "helm", ...raw });

  test("installs base, istiod and gateway at the configured version, each chart's archive from the source cache", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: helm({ istioVersion: "1.30.4" }) }),
    );
    expect(stack.ofType(COMMAND).map((r) => r.name)).toEqual([CLUSTER_COMMAND.name]);
    const releases = stack.ofType(RELEASE).map((r) => ({
      name: r.inputs.name,
      archive: path.basename(r.inputs.chart as string),
      cached: (r.inputs.chart as string).startsWith(`${FAKE_CACHE.dir}/istio-sandbox/sources/`),
      version: r.inputs.version,
      repositoryOpts: r.inputs.repositoryOpts,
      namespace: r.inputs.namespace,
    }));
    // Read from Istio's repository (served by the stand-in network) once, then from the cache: no repositoryOpts.
    const ns = { cached: true, version: "1.30.4", repositoryOpts: undefined, namespace: "istio-system" };
    expect(releases).toEqual([
      { name: "istio-base", archive: "base-1.30.4.tgz", ...ns },
      { name: "istiod", archive: "istiod-1.30.4.tgz", ...ns },
      { name: "istio-ingressgateway", archive: "gateway-1.30.4.tgz", ...ns },
    ]);
    expect(stack.get(RELEASE, "istio-base").inputs.createNamespace).toBe(true);
  });

  test("a local chart directory: each release takes <dir>/<chart> and no repository (air-gapped)", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new IstioMesh("istio", {
          cluster: fakeCluster("k3d"),
          settings: helm({ istioChartRepo: "/srv/charts/istio" }),
        }),
    );
    expect(
      stack.ofType(RELEASE).map((r) => ({ chart: r.inputs.chart, repositoryOpts: r.inputs.repositoryOpts })),
    ).toEqual([
      { chart: "/srv/charts/istio/base", repositoryOpts: undefined },
      { chart: "/srv/charts/istio/istiod", repositoryOpts: undefined },
      { chart: "/srv/charts/istio/gateway", repositoryOpts: undefined },
    ]);
  });

  test("istiod gets the profile, meshConfig and values; the gateway the same Service as istioctl's", async () => {
    const { stack, result } = await runUnderMocks(
      () =>
        new IstioMesh("istio", {
          cluster: fakeCluster("k3d"),
          settings: helm({
            istioProfile: "default",
            meshConfig: { accessLogFile: "/dev/stdout" },
            istioValues: { pilot: { autoscaleEnabled: false } },
          }),
        }),
    );
    expect(stack.get(RELEASE, "istio-istiod").inputs.values).toEqual({
      global: { hub: "docker.io/istio" },
      meshConfig: { accessLogFile: "/dev/stdout" },
      pilot: { autoscaleEnabled: false },
    });
    const gatewayValues = stack.get(RELEASE, "istio-gateway").inputs.values;
    expect(gatewayValues).toEqual({
      service: result.operator.spec.components?.ingressGateways?.[0].k8s?.service,
    });
    expect(gatewayValues.service.type).toBe("LoadBalancer");
    expect(gatewayValues.service.ports.map((p: { nodePort?: number }) => p.nodePort)).toEqual([
      undefined,
      30080,
      30443,
    ]);
  });

  test("ordered base → istiod → gateway; istiod waits for readiness, the gateway does not wait for an address", async () => {
    const { stack, result } = await runUnderMocks(
      () => new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: helm() }),
    );
    const base = stack.get(RELEASE, "istio-base");
    const istiod = stack.get(RELEASE, "istio-istiod");
    const gateway = stack.get(RELEASE, "istio-gateway");
    expect(stack.dependenciesOf(istiod)).toContain(base.urn);
    expect(stack.dependenciesOf(gateway)).toContain(istiod.urn);
    expect(istiod.inputs.skipAwait).toBeUndefined();
    expect(gateway.inputs.skipAwait).toBe(true);
    expect(result.ready).toHaveLength(3);
  });

  test("the releases use the cluster's provider and go with the cluster in k3d mode", async () => {
    const { stack } = await runUnderMocks(
      () => new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: helm() }),
    );
    const cluster = stack.get(CLUSTER_COMMAND.type, CLUSTER_COMMAND.name);
    for (const release of stack.ofType(RELEASE)) {
      expect(release.provider).toMatch(/pulumi:providers:kubernetes::k8s::/);
      expect(release.deletedWith).toBe(cluster.urn);
      expect(release.parent).toBe(stack.get(MESH, "istio").urn);
    }
  });

  test("each release waits for the one before it", async () => {
    const istiod = gate();
    const run = startUnderMocks(
      () => new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: helm() }),
      {
        hold: (r) => (r.type === RELEASE && r.name === "istio-istiod" ? istiod.promise : undefined),
      },
    );
    await run.stack.registration(RELEASE, "istio-istiod");
    expect(run.stack.ofType(RELEASE).map((r) => r.name)).toEqual(["istio-base", "istio-istiod"]);
    istiod.open();
    await run.done;
    expect(
      run.stack.registeredAfterCreated(
        { type: RELEASE, name: "istio-gateway" },
        { type: RELEASE, name: "istio-istiod" },
      ),
    ).toBe(true);
  });
});

describe("IstioMesh: ambient and the Gateway API", () => {
  const helm = (raw: Record<string, unknown> = {}) => settings({ istioInstaller: "helm", ...raw });

  test("Helm, ambient: base → istiod → istio-cni → ztunnel, all in ready, with the gateway", async () => {
    const { stack, result } = await runUnderMocks(
      () =>
        new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: helm({ dataplaneMode: "ambient" }) }),
    );
    // Registration order follows dependency resolution; the dependencies below are the order.
    expect(
      stack
        .ofType(RELEASE)
        .map((r) => r.inputs.name as string)
        .sort(),
    ).toEqual(["istio-base", "istio-cni", "istio-ingressgateway", "istiod", "ztunnel"]);
    const cni = stack.get(RELEASE, "istio-cni");
    const ztunnel = stack.get(RELEASE, "istio-ztunnel");
    expect(stack.dependenciesOf(cni)).toContain(stack.get(RELEASE, "istio-istiod").urn);
    expect(stack.dependenciesOf(ztunnel)).toContain(cni.urn);
    expect(ztunnel.inputs.values).toEqual({
      profile: "ambient",
      global: { hub: "docker.io/istio", platform: "k3d" },
    });
    expect(result.ready).toHaveLength(5);
  });

  test("Helm, gateway-api: no classic gateway release", async () => {
    const { stack, result } = await runUnderMocks(
      () =>
        new IstioMesh("istio", {
          cluster: fakeCluster("k3d"),
          settings: helm({ ingressApi: "gateway-api" }),
        }),
    );
    expect(stack.ofType(RELEASE).map((r) => r.inputs.name)).toEqual(["istio-base", "istiod"]);
    expect(result.ready).toHaveLength(2);
  });

  test("istioctl, ambient: one install of the ambient profile", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new IstioMesh("istio", {
          cluster: fakeCluster("k3d"),
          settings: settings({ dataplaneMode: "ambient" }),
        }),
    );
    const spec = parse(stack.get(COMMAND, "istio-istioctl").inputs.stdin as string).spec;
    expect(spec).toMatchObject({ profile: "ambient", values: { global: { platform: "k3d" } } });
  });
});
