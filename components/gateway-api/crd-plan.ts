/**
 * What to do with the Gateway API CRDs on an existing cluster, decided from what it already has.
 * Each CRD of the bundle is absent, the stack's own (it carries the stack's owner annotation), or
 * another manager's. Another manager's CRDs at a compatible release are used as they are; the stack
 * takes them over only when gatewayApiCrdsAdopt says so, with server-side apply forced through their
 * field conflicts (`pulumi.com/patchForce`, which pulumi-kubernetes honours before anything else:
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/await/await.go#L1031-L1037,
 * https://www.pulumi.com/registry/packages/kubernetes/how-to-guides/managing-resources-with-server-side-apply/).
 */
import { type Document, isMap, parseAllDocuments } from "yaml";
import { OWNER_LABEL } from "../cluster/k3d-config";
import { GATEWAY_API_MIN_BUNDLE } from "../config/defaults";

/** Annotations every Gateway API release stamps on its CRDs. */
export const BUNDLE_VERSION = "gateway.networking.k8s.io/bundle-version";
export const CHANNEL = "gateway.networking.k8s.io/channel";
/** Which sandbox stack (`<project>/<stack>`) applied a CRD; the k3d nodes carry the same key as a label. */
export const OWNER_ANNOTATION = OWNER_LABEL;
export const PATCH_FORCE = "pulumi.com/patchForce";

/** The CRDs of the kinds the sandbox declares (Gateway, HTTPRoute) and of istiod's GatewayClass. */
export const REQUIRED_CRDS: readonly string[] = [
  "gatewayclasses.gateway.networking.k8s.io",
  "gateways.gateway.networking.k8s.io",
  "httproutes.gateway.networking.k8s.io",
];

/** A CRD as the cluster has it: the annotations above, and the field managers of its fields. */
export interface LiveCrd {
  readonly annotations: Readonly<Record<string, string>>;
  readonly managers: readonly string[];
}

/** Each of the bundle's CRD names, with what the cluster has under it (null: nothing). */
export type LiveCrds = Readonly<Record<string, LiveCrd | null>>;

export interface Bundle {
  readonly documents: readonly Document[];
  /** The CRDs' names, in the bundle's order. */
  readonly crdNames: readonly string[];
  readonly version: string;
  readonly channel: string;
}

export interface CrdPlan {
  /** The documents this stack applies; empty when it uses the cluster's own CRDs as they are. */
  readonly yaml: string;
  /** One line for the log: what the stack does with the CRDs, and why. */
  readonly summary: string;
}

function stringAt(value: unknown, ...keys: string[]): string | undefined {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === "string" ? current : undefined;
}

/** The bundle's documents and CRDs; `version` stands in when the CRDs carry no bundle-version. */
export function parseBundle(texts: readonly string[], version: string): Bundle {
  const parsed = texts.flatMap((text) => parseAllDocuments(text));
  const broken = parsed.find((doc) => doc.errors.length > 0);
  if (broken) {
    throw new Error(
      `istio-sandbox:gatewayApiCrds: the CRD manifest is not valid YAML (${broken.errors[0].message.split("\n")[0]}). Fix: point gatewayApiCrds at the release's standard-install.yaml, or remove it to download the default`,
    );
  }
  // An empty document (a trailing `---`) holds no object; the provider skips it too.
  const documents = parsed.filter((doc) => isMap(doc.contents));
  const crds = documents
    .map((doc) => doc.toJS() as unknown)
    .filter((o) => stringAt(o, "kind") === "CustomResourceDefinition");
  const crdNames = crds
    .map((o) => stringAt(o, "metadata", "name"))
    .filter((n): n is string => n !== undefined);
  if (crdNames.length === 0) {
    throw new Error(
      "istio-sandbox:gatewayApiCrds: the manifest holds no CustomResourceDefinition. Fix: point gatewayApiCrds at the release's standard-install.yaml, or remove it to download the default",
    );
  }
  return {
    documents,
    crdNames,
    version: stringAt(crds[0], "metadata", "annotations", BUNDLE_VERSION) ?? version,
    channel: stringAt(crds[0], "metadata", "annotations", CHANNEL) ?? "standard",
  };
}

/** `v1.6.1` as numbers; a pre-release (`v1.6.0-rc.1`) sorts before its release. Undefined if unreadable. */
function versionParts(version: string): number[] | undefined {
  const match = /^v(\d+)\.(\d+)\.(\d+)(-.+)?$/.exec(version);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3]), match[4] === undefined ? 1 : 0];
}

