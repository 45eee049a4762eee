/** Renders the k3d cluster definition from config: a pure function, so every field is testable. */
import { stringify } from "yaml";
import type { K3dSettings } from "../config";
import type { K3dSimpleConfig } from "./k3d-simple-config";

/** Docker label on every node, so a re-run can tell its own half-created cluster from someone else's. */
export const OWNER_LABEL = "dev.istio-sandbox.stack";

/**
 * The config keys that feed the k3d config. k3d cannot change a cluster in place, so changing any of
 * them replaces the cluster on the next `up`, and with it the storage volume and everything in it.
 */
export const CLUSTER_REPLACING_KEYS = [
  "clusterName",
  "servers",
  "agents",
  "k3sImage",
  "registry",
  "storagePath",
  "httpPort",
  "httpsPort",
  "httpNodePort",
  "httpsNodePort",
] as const;

export interface K3dRenderInput {
  readonly settings: K3dSettings;
  /** The ingress gateway's fixed nodePorts, which the host ports are mapped onto. */
  readonly nodePorts: { readonly http: number; readonly https: number };
  /** `<project>/<stack>`, stamped on the nodes as OWNER_LABEL. */
  readonly owner: string;
}

/** k3d tracks, and deletes with the cluster, a named volume whose name starts with `k3d-`. */
export function storageVolumeName(clusterName: string): string {
  return `k3d-${clusterName}-storage`;
}

export function renderK3dConfig({ settings, nodePorts, owner }: K3dRenderInput): K3dSimpleConfig {
  return {
    apiVersion: "k3d.io/v1alpha5",
    kind: "Simple",
    metadata: { name: settings.name },
    servers: settings.servers,
    agents: settings.agents,
    image: settings.k3sImage,
    volumes: [
      // One volume on every node for local-path-provisioner, as in the original `--volume localstore:...`.
      // https://github.com/k3d-io/k3d/blob/main/pkg/runtimes/util/volumes.go
      { volume: `${storageVolumeName(settings.name)}:${settings.storagePath}`, nodeFilters: ["all"] },
    ],
    ports: [
      // servicelb is off, so the k3d load balancer must forward to the gateway's nodePorts: it proxies
      // container port N to port N on every node.
      // https://github.com/k3d-io/k3d/blob/main/proxy/templates/nginx.tmpl
      { port: `${settings.ports.http}:${nodePorts.http}`, nodeFilters: ["loadbalancer"] },
      { port: `${settings.ports.https}:${nodePorts.https}`, nodeFilters: ["loadbalancer"] },
    ],
    ...(settings.registry
      ? {
          registries: {
            // Published on loopback only: k3d's default, 0.0.0.0, lets anyone on the network push and pull
            // images. https://github.com/k3d-io/k3d/blob/v5.9.0/pkg/config/transform.go#L322-L333
            create: { name: `k3d-${settings.name}-registry`, host: "127.0.0.1" },
          },
        }
      : {}),
    options: {
      k3d: { wait: true, timeout: "300s" },
      k3s: {
        extraArgs: [
          // Istio is the ingress and MetalLB the load balancer; k3s's own would compete for ports 80/443.
          { arg: "--disable=traefik", nodeFilters: ["server:*"] },
          { arg: "--disable=servicelb", nodeFilters: ["server:*"] },
        ],
      },
      // The stack hands out its own kubeconfig; the user's ~/.kube/config and context stay untouched.
      kubeconfig: { updateDefaultKubeconfig: false, switchCurrentContext: false },
      runtime: { labels: [{ label: `${OWNER_LABEL}=${owner}`, nodeFilters: ["all"] }] },
    },
  };
}

export function renderK3dConfigYaml(input: K3dRenderInput): string {
  return stringify(renderK3dConfig(input));
}
