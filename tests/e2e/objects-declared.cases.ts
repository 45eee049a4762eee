import {
  declaredObjects,
  istioOperatorIn,
  tagSetIn,
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
    expect(d.istioInstalls).toEqual([]);
    expect(d.tagCommands).toEqual([]);
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

  test("the IstioOperator comes from the install Command's stdin", () => {
    const stdin =
      "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: x\nspec:\n  profile: default\n";
    expect(istioOperatorIn(stdin)?.spec).toEqual({ profile: "default" });
    expect(istioOperatorIn("kind: Simple")).toBeUndefined();
    const d = declaredObjects([
      reg("command:local:Command", "a", { create: "istioctl install", stdin, environment: { A: "b" } }),
    ]);
    expect(d.istioInstalls).toEqual([
      {
        resource: "a",
        script: "istioctl install",
        stdin,
        environment: { A: "b" },
        operator: {
          apiVersion: "install.istio.io/v1alpha1",
          kind: "IstioOperator",
          metadata: { name: "x" },
          spec: { profile: "default" },
        },
      },
    ]);
  });

  const revisionStdin = (revision: string) =>
    `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: ${revision}\nspec:\n  revision: ${revision}\n`;
  const revisionInstall = (name: string, revision: string) =>
    reg("command:local:Command", name, {
      create: "istioctl install",
      delete: `istioctl uninstall -y --revision ${revision}`,
      stdin: revisionStdin(revision),
      environment: { KUBECONFIG_VALUE: "kc" },
    });
  const tagSet = (tag: string, revision: string) =>
    reg("command:local:Command", `istio-tag-${tag}`, {
      create: `set -eu\nistioctl tag set '${tag}' --revision '${revision}' --skip-confirmation --kubeconfig x\n`,
      delete: `istioctl tag remove '${tag}' --skip-confirmation`,
      environment: { KUBECONFIG_VALUE: "kc" },
    });

  test("one install per revision, in registration order, each with its revision and its own delete step", () => {
    const d = declaredObjects([
      revisionInstall("istio-istioctl-1-31-1", "1-31-1"),
      reg("kubernetes:core/v1:Namespace", "shop", { metadata: { name: "shop" } }),
      revisionInstall("istio-istioctl-1-31-1-next", "1-31-1-next"),
    ]);
    expect(d.istioInstalls.map((i) => [i.resource, i.revision, i.operator.metadata.name])).toEqual([
      ["istio-istioctl-1-31-1", "1-31-1", "1-31-1"],
      ["istio-istioctl-1-31-1-next", "1-31-1-next", "1-31-1-next"],
    ]);
    expect(d.istioInstalls.map((i) => i.uninstall)).toEqual([
      {
        resource: "istio-istioctl-1-31-1",
        script: "istioctl uninstall -y --revision 1-31-1",
        environment: { KUBECONFIG_VALUE: "kc" },
      },
      {
        resource: "istio-istioctl-1-31-1-next",
        script: "istioctl uninstall -y --revision 1-31-1-next",
        environment: { KUBECONFIG_VALUE: "kc" },
      },
    ]);
    expect(d.objects.map((o) => o.metadata.name)).toEqual(["shop"]);
  });

  test("two installs of one revision, or two without a revision, are refused by name", () => {
    expect(() => declaredObjects([revisionInstall("a", "1-31-1"), revisionInstall("b", "1-31-1")])).toThrow(
      "two istioctl install Commands for revision 1-31-1 (a and b); expected one",
    );
    const plain = (name: string) =>
      reg("command:local:Command", name, {
        create: "istioctl install",
        stdin: "kind: IstioOperator\nmetadata:\n  name: x\n",
      });
    expect(() => declaredObjects([plain("a"), plain("b")])).toThrow(
      "two istioctl install Commands for the unrevisioned control plane (a and b); expected one",
    );
  });

  test("tag Commands are kept in registration order, apart from the installs; a tag's removal is not a tag", () => {
    const d = declaredObjects([
      tagSet("default", "1-31-1"),
      revisionInstall("istio-istioctl-1-31-1", "1-31-1"),
      tagSet("prod", "1-31-1"),
      reg("command:local:Command", "other", { create: "istioctl tag remove 'old' --skip-confirmation" }),
      revisionInstall("istio-istioctl-1-31-1-next", "1-31-1-next"),
      tagSet("next", "1-31-1-next"),
    ]);
    expect(d.tagCommands.map((t) => [t.resource, t.tag, t.revision])).toEqual([
      ["istio-tag-default", "default", "1-31-1"],
      ["istio-tag-prod", "prod", "1-31-1"],
      ["istio-tag-next", "next", "1-31-1-next"],
    ]);
    expect(d.tagCommands[1]).toEqual({
      resource: "istio-tag-prod",
      tag: "prod",
      revision: "1-31-1",
      script: "set -eu\nistioctl tag set 'prod' --revision '1-31-1' --skip-confirmation --kubeconfig x\n",
      environment: { KUBECONFIG_VALUE: "kc" },
    });
    expect(d.istioInstalls.map((i) => i.resource)).toEqual([
      "istio-istioctl-1-31-1",
      "istio-istioctl-1-31-1-next",
    ]);
    expect(tagSetIn("istioctl tag set canary --revision x")).toEqual({ tag: "canary", revision: "x" });
    expect(tagSetIn("istioctl tag list")).toBeUndefined();
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
    expect(d.istioInstalls.map((i) => [i.revision, i.uninstall])).toEqual([
      [
        undefined,
        { resource: "istio", script: uninstall, environment: { KUBECONFIG_VALUE: "kc", PORT: "8080" } },
      ],
    ]);
    expect(
      declaredObjects([reg("command:local:Command", "k3d", { delete: "k3d cluster delete x" })])
        .istioInstalls,
    ).toEqual([]);
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
