import { checkIngressClass } from "../../policies/rules/ingress-class";
import { checkInjectionLabels } from "../../policies/rules/injection-label";
import { checkMtlsCoverage, readMtlsConfig } from "../../policies/rules/mtls-coverage";
import { checkPortLevelMtls } from "../../policies/rules/peer-auth-port-level";
import { checkDeploymentOrdering } from "../../policies/rules/deployment-after-install";
import { UNKNOWN } from "../../policies/lib/values";
import {
  deployment,
  devStack,
  helmRelease,
  HOST,
  ingress,
  namespace,
  namespacePatch,
  peerAuthentication,
  service,
  view,
  violationsOf,
  virtualService,
} from "./builder";

const strict = readMtlsConfig({});

describe("rule 6: ingress-class-istio (advisory)", () => {
  const rule = {
    rules: [
      {
        host: HOST,
        http: {
          paths: [
            {
              path: "/",
              pathType: "Prefix",
              backend: { service: { name: "helloworld", port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  };

  it("advises on the walkthrough's Ingress without a class", async () => {
    const s = devStack();
    s.ingress = ingress("helloworld", "default", rule);
    const found = await violationsOf(s, "ingress-class-istio");
    expect(found).toHaveLength(1);
    expect(found[0].enforcementLevel).toBe("advisory");
    expect(found[0].message).toBe(
      "Ingress default/helloworld has ingressClassName unset, but Istio is this cluster's ingress, so no controller " +
        "serves it and requests get a 404. Fix: set spec.ingressClassName: istio, or replace the Ingress with a " +
        "VirtualService bound to istio-system/ingressgateway.",
    );
  });

  it("flags another class, and passes class istio (field or legacy annotation)", () => {
    const s = devStack();
    s.ingress = ingress("helloworld", "default", { ...rule, ingressClassName: "traefik" });
    expect(checkIngressClass(view(s))[0].message).toContain('has ingressClassName "traefik"');
    s.ingress = ingress("helloworld", "default", { ...rule, ingressClassName: "istio" });
    expect(checkIngressClass(view(s))).toEqual([]);
    s.ingress.props.spec = rule;
    s.ingress.props.metadata = {
      name: "helloworld",
      namespace: "default",
      annotations: { "kubernetes.io/ingress.class": "istio" },
    };
    expect(checkIngressClass(view(s))).toEqual([]);
  });

  it("stays quiet when Istio is not the ingress", () => {
    expect(checkIngressClass(view([ingress("web", "default", rule)]))).toEqual([]);
  });
});

describe("rule 7: namespace-injection-label (IST0102, IST0123)", () => {
  it("passes the dev stack's labelled default namespace", () => {
    expect(checkInjectionLabels(view(devStack()))).toEqual([]);
  });

  it("flags the walkthrough's namespace without injection (pods without sidecars)", async () => {
    const s = devStack();
    delete s.labels;
    const found = await violationsOf(s, "namespace-injection-label");
    expect(found).toHaveLength(1);
    expect(found[0].urn).toBe(s.app.urn);
    expect(found[0].message).toBe(
      "The namespace default hosts Deployment default/helloworld, which VirtualService default/helloworld routes to, " +
        "but no Namespace or NamespacePatch in the stack labels it for sidecar injection or ambient mode, so its pods run " +
        "outside the mesh. Fix: label namespace default istio-injection=enabled, or istio.io/dataplane-mode=ambient in " +
        "ambient mode (a NamespacePatch for an existing namespace such as default).",
    );
  });

  it("flags injection disabled, and both labels at once", () => {
    const s = devStack();
    s.labels = namespacePatch("default", { "istio-injection": "disabled" });
    expect(checkInjectionLabels(view(s))[0].message).toContain(
      "but it has istio-injection=disabled, so its pods run outside the mesh",
    );
    s.labels = namespacePatch("default", { "istio-injection": "enabled", "istio.io/rev": "canary" });
    expect(checkInjectionLabels(view(s))[0].message).toContain(
      "it has both istio-injection and istio.io/rev labels, which is ambiguous. Fix: keep exactly one",
    );
  });

  it("accepts a revision label, and skips labels unknown at preview", () => {
    const s = devStack();
    s.labels = namespacePatch("default", { "istio.io/rev": "1-30" });
    expect(checkInjectionLabels(view(s))).toEqual([]);
    s.labels = namespacePatch("default", { "istio-injection": UNKNOWN });
    expect(checkInjectionLabels(view(s))).toEqual([]);
  });

  it("follows destinations into other namespaces through their Service's selector", () => {
    const s = devStack();
    s.shopNs = namespace("shop", {});
    s.shop = deployment("shop", "shop", { app: "shop" });
    s.other = deployment("batch", "shop", { app: "batch" });
    s.shopSvc = service("shop", "shop", { app: "shop" });
    s.vs = virtualService("helloworld", "default", {
      hosts: [HOST],
      gateways: ["istio-system/ingressgateway"],
      http: [{ route: [{ destination: { host: "shop.shop.svc.cluster.local" } }] }],
    });
    const found = checkInjectionLabels(view(s));
    expect(found).toHaveLength(1);
    expect(found[0].urn).toBe(s.shopNs.urn);
    expect(found[0].message).toContain("hosts Deployment shop/shop");
  });
});

describe("rule 8: mtls-peer-authentication and peer-authentication-port-level-needs-selector", () => {
  it("passes a namespace-wide STRICT policy, and a mesh-wide one in the root namespace", () => {
    expect(checkMtlsCoverage(view(devStack()), strict)).toEqual([]);
    const s = devStack();
    s.mtls = peerAuthentication("default", "istio-system", { mtls: { mode: "STRICT" } });
    expect(checkMtlsCoverage(view(s), strict)).toEqual([]);
  });

  it("flags an injected namespace left at Istio's PERMISSIVE default", async () => {
    const s = devStack();
    delete s.mtls;
    const found = await violationsOf(s, "mtls-peer-authentication");
    expect(found.map((v) => v.message)).toEqual([
      "Namespace default is injected but its mTLS mode is PERMISSIVE (no namespace-wide or mesh-wide " +
        "PeerAuthentication sets a mode, so Istio's default applies); this stack requires STRICT. Fix: declare " +
        "PeerAuthentication default/default with spec: { mtls: { mode: STRICT } }, or a mesh-wide one without a " +
        "selector in istio-system.",
    ]);
  });

  it("lets a namespace policy override the mesh, and UNSET inherit it", () => {
    const s = devStack();
    s.mesh = peerAuthentication("default", "istio-system", { mtls: { mode: "STRICT" } });
    s.mtls = peerAuthentication("default", "default", { mtls: { mode: "PERMISSIVE" } });
    expect(checkMtlsCoverage(view(s), strict)[0].message).toContain(
      "mTLS mode is PERMISSIVE (PeerAuthentication default/default sets it)",
    );
    s.mtls = peerAuthentication("default", "default", { mtls: {} });
    expect(checkMtlsCoverage(view(s), strict)).toEqual([]);
  });

  it("does not count a policy with a workload selector as namespace-wide", () => {
    const s = devStack();
    s.mtls = peerAuthentication("default", "default", {
      selector: { matchLabels: { app: "helloworld" } },
      mtls: { mode: "STRICT" },
    });
    expect(checkMtlsCoverage(view(s), strict)).toHaveLength(1);
  });

  it("rejects portLevelMtls without a selector, as Istio's validation does", async () => {
    const s = devStack();
    s.mtls = peerAuthentication("default", "default", {
      mtls: { mode: "STRICT" },
      portLevelMtls: { 8080: { mode: "DISABLE" } },
    });
    const found = await violationsOf(s, "peer-authentication-port-level-needs-selector");
    expect(found.map((v) => v.message)).toEqual([
      "PeerAuthentication default/default sets portLevelMtls without a workload selector, which Istio rejects. Fix: " +
        "add spec.selector.matchLabels for the workload whose ports these are, or drop portLevelMtls and set " +
        "spec.mtls.mode for the whole namespace.",
    ]);
    s.mtls.props.spec = {
      selector: { matchLabels: { app: "helloworld" } },
      portLevelMtls: { 8080: { mode: "DISABLE" } },
    };
    expect(checkPortLevelMtls(s.mtls)).toEqual([]);
  });
});

describe("rule 9: deployment-depends-on-istio", () => {
  it("passes Deployments that depend on the install and the namespace label", () => {
    expect(checkDeploymentOrdering(view(devStack()))).toEqual([]);
  });

  it("flags a Deployment created without waiting for the install", async () => {
    const s = devStack();
    s.app = deployment(
      "helloworld",
      "default",
      { app: "helloworld" },
      { parent: s.appComponent, dependsOn: [s.labels] },
    );
    s.labels = namespacePatch("default", { "istio-injection": "enabled" });
    const found = await violationsOf(s, "deployment-depends-on-istio");
    expect(found.map((v) => v.message)).toEqual([
      "Deployment default/helloworld runs in injected namespace default but does not depend on the Istio install " +
        '(command:local:Command "istioctl-install"), so its pods may start before injection is in place and run ' +
        "without a sidecar. Fix: add those resources (or the components that own them) to the Deployment's dependsOn.",
    ]);
  });

  it("flags a Deployment that does not wait for the namespace label", () => {
    const s = devStack();
    s.app = deployment("helloworld", "default", { app: "helloworld" }, { dependsOn: [s.install] });
    expect(checkDeploymentOrdering(view(s))[0].message).toContain(
      'the injection label on namespace default (kubernetes:core/v1:NamespacePatch "default-labels")',
    );
  });

  it("follows transitive dependencies and dependencies on components", () => {
    const s = devStack();
    s.app = deployment("helloworld", "default", { app: "helloworld" }, { dependsOn: [s.labels] });
    expect(checkDeploymentOrdering(view(s))).toEqual([]);
    s.labels = namespacePatch("default", { "istio-injection": "enabled" });
    s.app = deployment(
      "helloworld",
      "default",
      { app: "helloworld" },
      { dependsOn: [s.istioComponent, s.meshComponent] },
    );
    s.labels = namespacePatch("default", { "istio-injection": "enabled" }, { parent: s.meshComponent });
    expect(checkDeploymentOrdering(view(s))).toEqual([]);
  });

  it("uses the istiod release when Istio comes from Helm", () => {
    const s = devStack();
    delete s.install;
    s.istiod = helmRelease("istiod", "istiod");
    expect(checkDeploymentOrdering(view(s))[0].message).toContain(
      'the Istio install (kubernetes:helm.sh/v3:Release "istiod")',
    );
  });

  it("ignores Deployments in namespaces without injection", () => {
    const s = devStack();
    s.batch = deployment("batch", "jobs", { app: "batch" });
    expect(checkDeploymentOrdering(view(s))).toEqual([]);
  });
});
