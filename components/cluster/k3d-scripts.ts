/**
 * The shell that K3dCluster's commands run. Values reach the scripts only through environment
 * variables, never by string interpolation, so a name can't inject shell. Tests run these scripts
 * for real against stand-in `k3d` and `docker` executables.
 */
import { OWNER_LABEL } from "./k3d-config";

/** Environment the scripts read. */
export interface K3dScriptEnv {
  readonly K3D_CLUSTER: string;
  /** `<project>/<stack>`; must match the owner label that the k3d config stamps on the nodes. */
  readonly K3D_OWNER: string;
}

/**
 * Where a create records, before k3d starts, which stack is making a cluster: k3d creates the network
 * and registry before the nodes, so a run interrupted during the first image pull leaves a cluster
 * with no node to carry the owner label. One small file per cluster name, outside the project.
 */
const OWNER_MARKER = `"\${XDG_STATE_HOME:-$HOME/.local/state}/istio-sandbox/k3d/$K3D_CLUSTER.owner"`;

/**
 * Creates the cluster from the config on stdin and prints its kubeconfig. A cluster of the same name
 * that this stack made is what an interrupted run leaves behind, so it is removed and rebuilt; a
 * cluster that someone else made is never touched. Ownership is the owner label on the first server
 * node or, when there is no node yet, the marker this script wrote before it called k3d. The config
 * goes through a `.yaml` file, the form every k3d v5 release reads (https://k3d.io/stable/usage/configfile/).
 */
export const CREATE_SCRIPT = `set -eu
name="$K3D_CLUSTER"
marker=${OWNER_MARKER}
work=$(mktemp -d "\${TMPDIR:-/tmp}/istio-sandbox-k3d.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat > "$work/k3d.yaml"
if k3d cluster list "$name" >/dev/null 2>&1; then
  if owner=$(docker inspect --format '{{ index .Config.Labels "${OWNER_LABEL}" }}' "k3d-$name-server-0" 2>/dev/null); then
    found="its first server node is labelled '\${owner:-(no owner)}'"
  else
    owner=$(cat "$marker" 2>/dev/null || true)
    found="it has no server node yet, and no record of this stack creating it"
  fi
  if [ "$owner" != "$K3D_OWNER" ]; then
    echo "k3d already has a cluster named '$name' that this stack did not create ($found)." >&2
    echo "Fix: delete it with 'k3d cluster delete $name', or pick another name with 'pulumi config set clusterName <name>'." >&2
    exit 1
  fi
  echo "Removing cluster '$name' left half-created by an interrupted run of this stack." >&2
  k3d cluster delete "$name" >&2
fi
mkdir -p "$(dirname "$marker")"
printf '%s\n' "$K3D_OWNER" > "$marker"
k3d cluster create --config "$work/k3d.yaml" >&2
k3d kubeconfig get "$name"
`;

/** Runs when only the scripts changed (not the cluster definition): refresh the kubeconfig, nothing else. */
export const REFRESH_SCRIPT = `set -eu
k3d kubeconfig get "$K3D_CLUSTER"
`;

/** k3d exits 0 when the cluster is already gone, which keeps destroy idempotent. */
export const DELETE_SCRIPT = `set -eu
k3d cluster delete "$K3D_CLUSTER"
rm -f ${OWNER_MARKER}
`;

/**
 * Prints the IPv4 subnet of the cluster's Docker network `k3d-<name>`. IPAM.Config is a list whose
 * order is not promised on dual-stack networks, so the IPv4 entry is picked by shape.
 * https://docs.docker.com/reference/api/engine/version/v1.47/#tag/Network/operation/NetworkInspect
 */
export const SUBNET_SCRIPT = `set -eu
subnets=$(docker network inspect "k3d-$K3D_CLUSTER" --format '{{range .IPAM.Config}}{{.Subnet}} {{end}}')
for subnet in $subnets; do
  case "$subnet" in
    *:*) ;;
    *) echo "$subnet"; exit 0 ;;
  esac
done
found=$(echo $subnets)
echo "The Docker network k3d-$K3D_CLUSTER has no IPv4 subnet (found: \${found:-none})." >&2
echo "Fix: give MetalLB a free IPv4 range with 'pulumi config set metallbAddresses <first>-<last>'." >&2
exit 1
`;
