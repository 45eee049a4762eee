/**
 * From the program's resource registrations to the Kubernetes objects it declares: what `kubectl
 * apply` gets, the namespace labels its NamespacePatches set, the Helm releases this check cannot
 * render, the IstioOperator each `istioctl install` Command reads on stdin (one per revision), and
 * the `istioctl tag set` Commands that point revision tags at them.
 */
import { parse } from "yaml";

/** One resource registration, as the mock monitor saw it (secrets already unwrapped). */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
}

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  } & Record<string, unknown>;
  readonly [field: string]: unknown;
}

/** A NamespacePatch: labels (and annotations) set on a namespace that someone else creates. */
export interface NamespacePatch {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** A Helm release, as the program declares it: e2e:objects renders its chart with `helm template`. */
export interface HelmRelease {
  readonly resource: string;
  /** The Helm release name (the resource's name when the program sets none). */
  readonly release: string;
  /** The chart's name in its repository, or its directory on disk. */
  readonly chart: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly values: Record<string, unknown>;
}

/** A `yaml/v2` ConfigFile (a file) or ConfigGroup (YAML text): manifests the provider applies whole. */
export interface Manifest {
  readonly resource: string;
  readonly file?: string;
  readonly yaml?: string;
}

/** A Command of the program, as registered: what `runProgramCommand` runs against the cluster. */
export interface ProgramCommand {
  readonly resource: string;
  readonly script: string;
  readonly environment: Record<string, string>;
}

/** What the engine runs to remove one install's Istio: the delete step of its Command. */
export type IstioUninstall = ProgramCommand;

/** An `istioctl install` Command as registered: its script, the IstioOperator on its stdin, its environment. */
export interface IstioInstall extends ProgramCommand {
  readonly stdin: string;
  readonly operator: KubeObject;
  /** `spec.revision` of its IstioOperator; undefined for the unrevisioned control plane. */
  readonly revision?: string;
  /** Its delete step, where it has one (existing mode, or a revision). */
  readonly uninstall?: IstioUninstall;
}

/** An `istioctl tag set` Command: it points `tag` at a revision, once that revision is installed. */
export interface TagCommand extends ProgramCommand {
  readonly tag: string;
  /** The revision its `--revision` names. */
  readonly revision: string;
}

/** A Command that runs one of the program's Node probes against the cluster, as registered. */
export interface ProbeCommand {
  readonly resource: string;
  /** The probe's file name, e.g. `webhook-probe.mjs`. */
  readonly probe: string;
  readonly script: string;
  readonly environment: Record<string, string>;
}

export interface Declared {
  readonly objects: KubeObject[];
  /** Applied as they are, after the program's own objects' namespaces. */
  readonly manifests: Manifest[];
  readonly namespacePatches: NamespacePatch[];
  readonly helmReleases: HelmRelease[];
  /** The program's `istioctl install` Commands (one per revision), in registration order. */
  readonly istioInstalls: IstioInstall[];
  /** The `istioctl tag set` Commands, in registration order: they run after every install. */
  readonly tagCommands: TagCommand[];
  readonly probes: ProbeCommand[];
}

const PROVIDER_TYPE = "pulumi:providers:kubernetes";
const PATCH_SUFFIX = "Patch";
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";
/** Input fields the kubernetes provider's SDK adds that are not part of the object. */
const NOT_OBJECT_FIELDS = new Set(["__inputs"]);

/** `kubernetes:networking.istio.io/v1:Gateway` → apiVersion and kind; `core/v1` is the legacy group. */
export function typeTokenParts(type: string): { apiVersion: string; kind: string } | undefined {
  const match = /^kubernetes:([^:]+):([A-Za-z0-9]+)$/.exec(type);
  if (!match) return undefined;
  const apiVersion = match[1].startsWith("core/") ? match[1].slice("core/".length) : match[1];
  return { apiVersion, kind: match[2] };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).map(([k, v]) => [k, String(v)]));
}

/**
 * The object a registration declares. A name the program leaves to Pulumi's auto-naming becomes the
 * resource's own name here (the provider would add a random suffix).
 */
export function objectOf(registration: Registration): KubeObject {
  const parts = typeTokenParts(registration.type);
  if (parts === undefined) throw new Error(`${registration.type} is not a Kubernetes object type`);
  const fields = Object.fromEntries(
    Object.entries(registration.inputs).filter(([k, v]) => !NOT_OBJECT_FIELDS.has(k) && v !== undefined),
  );
  const metadata = record(fields.metadata);
  return {
    ...fields,
    apiVersion: typeof fields.apiVersion === "string" ? fields.apiVersion : parts.apiVersion,
    kind: typeof fields.kind === "string" ? fields.kind : parts.kind,
    metadata: {
      ...metadata,
      name: typeof metadata.name === "string" ? metadata.name : registration.name,
    },
  };
}

