/**
 * The real ClusterApi, over @kubernetes/client-node. That package is ESM-only, so it is loaded here,
 * at the edge, with a dynamic import; no module that jest loads imports this file. Tests run it in a
 * child process against a fake API server (tests/tools/cluster-clients.cases.ts).
 */
import type * as k8s from "@kubernetes/client-node";
import type { ClusterApi } from "./cluster-api";

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/** Deleting something already gone is success: cleanup may run twice (finally and Ctrl-C). */
async function ignoreNotFound(action: Promise<unknown>): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (statusCode(error) !== 404) throw error;
  }
}

export async function connectCluster(kubeconfig: string, context?: string): Promise<ClusterApi> {
  // Under CommonJS this compiles to require(), which loads an ES module on Node 20.19+ (package.json
  // engines). https://nodejs.org/api/modules.html#loading-ecmascript-modules-using-require
  const client: typeof k8s = await import("@kubernetes/client-node");
  const config = new client.KubeConfig();
  config.loadFromString(kubeconfig);
  if (context) config.setCurrentContext(context);
  const core = config.makeApiClient(client.CoreV1Api);
  return {
    async readService(namespace, name) {
      try {
        return await core.readNamespacedService({ namespace, name });
      } catch (error) {
        if (statusCode(error) === 404) return undefined;
        throw error;
      }
    },
    async listPods(namespace, labelSelector) {
      return (await core.listNamespacedPod({ namespace, labelSelector })).items;
    },
    async createNamespace(name, labels) {
      await core.createNamespace({ body: { metadata: { name, labels: { ...labels } } } });
    },
    deleteNamespace: (name) => ignoreNotFound(core.deleteNamespace({ name })),
    async createPod(namespace, pod) {
      await core.createNamespacedPod({ namespace, body: pod as k8s.V1Pod });
    },
    async readPod(namespace, name) {
      return await core.readNamespacedPod({ namespace, name });
    },
    readPodLog: (namespace, name, container) => core.readNamespacedPodLog({ namespace, name, container }),
    deletePod: (namespace, name) =>
      ignoreNotFound(core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 })),
  };
}
