/** Namespace labels as the stack declares them, and what they mean for sidecar injection. */
import { GROUPS, objectName, type StackResource, type StackView } from "./stack";
import { at, isUnknown } from "./values";

export const INJECTION_LABEL = "istio-injection";
export const REVISION_LABEL = "istio.io/rev";

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

export type InjectionState = "enabled" | "disabled" | "unlabelled" | "conflicting";

/**
 * Istio injects a namespace labelled `istio-injection=enabled` or `istio.io/rev=<revision>`;
 * both at once is ambiguous (IST0123).
 * https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function injectionState(labels: Readonly<Record<string, string>>): InjectionState {
  const legacy = labels[INJECTION_LABEL];
  const revision = labels[REVISION_LABEL];
  if (legacy !== undefined && revision !== undefined) return "conflicting";
  if (revision !== undefined) return "enabled";
  if (legacy === undefined) return "unlabelled";
  return legacy === "enabled" ? "enabled" : "disabled";
}

/** Namespaces that the stack labels for injection. */
export function injectedNamespaces(stack: StackView): NamespaceLabels[] {
  return [...namespaceLabels(stack).values()].filter((ns) => injectionState(ns.labels) === "enabled");
}

export function labelSummary(labels: Readonly<Record<string, string>>): string {
  const relevant = [INJECTION_LABEL, REVISION_LABEL]
    .filter((k) => labels[k] !== undefined)
    .map((k) => `${k}=${labels[k]}`);
  return relevant.length === 0 ? "no injection label" : relevant.join(" and ");
}
