/**
 * The real ClusterProbe, over @kubernetes/client-node. That package is ESM-only, so it is loaded here,
 * at the edge, with a dynamic import; no module that jest loads imports this file. Tests run it in a
 * child process against a fake API server (tests/tools/cluster-clients.cases.ts).
 */
import type * as k8s from "@kubernetes/client-node";
import type { ClusterProbe } from "./cluster-check";

export async function connectProbe(kubeconfig: string, context?: string): Promise<ClusterProbe> {
  const client: typeof k8s = await import("@kubernetes/client-node");
  const config = new client.KubeConfig();
  config.loadFromString(kubeconfig);
  if (context) config.setCurrentContext(context);
  const core = config.makeApiClient(client.CoreV1Api);
  const apps = config.makeApiClient(client.AppsV1Api);
  const crds = config.makeApiClient(client.ApiextensionsV1Api);
  return {
    async version() {
      return (await config.makeApiClient(client.VersionApi).getCode()).gitVersion;
    },
    async istiods() {
      const list = await apps.listDeploymentForAllNamespaces({ labelSelector: "app=istiod" });
      return list.items.map((d) => ({
        namespace: d.metadata?.namespace ?? "",
        name: d.metadata?.name ?? "",
        revision: d.metadata?.labels?.["istio.io/rev"] ?? "default",
      }));
    },
    async loadBalancerEvidence() {
      const services = (await core.listServiceForAllNamespaces()).items;
      const served = services.find(
        (s) => s.spec?.type === "LoadBalancer" && (s.status?.loadBalancer?.ingress ?? []).length > 0,
      );
      if (served)
        return `Service ${served.metadata?.namespace}/${served.metadata?.name} has an external address`;
      const nodes = (await core.listNode()).items;
      const cloud = nodes.find((n) => n.spec?.providerID);
      if (cloud) return `nodes run on a cloud provider (${cloud.spec?.providerID?.split(":")[0]})`;
      const names = (await crds.listCustomResourceDefinition()).items.map((c) => c.metadata?.name);
      for (const [crd, what] of [
        ["ipaddresspools.metallb.io", "MetalLB is installed"],
        ["ciliumloadbalancerippools.cilium.io", "Cilium LB IPAM is installed"],
      ]) {
        if (names.includes(crd)) return what;
      }
      return undefined;
    },
  };
}
