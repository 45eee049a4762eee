/**
 * The resource model every rule checks: plain data, URNs for links. Both the engine's
 * PolicyResource objects and resources captured under mocks are turned into this shape, so the
 * rules never touch @pulumi/policy.
 */
import { asString, at } from "./values";

export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Plain properties; `UNKNOWN` where a value is not known at preview. */
  readonly props: Readonly<Record<string, unknown>>;
  /** URNs of the resources this one depends on. */
  readonly dependencies: readonly string[];
  /** URN of the parent resource, if any. */
  readonly parent?: string;
  /** True when neither outputs nor inputs of this resource reached the pack: its props are empty. */
  readonly unseen?: boolean;
}

/** A violation found by a stack check; `urn` names the offending resource. */
export interface Violation {
  readonly urn?: string;
  readonly message: string;
}

/** The kind of a Kubernetes object, read from the Pulumi type token `kubernetes:<group>/<version>:<Kind>`. */
export interface K8sKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export function k8sKind(type: string): K8sKind | undefined {
  const match = /^kubernetes:(.+)\/([^/:]+):([^:]+)$/.exec(type);
  if (match === null) return undefined;
  return { group: match[1], version: match[2], kind: match[3] };
}

/** Istio serves v1, v1beta1 and v1alpha3 of its networking API; security has v1 and v1beta1. */
export function isKind(resource: StackResource, group: string, kind: string): boolean {
  const parsed = k8sKind(resource.type);
  return parsed !== undefined && parsed.group === group && parsed.kind === kind;
}

export const GROUPS = {
  core: "core",
  apps: "apps",
  istioNetworking: "networking.istio.io",
  istioSecurity: "security.istio.io",
  k8sNetworking: "networking.k8s.io",
} as const;

/** `metadata.name`, falling back to the Pulumi name for an auto-named object. */
export function objectName(resource: StackResource): string {
  return asString(at(resource.props, "metadata", "name")) ?? resource.name;
}

/** `metadata.namespace`; objects without one land in the provider's default namespace. */
export function objectNamespace(resource: StackResource): string {
  return asString(at(resource.props, "metadata", "namespace")) ?? "default";
}

export function qualifiedName(resource: StackResource): string {
  return `${objectNamespace(resource)}/${objectName(resource)}`;
}

export function spec(resource: StackResource): unknown {
  return resource.props["spec"];
}

/** Indexes over the stack's resources, shared by the stack checks. */
export class StackView {
  readonly resources: readonly StackResource[];
  private readonly byUrn: ReadonlyMap<string, StackResource>;
  private readonly children: ReadonlyMap<string, readonly StackResource[]>;

  constructor(resources: readonly StackResource[]) {
    this.resources = resources;
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, StackResource[]>();
    for (const r of resources) {
      if (r.parent === undefined) continue;
      const list = children.get(r.parent) ?? [];
      list.push(r);
      children.set(r.parent, list);
    }
    this.children = children;
  }

  get(urn: string): StackResource | undefined {
    return this.byUrn.get(urn);
  }

  ofKind(group: string, kind: string): StackResource[] {
    return this.resources.filter((r) => isKind(r, group, kind));
  }

  ofType(...types: readonly string[]): StackResource[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  /** The k8s object of a kind with this namespace and name. */
  find(group: string, kind: string, namespace: string, name: string): StackResource | undefined {
    return this.ofKind(group, kind).find((r) => objectNamespace(r) === namespace && objectName(r) === name);
  }

  /**
   * Every resource `resource` waits for: its dependencies, theirs, and so on. A dependency on a
   * component stands for all of the component's descendants, as Pulumi's `dependsOn` does.
   */
  dependencyClosure(resource: StackResource): Set<string> {
    const seen = new Set<string>();
    const queue = [...resource.dependencies];
    while (queue.length > 0) {
      const urn = queue.pop() as string;
      if (seen.has(urn)) continue;
      seen.add(urn);
      const dep = this.byUrn.get(urn);
      if (dep === undefined) continue;
      queue.push(...dep.dependencies);
      for (const child of this.children.get(urn) ?? []) queue.push(child.urn);
    }
    return seen;
  }
}