/** Negative, zero or positive as `a` is older than, the same as, or newer than `b`; undefined if either is unreadable. */
export function compareBundles(a: string, b: string): number | undefined {
  const [x, y] = [versionParts(a), versionParts(b)];
  if (x === undefined || y === undefined) return undefined;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

interface Foreign {
  readonly name: string;
  readonly version?: string;
  readonly channel?: string;
  readonly managers: readonly string[];
}

function describeForeign(crd: Foreign): string {
  const version = crd.version ?? `no ${BUNDLE_VERSION} annotation`;
  const channel = crd.channel === undefined ? "channel unknown" : `${crd.channel} channel`;
  const managers = crd.managers.length > 0 ? crd.managers.join(", ") : "unknown";
  return `  - ${crd.name}: ${version}, ${channel}, managed by ${managers}`;
}

/** Every document with the owner annotation, and with patchForce when the stack takes CRDs over. */
function render(bundle: Bundle, owner: string, force: boolean): string {
  return bundle.documents
    .map((doc) => {
      const copy = doc.clone();
      copy.setIn(["metadata", "annotations", OWNER_ANNOTATION], owner);
      if (force) copy.setIn(["metadata", "annotations", PATCH_FORCE], "true");
      return copy.toString({ lineWidth: 0 }).replace(/^---\n/, "");
    })
    .join("---\n");
}

function decline(lines: readonly string[]): never {
  throw new Error(lines.join("\n"));
}

export interface PlanInput {
  readonly bundle: Bundle;
  readonly live: LiveCrds;
  /** `<project>/<stack>`. */
  readonly owner: string;
  /** gatewayApiCrdsAdopt. */
  readonly adopt: boolean;
}

/** The stack's plan for the CRDs; throws, naming the config key and the fix, where it must not go on. */
export function planCrds({ bundle, live, owner, adopt }: PlanInput): CrdPlan {
  const absent: string[] = [];
  const own: string[] = [];
  const foreign: Foreign[] = [];
  for (const name of bundle.crdNames) {
    const found = live[name];
    if (found === null || found === undefined) absent.push(name);
    else if (found.annotations[OWNER_ANNOTATION] === owner) own.push(name);
    else
      foreign.push({
        name,
        version: found.annotations[BUNDLE_VERSION],
        channel: found.annotations[CHANNEL],
        managers: found.managers,
      });
  }
  const ours = `${bundle.version} (${bundle.channel} channel)`;

  if (foreign.length === 0) {
    return {
      yaml: render(bundle, owner, adopt),
      summary: `Gateway API CRDs: this stack applies ${ours}: ${absent.length} new, ${own.length} its own.`,
    };
  }

  if (adopt) {
    const experimental = foreign.filter((crd) => crd.channel === "experimental");
    if (bundle.channel === "standard" && experimental.length > 0) {
      decline([
        `istio-sandbox:gatewayApiCrdsAdopt: is true, but these Gateway API CRDs in the cluster are from the experimental channel, and the standard channel this stack applies would take away the versions and fields they add:`,
        ...experimental.map(describeForeign),
        "Nothing was changed. Fix: point istio-sandbox:gatewayApiCrds at the same release's experimental-install.yaml, or pulumi config rm gatewayApiCrdsAdopt to use them as they are",
      ]);
    }
    const newer = foreign.filter(
      (crd) => crd.version !== undefined && (compareBundles(crd.version, bundle.version) ?? 0) > 0,
    );
    if (newer.length > 0) {
      decline([
        `istio-sandbox:gatewayApiCrdsAdopt: is true, but these Gateway API CRDs in the cluster are newer than the ${bundle.version} this stack applies, and taking them over would downgrade them:`,
        ...newer.map(describeForeign),
        `Nothing was changed. Fix: pulumi config rm gatewayApiCrdsAdopt to use them as they are, or pulumi config set gatewayApiVersion ${newer[0].version} to take them over at their release`,
      ]);
    }
    const managers = [...new Set(foreign.flatMap((crd) => crd.managers))];
    return {
      yaml: render(bundle, owner, true),
      summary: `Gateway API CRDs: this stack takes over ${foreign.length} from ${managers.join(", ") || "another manager"} (gatewayApiCrdsAdopt) and applies ${ours}, forcing server-side apply conflicts.`,
    };
  }

  const old = foreign.filter((crd) => (compareBundles(crd.version ?? "", GATEWAY_API_MIN_BUNDLE) ?? -1) < 0);
  if (old.length > 0) {
    decline([
      `istio-sandbox:gatewayApiCrdsAdopt: the cluster already has Gateway API CRDs that this stack did not install, older than ${GATEWAY_API_MIN_BUNDLE}, the oldest release the sandbox's Istio works with:`,
      ...old.map(describeForeign),
      `Nothing was changed. Fix: upgrade them to ${GATEWAY_API_MIN_BUNDLE} or newer where they come from (e.g. kubectl apply --server-side -f <the release's standard-install.yaml>), or let this stack take them over: pulumi config set gatewayApiCrdsAdopt true`,
    ]);
  }
  const missing = REQUIRED_CRDS.filter((name) => absent.includes(name));
  if (missing.length > 0) {
    decline([
      `istio-sandbox:gatewayApiCrdsAdopt: the cluster has Gateway API CRDs that this stack did not install, but not ${missing.join(", ")}, which the sandbox needs:`,
      ...foreign.map(describeForeign),
      "Nothing was changed. Fix: install the rest of that Gateway API release where the others come from, or let this stack take them all over: pulumi config set gatewayApiCrdsAdopt true",
    ]);
  }
  const releases = [...new Set(foreign.map((crd) => `${crd.version} (${crd.channel ?? "unknown"} channel)`))];
  return {
    yaml: "",
    summary: `Gateway API CRDs: the cluster's own, ${releases.join(", ")}, are used as they are and left alone${absent.length > 0 ? ` (it lacks ${absent.join(", ")}; Istio does without them)` : ""}. To have this stack manage them: pulumi config set gatewayApiCrdsAdopt true.`,
  };
}
