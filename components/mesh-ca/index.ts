export { MeshCa, type MeshCaArgs, CACERTS_PROBE_SCRIPT } from "./mesh-ca";
export { CACERTS_SECRET, CACERTS_KEYS, cacertsData, certificateChain, type CacertsInput } from "./cacerts";
