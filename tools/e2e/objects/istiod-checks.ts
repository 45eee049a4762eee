/**
 * What e2e:objects asks of the real istiod (pilot-discovery, run as in the lane): that its validation
 * webhook admits every Istio object the program declares (the API server here calls no webhook, so
 * the check calls it itself), that it deploys each Gateway API Gateway and waypoint, and that it signs
 * with a `cacerts` CA when the program plugs one in.
 */
import type { KubeObject } from "./declared";

/** Istio's config API groups, which istiod's validation webhook judges (not install.istio.io). */
const VALIDATED_GROUP = /^(networking|security|telemetry|extensions)\.istio\.io$/;

/** The declared objects istiod's validation webhook is registered for. */
export function validatedObjects(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => VALIDATED_GROUP.test(o.apiVersion.split("/")[0]));
}

/** An admission.k8s.io/v1 AdmissionReview asking to create `object`, as the API server would send it. */
export function admissionReview(object: KubeObject, uid: string): unknown {
  const [group, version] = object.apiVersion.split("/");
  const kind = { group, version, kind: object.kind };
  return {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: {
      uid,
      kind,
      resource: { group, version, resource: `${object.kind.toLowerCase()}s` },
      requestKind: kind,
      name: object.metadata.name,
      namespace: object.metadata.namespace ?? "",
      operation: "CREATE",
      userInfo: { username: "istio-sandbox-e2e" },
      object,
      dryRun: false,
    },
  };
}

/** The webhook's answer: allowed, or the reason it gives for refusing (AdmissionResponse's `status`). */
export function admissionVerdict(body: string): { readonly allowed: boolean; readonly message: string } {
  const response = (JSON.parse(body) as { response?: { allowed?: boolean; status?: { message?: string } } })
    .response;
  if (response === undefined)
    throw new Error(`the webhook answered no AdmissionReview response: ${body.slice(0, 300)}`);
  return { allowed: response.allowed === true, message: response.status?.message ?? "" };
}

/** A Gateway API Gateway istiod deploys, and the name of the Deployment and Service it makes for it. */
export interface DeployedGateway {
  readonly namespace: string;
  readonly gateway: string;
  readonly className: string;
  readonly workload: string;
}

/**
 * The Gateways of Istio's classes the program declares, with the name istiod gives their Deployment
 * and Service: `<name>-<class>`, but `<name>` for waypoints, unless the name-override annotation says.
 * https://github.com/istio/istio/blob/1.31.1/pilot/pkg/config/kube/gatewaycommon/gateway_utils.go#L36
 */
export function deployedGateways(objects: readonly KubeObject[]): DeployedGateway[] {
  return objects.flatMap((o) => {
    if (o.kind !== "Gateway" || !o.apiVersion.startsWith("gateway.networking.k8s.io/")) return [];
    const className = (o.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName ?? "";
    if (className !== "istio" && className !== "istio-waypoint") return [];
    const override = o.metadata.annotations?.["gateway.istio.io/name-override"];
    const workload = override ?? (className === "istio" ? `${o.metadata.name}-istio` : o.metadata.name);
    return [{ namespace: o.metadata.namespace ?? "default", gateway: o.metadata.name, className, workload }];
  });
}

/** The root certificate a declared `cacerts` Secret plugs into istiod, when the program declares one. */
export function pluggedRootCert(objects: readonly KubeObject[], istioNamespace: string): string | undefined {
  const secret = objects.find(
    (o) => o.kind === "Secret" && o.metadata.name === "cacerts" && o.metadata.namespace === istioNamespace,
  );
  if (secret === undefined) return undefined;
  const stringData = secret.stringData as Record<string, string> | undefined;
  const data = secret.data as Record<string, string> | undefined;
  return (
    stringData?.["root-cert.pem"] ??
    (data?.["root-cert.pem"] === undefined
      ? undefined
      : Buffer.from(data["root-cert.pem"], "base64").toString())
  );
}
