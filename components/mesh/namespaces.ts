/** Pure decisions about mesh membership: which namespaces, created or patched, and their mTLS policy. */
import type { MtlsSettings } from "../config/types";
import { ISTIO_SECURITY_API_VERSION, type IstioObject } from "../k8s-types/istio";

/** The label Istio's injector webhook selects namespaces by. */
export const INJECTION_LABELS: Readonly<Record<string, string>> = Object.freeze({
  "istio-injection": "enabled",
});

/** Namespaces every Kubernetes cluster starts with. */
export const BUILT_IN_NAMESPACES: readonly string[] = Object.freeze([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
]);

/**
 * Whether a namespace exists before the sandbox declares it: a built-in one, or Istio's own (the
 * install creates it). Those are labelled with a NamespacePatch, since declaring a Namespace that
 * exists would fail, and destroying it would delete what others own.
 */
export function namespacePreexists(namespace: string, istioNamespace: string): boolean {
  return BUILT_IN_NAMESPACES.includes(namespace) || namespace === istioNamespace;
}

/** The distinct namespaces of the apps, in first-seen order; Kubernetes' own namespaces are refused. */
export function meshNamespaces(
  apps: readonly { readonly name: string; readonly namespace: string }[],
): string[] {
  const seen: string[] = [];
  for (const app of apps) {
    if (app.namespace.startsWith("kube-")) {
      throw new Error(
        `app "${app.name}" is in namespace "${app.namespace}", which belongs to Kubernetes and must stay out of the mesh. Fix: pick another namespace, such as default`,
      );
    }
    if (!seen.includes(app.namespace)) seen.push(app.namespace);
  }
  if (seen.length === 0) throw new Error("no apps, so no mesh namespaces; list at least one app");
  return seen;
}

export interface PeerAuthenticationPlacement {
  readonly namespace: string;
  /** True for the mesh-wide policy in Istio's root namespace. */
  readonly meshWide: boolean;
}

/**
 * One PeerAuthentication per app namespace, plus a mesh-wide one in the root namespace when asked.
 * A policy in the root namespace is mesh-wide by definition, so an app there gets only that one.
 * https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export function peerAuthenticationPlacements(
  namespaces: readonly string[],
  mtls: MtlsSettings,
  rootNamespace: string,
): PeerAuthenticationPlacement[] {
  const placements = namespaces
    .filter((ns) => !(mtls.meshWide && ns === rootNamespace))
    .map((namespace) => ({ namespace, meshWide: false }));
  if (mtls.meshWide) placements.push({ namespace: rootNamespace, meshWide: true });
  return placements;
}

/** Named `default`, like the walkthrough's, so that it is the namespace's (or mesh's) policy. */
export function renderPeerAuthentication(
  namespace: string,
  mode: MtlsSettings["mode"],
): IstioObject<"PeerAuthentication"> {
  return {
    apiVersion: ISTIO_SECURITY_API_VERSION,
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace },
    spec: { mtls: { mode } },
  };
}
