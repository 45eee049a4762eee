/** The snapshot of every object in the cluster, and what destroy left behind. */
import type { ObjectRef, ObjectSnapshot } from "./report";

interface ListedObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly namespace?: string;
    readonly name?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
}

/** The objects of a `kubectl get … -o json` List, sorted; values (a Secret's data) are never kept. */
export function objectsFromList(json: string): ObjectSnapshot[] {
  const list = JSON.parse(json) as { items?: readonly ListedObject[] };
  const objects = (list.items ?? []).map((o) => ({
    apiVersion: o.apiVersion ?? "",
    kind: o.kind ?? "",
    namespace: o.metadata?.namespace ?? "",
    name: o.metadata?.name ?? "",
    labels: { ...(o.metadata?.labels ?? {}) },
  }));
  return objects.sort((a, b) => key(a).localeCompare(key(b)));
}

export function key(o: ObjectRef): string {
  return `${o.apiVersion}|${o.kind}|${o.namespace}|${o.name}`;
}

/**
 * Kinds that are records of what happened, not things the stack made: Events expire on their own
 * (kube-apiserver --event-ttl) and are written by whoever observes, long after a delete.
 */
const RECORD_KINDS = new Set(["v1|Event", "events.k8s.io/v1|Event"]);

/**
 * What is in the cluster after destroy that was not there before the stack's first step: the
 * objects the stack (or controllers on its behalf) created and destroy did not remove.
 */
export function leftovers(before: readonly ObjectRef[], after: readonly ObjectRef[]): ObjectRef[] {
  const existed = new Set(before.map(key));
  return after
    .filter((o) => !RECORD_KINDS.has(`${o.apiVersion}|${o.kind}`) && !existed.has(key(o)))
    .map(({ apiVersion, kind, namespace, name }) => ({ apiVersion, kind, namespace, name }));
}

/** In k3d mode the whole cluster is the stack's: after destroy, the cluster itself must be gone. */
export function clusterLeftover(clusterName: string): ObjectRef {
  return { apiVersion: "k3d.io/v1alpha5", kind: "Cluster", namespace: "", name: clusterName };
}
