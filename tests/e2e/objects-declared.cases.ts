import {
  declaredObjects,
  istioOperatorIn,
  objectOf,
  typeTokenParts,
  type Registration,
} from "../../tools/e2e/objects/declared";

const reg = (type: string, name: string, inputs: Record<string, unknown>, custom = true): Registration => ({
  type,
  name,
  custom,
  inputs,
});

describe("objects declared by the program's registrations", () => {
  test("type tokens give apiVersion and kind; the core group has no prefix", () => {
    expect(typeTokenParts("kubernetes:core/v1:Secret")).toEqual({ apiVersion: "v1", kind: "Secret" });
    expect(typeTokenParts("kubernetes:networking.istio.io/v1:Gateway")).toEqual({
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
    });
    expect(typeTokenParts("tls:index/privateKey:PrivateKey")).toBeUndefined();
  });

  test("an object keeps its fields, and an auto-named one gets its resource name", () => {
    const o = objectOf(
      reg("kubernetes:apps/v1:Deployment", "web", {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { namespace: "shop", labels: { app: "web" } },
        spec: { replicas: 1 },
        status: undefined,
      }),
    );
    expect(o).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop", labels: { app: "web" } },
      spec: { replicas: 1 },
    });
  });

  test("providers, components, tls and Commands without an IstioOperator are not objects", () => {
    const d = declaredObjects([
      reg("pulumi:providers:kubernetes", "p", { kubeconfig: "x" }),
      reg("istio-sandbox:apps:App", "a", {}, false),
      reg("tls:index/privateKey:PrivateKey", "k", {}),
      reg("command:local:Command", "c", { create: "true", stdin: "hello" }),
      reg("kubernetes:core/v1:Namespace", "ns", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "shop" },
      }),
    ]);
    expect(d.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["Namespace/shop"]);
    expect(d.istioOperator).toBeUndefined();
  });

  test("a NamespacePatch becomes labels for an existing namespace, a Helm release is listed with its values", () => {
    const d = declaredObjects([
      reg("kubernetes:core/v1:NamespacePatch", "mesh-default", {
        metadata: { name: "default", labels: { "istio-injection": "enabled" }, annotations: { a: "b" } },
      }),
      reg("kubernetes:helm.sh/v3:Release", "metallb", {
        chart: "metallb",
        namespace: "metallb-system",
        createNamespace: true,
        values: { speaker: { frr: { enabled: false } } },
      }),
    ]);
    expect(d.objects).toEqual([]);
    expect(d.namespacePatches).toEqual([
      { namespace: "default", labels: { "istio-injection": "enabled" }, annotations: { a: "b" } },
    ]);
    expect(d.helmReleases).toEqual([
      {
        resource: "metallb",
        release: "metallb",
        chart: "metallb",
        namespace: "metallb-system",
        createNamespace: true,
        values: { speaker: { frr: { enabled: false } } },
      },
    ]);
  });

  test("another kind of patch is refused by name", () => {
    expect(() => declaredObjects([reg("kubernetes:apps/v1:DeploymentPatch", "d", {})])).toThrow(
      "kubernetes:apps/v1:DeploymentPatch (resource d): only NamespacePatch is supported",
    );
  });

  test("the IstioOperator comes from the install Command's stdin; two are refused", () => {
    const stdin =
      "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: x\nspec:\n  profile: default\n";
    expect(istioOperatorIn(stdin)?.spec).toEqual({ profile: "default" });
    expect(istioOperatorIn("kind: Simple")).toBeUndefined();
    const install = (name: string) =>
      reg("command:local:Command", name, { create: "istioctl install", stdin, environment: { A: "b" } });
    expect(declaredObjects([install("a")]).istioOperator?.kind).toBe("IstioOperator");
    expect(declaredObjects([install("a")]).istioInstall).toEqual({
      resource: "a",
      script: "istioctl install",
      stdin,
      environment: { A: "b" },
    });
    expect(() => declaredObjects([install("a"), install("b")])).toThrow(
      "two istioctl install Commands (the second is b); expected one",
    );
  });

  test("the install Command's delete step, where it uninstalls, is kept with its environment", () => {
    const uninstall = "set -eu\nistioctl uninstall -y -f spec.yaml";
    const d = declaredObjects([
      reg("command:local:Command", "istio", {
        stdin: "kind: IstioOperator\nmetadata:\n  name: x\n",
        delete: uninstall,
        environment: { KUBECONFIG_VALUE: "kc", PORT: 8080 },
      }),
    ]);
    expect(d.istioUninstall).toEqual({
      resource: "istio",
      script: uninstall,
      environment: { KUBECONFIG_VALUE: "kc", PORT: "8080" },
    });
    expect(
      declaredObjects([reg("command:local:Command", "k3d", { delete: "k3d cluster delete x" })])
        .istioUninstall,
    ).toBeUndefined();
  });

  test("Commands that run one of the program's probes are kept with their environment; others are not", () => {
    const d = declaredObjects([
      reg("command:local:Command", "metallb-webhook-ready", {
        create: "node '/repo/components/metallb/webhook-probe.mjs'",
        environment: { METALLB_NAMESPACE: "metallb-system", PROBE_TIMEOUT_SECONDS: 300 },
      }),
      reg("command:local:Command", "sandbox-k3d", { create: "set -eu\nk3d cluster create" }),
    ]);
    expect(d.probes).toEqual([
      {
        resource: "metallb-webhook-ready",
        probe: "webhook-probe.mjs",
        script: "node '/repo/components/metallb/webhook-probe.mjs'",
        environment: { METALLB_NAMESPACE: "metallb-system", PROBE_TIMEOUT_SECONDS: "300" },
      },
    ]);
  });
});
