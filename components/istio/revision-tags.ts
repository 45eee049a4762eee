/**
 * A revision tag for the Helm installer: the MutatingWebhookConfiguration that the istiod chart's
 * templates/revision-tags-mwc.yaml renders for one tag
 * (https://github.com/istio/istio/blob/1.30.3/manifests/charts/istio-control/istio-discovery/templates/revision-tags-mwc.yaml#L39).
 * It is its own object, as Istio's Helm upgrade guide applies it (`helm template istiod -s
 * templates/revision-tags-mwc.yaml | kubectl apply`, https://istio.io/latest/docs/setup/upgrade/helm/#stable-revision-labels),
 * not a `revisionTags` value of an istiod release: Helm refuses to take an object over from another
 * release, so a tag held by one revision's release could not move to the next in one update.
 * The revision's istiod fills in the webhook's caBundle, as it does for every webhook labelled
 * with its revision (https://github.com/istio/istio/blob/1.30.3/pkg/webhooks/webhookpatch.go#L120).
 */
import type * as k8s from "@pulumi/kubernetes";
import { DEFAULT_TAG } from "../config/revision-rules";

export const REVISION_LABEL = "istio.io/rev";
export const TAG_LABEL = "istio.io/tag";
export const INJECTION_LABEL = "istio-injection";
const INJECT_LABEL = "sidecar.istio.io/inject";

type Webhook = k8s.types.input.admissionregistration.v1.MutatingWebhook;
type Requirement = k8s.types.input.meta.v1.LabelSelectorRequirement;

/** A tag's webhook configuration, as plain data. */
export interface TagWebhookConfiguration {
  readonly apiVersion: "admissionregistration.k8s.io/v1";
  readonly kind: "MutatingWebhookConfiguration";
  readonly metadata: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly webhooks: Webhook[];
}

/** `istio-revision-tag-<tag>`, the name istioctl and the chart give a tag's webhook in istio-system. */
export function tagWebhookName(tag: string): string {
  return `istio-revision-tag-${tag}`;
}

/** `istiod-<revision>`: a revision's Deployment and Service. */
export function istiodName(revision: string): string {
  return `istiod-${revision}`;
}

const exists = (key: string, present: boolean): Requirement => ({
  key,
  operator: present ? "Exists" : "DoesNotExist",
});
const among = (key: string, values: string[], in_ = true): Requirement => ({
  key,
  operator: in_ ? "In" : "NotIn",
  values,
});

/** The chart's "core" webhook: pods, on create, to the revision's istiod, which must answer. */
function webhook(
  prefix: string,
  revision: string,
  istioNamespace: string,
  namespaceSelector: Requirement[],
  objectSelector: Requirement[],
): Webhook {
  return {
    name: `${prefix}sidecar-injector.istio.io`,
    clientConfig: {
      service: { name: istiodName(revision), namespace: istioNamespace, path: "/inject", port: 443 },
    },
    sideEffects: "None",
    rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
    failurePolicy: "Fail",
    reinvocationPolicy: "Never",
    admissionReviewVersions: ["v1"],
    namespaceSelector: { matchExpressions: namespaceSelector },
    objectSelector: { matchExpressions: objectSelector },
  };
}

/**
 * The webhook of `tag`, pointing at `revision`: namespaces labelled `istio.io/rev=<tag>` and pods
 * labelled so in unlabelled namespaces; the `default` tag also takes `istio-injection=enabled`
 * namespaces and `sidecar.istio.io/inject=true` pods (#L97 of the template).
 */
export function renderTagWebhook(
  tag: string,
  revision: string,
  istioNamespace: string,
): TagWebhookConfiguration {
  const notDisabled = among(INJECT_LABEL, ["false"], false);
  const hook = (prefix: string, ns: Requirement[], object: Requirement[]) =>
    webhook(prefix, revision, istioNamespace, ns, object);
  const webhooks = [
    hook("rev.namespace.", [among(REVISION_LABEL, [tag]), exists(INJECTION_LABEL, false)], [notDisabled]),
    hook(
      "rev.object.",
      [exists(REVISION_LABEL, false), exists(INJECTION_LABEL, false)],
      [notDisabled, among(REVISION_LABEL, [tag])],
    ),
    ...(tag === DEFAULT_TAG
      ? [
          hook("namespace.", [among(INJECTION_LABEL, ["enabled"])], [notDisabled]),
          hook(
            "object.",
            [exists(INJECTION_LABEL, false), exists(REVISION_LABEL, false)],
            [among(INJECT_LABEL, ["true"]), exists(REVISION_LABEL, false)],
          ),
        ]
      : []),
  ];
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: {
      name: tagWebhookName(tag),
      // What istiod's tag watcher reads (tag → revision), and what `istioctl tag list` selects by.
      labels: {
        [TAG_LABEL]: tag,
        [REVISION_LABEL]: revision,
        app: "sidecar-injector",
        "app.kubernetes.io/name": "istiod",
      },
    },
    webhooks,
  };
}
