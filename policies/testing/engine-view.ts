/**
 * What the Pulumi engine (3.248) and @pulumi/policy (1.21) hand a policy for one resource, at preview
 * and at up. runPack feeds the rules through these functions only, so a harness that drifts from the
 * engine shows up here, next to the engine line it imitates.
 *
 * - Resource policies (Analyze) get the inputs after the provider's Check:
 *   https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/resource/deploy/step_generator.go#L1212-L1237
 * - Stack policies (AnalyzeStack) get each resource's outputs, "the final outputs of each resource":
 *   https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/resource/deploy/step_generator.go#L3244-L3251
 * - A provider whose inputs hold an unknown value is never configured. The engine's plugin wrapper then
 *   answers Check with the raw inputs and a preview Create with no properties at all:
 *   https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/resource/plugin/provider_plugin.go#L1032-L1049
 *   https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/resource/plugin/provider_plugin.go#L1152-L1156
 *   https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/resource/plugin/provider_plugin.go#L1385-L1402
 *   In k3d mode every Kubernetes provider takes its kubeconfig from the k3d Command's stdout, so at the
 *   first preview each Kubernetes object reaches the stack policies as `{}`.
 * - Top-level keys starting with `__` (the Kubernetes checkpoint's `__inputs`) never reach a policy:
 *   https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/resource/plugin/analyzer_plugin.go#L349-L351
 */

export type Phase = "preview" | "up";

/** The engine's sentinel for an unknown string (other types have their own; the SDK sends this one). */
export const PREVIEW_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A resource as the program registered it, and what its provider answered at up. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** False for component resources, the stack and other registrations without a provider. */
  readonly custom: boolean;
  /** The registered inputs, secrets unwrapped, unknown values as `PREVIEW_UNKNOWN`. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The provider's outputs after a real create (a mocked provider's state); inputs when absent. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** The explicit provider's reference, `<provider urn>::<provider id>`; absent for a default provider. */
  readonly provider?: string;
}

export function containsUnknown(value: unknown): boolean {
  if (value === PREVIEW_UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Whether the engine configured the resource's provider: a default provider's config comes from the
 * stack's config and is known; an explicit one is configured only when none of its inputs (bar
 * `version`) holds an unknown value, looking inside secrets too.
 */
export function providerConfigured(
  resource: RegisteredResource,
  byUrn: ReadonlyMap<string, RegisteredResource>,
): boolean {
  if (resource.provider === undefined) return true;
  const providerUrn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
  const provider = byUrn.get(providerUrn);
  if (provider === undefined) return true;
  return !Object.entries(provider.inputs).some(([key, value]) => key !== "version" && containsUnknown(value));
}

/** A Kubernetes object's kind from its type token; undefined for anything else (Helm releases, components). */
function k8sObjectKind(resource: RegisteredResource): string | undefined {
  const match = /^kubernetes:([^:]+):([^:]+)$/.exec(resource.type);
  if (match === null || match[1].startsWith("helm.sh/") || match[1].startsWith("yaml/")) return undefined;
  if (match[1].startsWith("kustomize/") || match[1] === "index") return undefined;
  return match[2].replace(/Patch$/, "");
}

/**
 * Kinds without a namespace among those the sandbox declares. The provider assumes that any kind it
 * cannot look up (a custom resource whose CRD is not installed yet) is namespaced:
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/provider/provider.go#L1309-L1326
 */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "GatewayClass",
  "StorageClass",
  "PersistentVolume",
  "PriorityClass",
]);

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}

/** A stable stand-in for the provider's random autoname suffix, so runs compare equal. */
function suffix(urn: string): string {
  let hash = 0;
  for (const ch of urn) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(8, "0").slice(0, 8);
}

/**
 * The Kubernetes provider's Check: an object without a name gets `<pulumi name>-<random>` and the
 * `pulumi.com/autonamed` annotation; a namespaced object without a namespace gets the provider's default.
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/provider/provider.go#L1271
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/metadata/naming.go#L35-L52
 */
