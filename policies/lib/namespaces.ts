/** Namespace labels as the stack declares them, and what they mean for sidecar injection. */
import { GROUPS, objectName, type StackResource, type StackView } from "./stack";
import { at, isUnknown } from "./values";

export const INJECTION_LABEL = "istio-injection";
export const REVISION_LABEL = "istio.io/rev";
/** Ambient mode's enrolment label. https://istio.io/latest/docs/ambient/usage/add-workloads/ */
export const DATAPLANE_MODE_LABEL = "istio.io/dataplane-mode";

export interface NamespaceLabels {
  readonly name: string;
  /** The Namespace or NamespacePatch resources that declare it. */
  readonly resources: readonly StackResource[];
  readonly labels: Readonly<Record<string, string>>;
  /** True when some label value is not known at preview time. */
  readonly unknown: boolean;
}

/** Merges the labels of every Namespace and NamespacePatch declaring each namespace. */
export function namespaceLabels(stack: StackView): Map<string, NamespaceLabels> {
  const out = new Map<
    string,
    { resources: StackResource[]; labels: Record<string, string>; unknown: boolean }
  >();
  const declared = [
    ...stack.ofKind(GROUPS.core, "Namespace"),
    ...stack.ofKind(GROUPS.core, "NamespacePatch"),
  ];
  for (const resource of declared) {
    const name = objectName(resource);
    const entry = out.get(name) ?? { resources: [], labels: {}, unknown: false };
    entry.resources.push(resource);
    const labels = at(resource.props, "metadata", "labels");
    if (isUnknown(labels)) entry.unknown = true;
    for (const [k, v] of Object.entries(labels !== null && typeof labels === "object" ? labels : {})) {
      if (isUnknown(v)) entry.unknown = true;
      else if (typeof v === "string") entry.labels[k] = v;
    }
    out.set(name, entry);
  }
  return new Map([...out].map(([name, e]) => [name, { name, ...e }]));
}

export type InjectionState = "enabled" | "ambient" | "mixed" | "disabled" | "unlabelled" | "conflicting";

/**
 * Istio injects a namespace labelled `istio-injection=enabled` or `istio.io/rev=<revision>`;
 * both at once is ambiguous (IST0123).
 * https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 * Ambient mode enrols a namespace labelled `istio.io/dataplane-mode=ambient` instead; with sidecar
 * injection as well ("mixed"), pods get sidecars and ztunnel leaves them alone.
 */
export function injectionState(labels: Readonly<Record<string, string>>): InjectionState {
  const legacy = labels[INJECTION_LABEL];
  const revision = labels[REVISION_LABEL];
  const ambient = labels[DATAPLANE_MODE_LABEL] === "ambient";
  if (legacy !== undefined && revision !== undefined) return "conflicting";
  const sidecar = revision !== undefined || legacy === "enabled";
  if (ambient) return sidecar ? "mixed" : "ambient";
  if (sidecar) return "enabled";
  return legacy === undefined ? "unlabelled" : "disabled";
}

/** Namespaces in the mesh either way: sidecar-injected or ambient (ztunnel enforces their mTLS). */
export function meshNamespaces(stack: StackView): NamespaceLabels[] {
  return [...namespaceLabels(stack).values()].filter((ns) =>
    ["enabled", "ambient"].includes(injectionState(ns.labels)),
  );
}

/** Namespaces that the stack labels for injection. */
export function injectedNamespaces(stack: StackView): NamespaceLabels[] {
  return [...namespaceLabels(stack).values()].filter((ns) => injectionState(ns.labels) === "enabled");
}

export function labelSummary(labels: Readonly<Record<string, string>>): string {
  const relevant = [INJECTION_LABEL, REVISION_LABEL, DATAPLANE_MODE_LABEL]
    .filter((k) => labels[k] !== undefined)
    .map((k) => `${k}=${labels[k]}`);
  return relevant.length === 0 ? "no injection label" : relevant.join(" and ");
}
