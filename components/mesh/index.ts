export { MeshNamespaces, type MeshNamespacesArgs } from "./mesh-namespaces";
export {
  INJECTION_LABELS,
  BUILT_IN_NAMESPACES,
  namespacePreexists,
  meshNamespaces,
  peerAuthenticationPlacements,
  renderPeerAuthentication,
  type PeerAuthenticationPlacement,
} from "./namespaces";
