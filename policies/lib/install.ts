/**
 * Finds the stack's Istio install and the ingress gateway workloads it produces, so Gateway
 * selectors and credential namespaces can be checked against what will really run. Either
 * installer is recognised: `istioctl install` run by a command resource with the IstioOperator
 * on stdin, or Istio's Helm charts. When neither is found, Istio's defaults are assumed.
 */
import { parse } from "yaml";
import {
  INGRESS_GATEWAY_LABELS,
  INGRESS_GATEWAY_NAME,
  ISTIO_NAMESPACE,
} from "../../components/config/defaults";
import type { GatewayInfo } from "./istio";
import type { StackResource, StackView } from "./stack";
import { asString, asStringMap, at, selects } from "./values";

export const COMMAND_TYPE = "command:local:Command";
export const HELM_RELEASE_TYPES: readonly string[] = ["kubernetes:helm.sh/v3:Release"];

export interface GatewayWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface IstioInstall {
  /** How the install was found. */
  readonly installer: "istioctl" | "helm" | "none";
  /** The resources that install the control plane (and so the sidecar injector). */
  readonly controlPlane: readonly StackResource[];
  readonly workloads: readonly GatewayWorkload[];
}

export const DEFAULT_WORKLOAD: GatewayWorkload = {
  name: INGRESS_GATEWAY_NAME,
  namespace: ISTIO_NAMESPACE,
  labels: INGRESS_GATEWAY_LABELS,
};

/** IstioOperator profiles that install no ingress gateway. */
const PROFILES_WITHOUT_INGRESS: readonly string[] = ["minimal", "empty", "remote", "ambient"];

/** A Command that runs `istioctl install` (not merely names both words, as an error message may). */
export function isIstioctlInstall(resource: StackResource): boolean {
  if (resource.type !== COMMAND_TYPE) return false;
  const create = asString(resource.props["create"]);
  return create !== undefined && /(^|[\s;&|(])istioctl\s+install\b/m.test(create);
}

/** Gateway workloads declared by an IstioOperator document; defaults when it cannot be read. */
export function workloadsFromIstioOperator(stdin: unknown): GatewayWorkload[] {
  if (typeof stdin !== "string") return [DEFAULT_WORKLOAD];
  let doc: unknown;
  try {
    doc = parse(stdin);
  } catch {
    return [DEFAULT_WORKLOAD];
  }
  const spec = at(doc, "spec");
  const rootNamespace = asString(at(spec, "namespace")) ?? ISTIO_NAMESPACE;
  const entries = at(spec, "components", "ingressGateways");
  if (!Array.isArray(entries)) {
    const profile = asString(at(spec, "profile")) ?? "default";
    return PROFILES_WITHOUT_INGRESS.includes(profile)
      ? []
      : [{ ...DEFAULT_WORKLOAD, namespace: rootNamespace }];
  }
  return entries
    .filter((entry) => at(entry, "enabled") !== false)
    .map((entry) => {
      const label = asStringMap(at(entry, "label"));
      return {
        name: asString(at(entry, "name")) ?? INGRESS_GATEWAY_NAME,
        namespace: asString(at(entry, "namespace")) ?? rootNamespace,
        labels: label !== undefined && Object.keys(label).length > 0 ? label : INGRESS_GATEWAY_LABELS,
      };
    });
}

export function chartName(release: StackResource): string | undefined {
  const chart = asString(release.props["chart"]);
  return chart
    ?.split("/")
    .pop()
    ?.replace(/-\d.*$/, "");
}

/**
 * The labels Istio's `gateway` chart puts on its pods: `app` defaults to the release name and
 * `istio` to the release name without its `istio-` prefix; `labels` adds more.
 * https://github.com/istio/istio/blob/master/manifests/charts/gateway/templates/_helpers.tpl
 */
export function workloadFromGatewayRelease(release: StackResource): GatewayWorkload {
  const values = release.props["values"];
  const name = asString(at(values, "name")) ?? asString(release.props["name"]) ?? release.name;
  const extra = asStringMap(at(values, "labels")) ?? {};
  return {
    name,
    namespace: asString(release.props["namespace"]) ?? "default",
    labels: { ...extra, app: extra["app"] ?? name, istio: extra["istio"] ?? name.replace(/^istio-/, "") },
  };
}

export function findIstioInstall(stack: StackView): IstioInstall {
  const commands = stack.resources.filter(isIstioctlInstall);
  if (commands.length > 0) {
    return {
      installer: "istioctl",
      controlPlane: commands,
      workloads: commands.flatMap((c) => workloadsFromIstioOperator(c.props["stdin"])),
    };
  }
  const releases = stack.ofType(...HELM_RELEASE_TYPES);
  const istiod = releases.filter((r) => chartName(r) === "istiod");
  const gatewayReleases = releases.filter((r) => chartName(r) === "gateway");
  if (istiod.length > 0 || gatewayReleases.length > 0) {
    return {
      installer: "helm",
      controlPlane: istiod,
      workloads: gatewayReleases.map(workloadFromGatewayRelease),
    };
  }
  return { installer: "none", controlPlane: [], workloads: [DEFAULT_WORKLOAD] };
}

/** The workloads a Gateway selector picks; Istio searches every namespace by default. */
export function selectedWorkloads(
  selector: Readonly<Record<string, string>>,
  workloads: readonly GatewayWorkload[],
): GatewayWorkload[] {
  return workloads.filter((w) => selects(selector, w.labels));
}

/** Namespaces of the workloads a Gateway selects; istio-system when none can be found. */
export function workloadNamespaces(stack: StackView, gateway: GatewayInfo): string[] {
  const workloads = findIstioInstall(stack).workloads;
  const selected = gateway.selector === undefined ? [] : selectedWorkloads(gateway.selector, workloads);
  const namespaces = [...new Set(selected.map((w) => w.namespace))];
  return namespaces.length > 0 ? namespaces : [ISTIO_NAMESPACE];
}
