export { K3dCluster, type K3dClusterArgs } from "./k3d-cluster";
export {
  ExistingCluster,
  type ExistingClusterArgs,
  readKubeconfig,
  clusterOfContext,
  clusterTarget,
  existingClusterTarget,
} from "./existing-cluster";
export {
  renderK3dConfig,
  renderK3dConfigYaml,
  storageVolumeName,
  OWNER_LABEL,
  CLUSTER_REPLACING_KEYS,
} from "./k3d-config";
export { inCluster, type ClusterTarget, type SandboxCluster } from "./types";