/** The IstioOperator in a Command's stdin, when it holds one. */
export function istioOperatorIn(stdin: unknown): KubeObject | undefined {
  if (typeof stdin !== "string" || !/kind:\s*IstioOperator/.test(stdin)) return undefined;
  const parsed = record(parse(stdin));
  return parsed.kind === "IstioOperator" ? (parsed as unknown as KubeObject) : undefined;
}

/** `spec.revision` of an IstioOperator, when it sets one. */
function revisionOf(operator: KubeObject): string | undefined {
  const revision = record(operator.spec).revision;
  return typeof revision === "string" && revision !== "" ? revision : undefined;
}

/** The tag and revision of an `istioctl tag set <tag> --revision <revision>` script (either may be shell-quoted). */
export function tagSetIn(script: unknown): { tag: string; revision: string } | undefined {
  if (typeof script !== "string") return undefined;
  const match = /\bistioctl tag set '?([\w.-]+)'? --revision '?([\w.-]+)'?/.exec(script);
  return match === null ? undefined : { tag: match[1], revision: match[2] };
}

/** Sorts the registrations into what this check does with each; throws on two installs of one revision. */
export function declaredObjects(registrations: readonly Registration[]): Declared {
  const objects: KubeObject[] = [];
  const namespacePatches: NamespacePatch[] = [];
  const helmReleases: HelmRelease[] = [];
  const manifests: Manifest[] = [];
  const istioInstalls: IstioInstall[] = [];
  const tagCommands: TagCommand[] = [];
  const probes: ProbeCommand[] = [];
  for (const r of registrations) {
    // Remote components, so not custom resources; their contents are what the provider applies.
    if (r.type === CONFIG_FILE && typeof r.inputs.file === "string") {
      manifests.push({ resource: r.name, file: r.inputs.file });
      continue;
    }
    if (r.type === CONFIG_GROUP && typeof r.inputs.yaml === "string") {
      manifests.push({ resource: r.name, yaml: r.inputs.yaml });
      continue;
    }
    if (r.type === "command:local:Command") {
      const environment = stringMap(r.inputs.environment);
      const operator = istioOperatorIn(r.inputs.stdin);
      if (operator !== undefined) {
        const revision = revisionOf(operator);
        const twin = istioInstalls.find((i) => i.revision === revision);
        if (twin !== undefined)
          throw new Error(
            `two istioctl install Commands for ${revision === undefined ? "the unrevisioned control plane" : `revision ${revision}`} (${twin.resource} and ${r.name}); expected one`,
          );
        const uninstall =
          typeof r.inputs.delete === "string" && /\bistioctl uninstall\b/.test(r.inputs.delete)
            ? { resource: r.name, script: r.inputs.delete, environment }
            : undefined;
        istioInstalls.push({
          resource: r.name,
          script: String(r.inputs.create),
          stdin: String(r.inputs.stdin),
          environment,
          operator,
          ...(revision === undefined ? {} : { revision }),
          ...(uninstall === undefined ? {} : { uninstall }),
        });
      }
      const tag = tagSetIn(r.inputs.create);
      if (tag !== undefined)
        tagCommands.push({ resource: r.name, ...tag, script: String(r.inputs.create), environment });
      const probe =
        typeof r.inputs.create === "string" ? /([\w-]+-probe\.mjs)'?$/.exec(r.inputs.create.trim()) : null;
      if (probe !== null)
        probes.push({
          resource: r.name,
          probe: probe[1],
          script: String(r.inputs.create),
          environment: stringMap(r.inputs.environment),
        });
      continue;
    }
    if (!r.custom || r.type === PROVIDER_TYPE || !r.type.startsWith("kubernetes:")) continue;
    if (r.type === HELM_RELEASE) {
      helmReleases.push({
        resource: r.name,
        release: text(r.inputs.name, r.name),
        chart: text(r.inputs.chart, ""),
        namespace: text(r.inputs.namespace, "default"),
        createNamespace: r.inputs.createNamespace === true,
        values: record(r.inputs.values),
      });
      continue;
    }
    const parts = typeTokenParts(r.type);
    if (parts === undefined) throw new Error(`cannot tell the object of ${r.type} (resource ${r.name})`);
    if (parts.kind.endsWith(PATCH_SUFFIX)) {
      if (parts.kind !== `Namespace${PATCH_SUFFIX}`)
        throw new Error(`${r.type} (resource ${r.name}): only NamespacePatch is supported`);
      const metadata = record(r.inputs.metadata);
      namespacePatches.push({
        namespace: text(metadata.name, r.name),
        labels: stringMap(metadata.labels),
        annotations: stringMap(metadata.annotations),
      });
      continue;
    }
    objects.push(objectOf(r));
  }
  return {
    objects,
    manifests,
    namespacePatches,
    helmReleases,
    istioInstalls,
    tagCommands,
    probes,
  };
}
