export { MeshNamespaces, type MeshNamespacesArgs } from "./mesh-namespaces";
export { namespaceInjectors, namespaceRevisions, revisionLabels, REVISION_LABEL } from "./revision-labels";
export {
  INJECTION_LABELS,
  BUILT_IN_NAMESPACES,
  namespacePreexists,
  meshNamespaces,
  peerAuthenticationPlacements,
  renderPeerAuthentication,
  type PeerAuthenticationPlacement,
} from "./namespaces";
