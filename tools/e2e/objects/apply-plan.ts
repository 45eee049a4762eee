/**
 * The order in which declared objects are applied, so that what an object needs exists first (as
 * Pulumi's dependencies ensure in a real run), and which CRD sources the objects need.
 */
import type { Declared, KubeObject } from "./declared";

/** Lower ranks go first: namespaces, then what pods and routes read, then workloads, then custom resources. */
const KIND_RANK: Readonly<Record<string, number>> = {
  Namespace: 0,
  ServiceAccount: 1,
  Secret: 1,
  ConfigMap: 1,
  Service: 2,
  Deployment: 3,
  StatefulSet: 3,
  DaemonSet: 3,
};
const CUSTOM_RANK = 4;

/** API groups the API server serves itself; every other group is a custom resource's. */
const BUILT_IN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "policy",
  "autoscaling",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "storage.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "scheduling.k8s.io",
  "certificates.k8s.io",
  "node.k8s.io",
]);

export function applyRank(object: KubeObject): number {
  if (!BUILT_IN_GROUPS.has(groupOf(object.apiVersion))) return CUSTOM_RANK;
  return KIND_RANK[object.kind] ?? CUSTOM_RANK - 1;
}

function objectKey(o: KubeObject): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;
}

/** The objects in apply order; stable within a rank (the program's registration order). */
export function applyOrder(objects: readonly KubeObject[]): KubeObject[] {
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => applyRank(a.o) - applyRank(b.o) || a.i - b.i)
    .map(({ o }) => o);
}

/** Throws naming every object declared twice: the second apply would silently merge into the first. */
export function assertUnique(objects: readonly KubeObject[]): void {
  const seen = new Set<string>();
  const twice = objects.map(objectKey).filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
  if (twice.length > 0) throw new Error(`declared more than once: ${twice.join(", ")}`);
}

export type CrdSource = "istio" | "metallb" | "gatewayApi";

/** The API group of an apiVersion (`""` for the core group). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
}

/**
 * CRD sources to install: Istio's always (istioctl analyze reads its types), MetalLB's when a
 * metallb.io object is declared, Gateway API's when a gateway.networking.k8s.io object is, or when the
 * caller has the CRDs anyway.
 */
export function crdSources(declared: Declared, gatewayApiAvailable: boolean): CrdSource[] {
  const groups = new Set(declared.objects.map((o) => groupOf(o.apiVersion)));
  const sources: CrdSource[] = ["istio"];
  if (groups.has("metallb.io")) sources.push("metallb");
  if (gatewayApiAvailable || groups.has("gateway.networking.k8s.io")) sources.push("gatewayApi");
  return sources;
}

/**
 * Namespaces something outside the applied objects must create: those of Helm releases created
 * with `createNamespace` (this check cannot render the chart) when no declared Namespace makes them.
 */
export function namespacesToCreate(declared: Declared): string[] {
  const declaredNs = new Set(
    declared.objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name),
  );
  const wanted = declared.helmReleases.filter((r) => r.createNamespace).map((r) => r.namespace);
  return [...new Set(wanted)].filter((n) => !declaredNs.has(n));
}
