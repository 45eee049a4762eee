/** Istio as revisions, the pure part: what each revision installs, its IstioOperator, Helm values and tag webhooks. */
import { parseConfig } from "../../components/config";
import type { IstioRevisionSettings, IstioSettings } from "../../components/config/types";
import { istioHelmValues, istiodRevisionValues } from "../../components/istio/helm-values";
import { renderIstioOperator } from "../../components/istio/istio-operator";
import { renderTagWebhook, tagWebhookName } from "../../components/istio/revision-tags";
import {
  newestVersion,
  resolveRevision,
  revisionInstalls,
  revisionsOutput,
  sidecarRevision,
} from "../../components/istio/revisions";
import { validateKubernetesObject } from "../apps/validate-models";

const CANARY = {
  istioVersion: "1.30.3",
  istioRevision: "1-30-3",
  istioCanary: { version: "1.31.1", revision: "1-31-1" },
  istioTags: { prod: "1-30-3" },
};

const settings = (raw: Record<string, unknown> = CANARY): IstioSettings => parseConfig(raw).istio;
const revisions = (raw: Record<string, unknown> = CANARY): IstioRevisionSettings => {
  const found = settings(raw).revisions;
  if (found === undefined) throw new Error("expected revisions");
  return found;
};

describe("what each revision installs", () => {
  test("the main revision first, then the canary, each at its own release", () => {
    expect(revisionInstalls(revisions())).toEqual([
      { name: "1-30-3", version: "1.30.3", main: true, versionKey: "istioVersion" },
      { name: "1-31-1", version: "1.31.1", main: false, versionKey: "istioCanary.version" },
    ]);
    expect(revisionInstalls(revisions({ istioRevision: "1-31-1" }))).toHaveLength(1);
  });

  test("a namespace's target reaches a revision directly or through a tag", () => {
    expect(resolveRevision("prod", revisions())).toBe("1-30-3");
    expect(resolveRevision("default", revisions())).toBe("1-30-3");
    expect(resolveRevision("1-31-1", revisions())).toBe("1-31-1");
  });

  test("the CRDs come from the newest release of any revision", () => {
    expect(newestVersion(revisions())).toBe("1.31.1");
    const sameMinor = {
      istioVersion: "1.31.0",
      istioRevision: "a",
      istioCanary: { version: "1.31.1", revision: "b" },
    };
    expect(newestVersion(revisions(sameMinor))).toBe("1.31.1");
    expect(newestVersion(revisions({ istioVersion: "1.30.3", istioRevision: "a" }))).toBe("1.30.3");
  });

  test("a sidecar app restarts on its resolved revision; ambient apps and stacks without revisions never", () => {
    expect(sidecarRevision({ revision: "prod" }, revisions(), { mode: "sidecar" })).toBe("1-30-3");
    expect(sidecarRevision({ revision: "1-31-1" }, revisions(), { mode: "sidecar" })).toBe("1-31-1");
    expect(sidecarRevision({ revision: "prod" }, revisions(), { mode: "ambient" })).toBeUndefined();
    expect(sidecarRevision({}, undefined, { mode: "sidecar" })).toBeUndefined();
  });

  test("the istioRevisions output: revisions, tags and each namespace's label and revision", () => {
    expect(
      revisionsOutput(revisions(), [
        { namespace: "default", revision: "prod" },
        { namespace: "default", revision: "prod" },
        { namespace: "shop", revision: "1-31-1" },
      ]),
    ).toEqual({
      main: "1-30-3",
      canary: "1-31-1",
      tags: { default: "1-30-3", prod: "1-30-3" },
      namespaces: {
        default: { label: "prod", revision: "1-30-3" },
        shop: { label: "1-31-1", revision: "1-31-1" },
      },
    });
    expect(revisionsOutput(undefined, [{ namespace: "default" }])).toBeUndefined();
  });
});

describe("a revision's IstioOperator", () => {
  const [main, canary] = revisionInstalls(revisions());

  test("the main revision: its own name and revision, the gateway as without revisions", () => {
    const unrevisioned = renderIstioOperator(settings());
    const operator = renderIstioOperator(settings(), main);
    expect(operator.metadata).toEqual({ name: "istio-sandbox-1-30-3", namespace: "istio-system" });
    expect(operator.spec).toEqual({ ...unrevisioned.spec, revision: "1-30-3" });
    expect(operator.spec.components?.ingressGateways?.[0]).toMatchObject({ enabled: true });
  });

  test("the canary: istiod only, with the same profile and settings; gateways, istio-cni and ztunnel stay with the main", () => {
    const raw = {
      ...CANARY,
      meshConfig: { accessLogFile: "/dev/stdout" },
      istioValues: { pilot: { env: { A: "1" } } },
    };
    const operator = renderIstioOperator(settings(raw), canary);
    const mainSpec = renderIstioOperator(settings(raw), main).spec;
    expect(operator.metadata?.name).toBe("istio-sandbox-1-31-1");
    expect(operator.spec).toMatchObject({
      profile: mainSpec.profile,
      hub: mainSpec.hub,
      meshConfig: mainSpec.meshConfig,
      values: mainSpec.values,
      revision: "1-31-1",
    });
    expect(operator.spec.components).toEqual({
      cni: { enabled: false },
      ztunnel: { enabled: false },
      ingressGateways: [{ name: "istio-ingressgateway", namespace: "istio-system", enabled: false }],
      egressGateways: [{ name: "istio-egressgateway", namespace: "istio-system", enabled: false }],
    });
  });

  test("ambient: the main revision's spec is the ambient profile; the canary's turns istio-cni and ztunnel off", () => {
    const ambient = settings({ ...CANARY, dataplaneMode: "ambient" });
    const [m, c] = revisionInstalls(revisions({ ...CANARY, dataplaneMode: "ambient" }));
    expect(renderIstioOperator(ambient, m).spec).toMatchObject({ profile: "ambient", revision: "1-30-3" });
    expect(renderIstioOperator(ambient, c).spec).toMatchObject({
      profile: "ambient",
      components: { cni: { enabled: false }, ztunnel: { enabled: false } },
    });
  });
});