export function kubernetesCheck(
  resource: RegisteredResource,
  defaultNamespace = "default",
): Record<string, unknown> {
  const kind = k8sObjectKind(resource);
  const inputs = { ...resource.inputs };
  if (kind === undefined || resource.type.endsWith("Patch")) return inputs;
  const metadata = objectOf(inputs["metadata"]);
  if (metadata["name"] === undefined) {
    metadata["name"] = `${resource.name}-${suffix(resource.urn)}`;
    metadata["annotations"] = { ...objectOf(metadata["annotations"]), "pulumi.com/autonamed": "true" };
  }
  if (metadata["namespace"] === undefined && !CLUSTER_SCOPED.has(kind))
    metadata["namespace"] = defaultNamespace;
  inputs["metadata"] = metadata;
  return inputs;
}

function base64(value: unknown): unknown {
  return typeof value === "string" ? Buffer.from(value, "utf8").toString("base64") : value;
}

/**
 * The object the API server returns once created, as the provider checkpoints it: server-set metadata,
 * a status, and a Secret's `stringData` folded into base64 `data` (the API server never returns
 * `stringData`; the provider only marks `data` secret:
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/provider/provider.go#L3100-L3116).
 */
export function liveObject(resource: RegisteredResource): Record<string, unknown> {
  const object = kubernetesCheck(resource);
  const metadata = objectOf(object["metadata"]);
  Object.assign(metadata, {
    uid: `uid-${suffix(resource.urn)}`,
    resourceVersion: "1",
    generation: 1,
    creationTimestamp: "2026-01-01T00:00:00Z",
    managedFields: [{ manager: "pulumi-kubernetes", operation: "Apply" }],
  });
  object["metadata"] = metadata;
  if (k8sObjectKind(resource) === "Secret" && object["stringData"] !== undefined) {
    const data = objectOf(object["data"]);
    for (const [key, value] of Object.entries(objectOf(object["stringData"]))) data[key] = base64(value);
    object["data"] = data;
    delete object["stringData"];
  }
  if (object["status"] === undefined) object["status"] = {};
  return object;
}

/** Non-Kubernetes outputs at a preview create: the inputs, and every other output unknown. */
function plannedOutputs(resource: RegisteredResource): Record<string, unknown> {
  const planned: Record<string, unknown> = { ...resource.inputs };
  for (const key of Object.keys(resource.outputs ?? {})) {
    if (!(key in planned)) planned[key] = PREVIEW_UNKNOWN;
  }
  return planned;
}

function withoutInternalKeys(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(([key, value]) => !key.startsWith("__") && value !== undefined),
  );
}

/** What a resource policy's `props` holds: the inputs after Check, raw when the provider is not configured. */
export function analyzeProps(
  resource: RegisteredResource,
  phase: Phase,
  byUrn: ReadonlyMap<string, RegisteredResource>,
): Record<string, unknown> {
  const configured = phase === "up" || providerConfigured(resource, byUrn);
  return withoutInternalKeys(configured ? kubernetesCheck(resource) : { ...resource.inputs });
}

/**
 * What a stack policy's `props` holds for a resource the run creates: `{}` at preview when the provider is
 * not configured; otherwise the provider's preview answer (the Kubernetes provider echoes the checked
 * inputs whenever it cannot dry-run, as for a CRD not yet installed:
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/provider/provider.go#L1728-L1736),
 * and at up the live object.
 */
export function analyzeStackProps(
  resource: RegisteredResource,
  phase: Phase,
  byUrn: ReadonlyMap<string, RegisteredResource>,
): Record<string, unknown> {
  if (!resource.custom) return withoutInternalKeys({ ...resource.inputs });
  const isObject = k8sObjectKind(resource) !== undefined;
  if (phase === "preview") {
    if (!providerConfigured(resource, byUrn)) return {};
    return withoutInternalKeys(isObject ? kubernetesCheck(resource) : plannedOutputs(resource));
  }
  return withoutInternalKeys(isObject ? liveObject(resource) : { ...resource.inputs, ...resource.outputs });
}