describe("Helm values with revisions", () => {
  test("base validates through the default tag's istiod; the gateway is injected by the main revision", () => {
    const values = istioHelmValues(settings());
    expect(values.base).toEqual({ defaultRevision: "1-30-3" });
    expect(values.gateway.revision).toBe("1-30-3");
    expect(values.istiod).not.toHaveProperty("revision");
    expect(istiodRevisionValues(values.istiod, "1-31-1")).toEqual({ ...values.istiod, revision: "1-31-1" });
  });

  test("a moved default tag moves the validation webhook with it", () => {
    expect(istioHelmValues(settings({ ...CANARY, istioTags: { default: "1-31-1" } })).base).toEqual({
      defaultRevision: "1-31-1",
    });
  });

  test("ambient: ztunnel finds XDS and CA at the main revision; istio-cni has no revision", () => {
    const values = istioHelmValues(settings({ ...CANARY, dataplaneMode: "ambient" }));
    expect(values.ambient?.ztunnel).toMatchObject({ revision: "1-30-3", profile: "ambient" });
    expect(values.ambient?.cni).not.toHaveProperty("revision");
  });

  test("without revisions nothing changes", () => {
    const values = istioHelmValues(settings({}));
    expect(values.base).toEqual({});
    expect(values.gateway).not.toHaveProperty("revision");
  });
});

describe("a revision tag's webhook (the Helm installer)", () => {
  test("a tag: namespaces labelled with it, and pods labelled with it elsewhere, to the revision's istiod", () => {
    const webhook = renderTagWebhook("prod", "1-30-3", "istio-system");
    validateKubernetesObject(webhook);
    expect(webhook.metadata.name).toBe(tagWebhookName("prod"));
    expect(webhook.metadata.labels).toEqual({
      "istio.io/tag": "prod",
      "istio.io/rev": "1-30-3",
      app: "sidecar-injector",
      "app.kubernetes.io/name": "istiod",
    });
    const hooks = webhook.webhooks as any[];
    expect(hooks.map((h) => h.name)).toEqual([
      "rev.namespace.sidecar-injector.istio.io",
      "rev.object.sidecar-injector.istio.io",
    ]);
    for (const hook of hooks) {
      expect(hook.clientConfig).toEqual({
        service: { name: "istiod-1-30-3", namespace: "istio-system", path: "/inject", port: 443 },
      });
      expect(hook).toMatchObject({
        failurePolicy: "Fail",
        sideEffects: "None",
        admissionReviewVersions: ["v1"],
      });
      expect(hook.clientConfig).not.toHaveProperty("caBundle");
    }
    expect(hooks[0].namespaceSelector.matchExpressions).toEqual([
      { key: "istio.io/rev", operator: "In", values: ["prod"] },
      { key: "istio-injection", operator: "DoesNotExist" },
    ]);
    expect(hooks[1].objectSelector.matchExpressions).toContainEqual({
      key: "istio.io/rev",
      operator: "In",
      values: ["prod"],
    });
  });

  test("the default tag also injects istio-injection=enabled namespaces and sidecar.istio.io/inject=true pods", () => {
    const webhook = renderTagWebhook("default", "1-31-1", "istio-system");
    validateKubernetesObject(webhook);
    const hooks = webhook.webhooks as any[];
    expect(hooks.map((h) => h.name)).toEqual([
      "rev.namespace.sidecar-injector.istio.io",
      "rev.object.sidecar-injector.istio.io",
      "namespace.sidecar-injector.istio.io",
      "object.sidecar-injector.istio.io",
    ]);
    expect(hooks[2].namespaceSelector.matchExpressions).toEqual([
      { key: "istio-injection", operator: "In", values: ["enabled"] },
    ]);
    expect(hooks[3].objectSelector.matchExpressions).toEqual([
      { key: "sidecar.istio.io/inject", operator: "In", values: ["true"] },
      { key: "istio.io/rev", operator: "DoesNotExist" },
    ]);
  });
});
