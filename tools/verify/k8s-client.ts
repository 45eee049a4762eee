/**
 * The real ClusterApi, over @kubernetes/client-node. That package is ESM-only, so it is loaded here,
 * at the edge, with a dynamic import; no module that jest loads imports this file. Tests run it in a
 * child process against a fake API server (tests/tools/cluster-clients.cases.ts).
 */
import type * as k8s from "@kubernetes/client-node";
import * as http from "node:http";
import * as net from "node:net";
import type { ClusterApi } from "./cluster-api";

/** How long a GET through a port-forward may take, connection included. */
const POD_GET_TIMEOUT_MS = 20_000;

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
    getFromPod: (namespace, name, port, path) =>
      getThroughPortForward(new client.PortForward(config), namespace, name, port, path),
  };
}

interface Closable {
  close(): void;
  on?(event: "close", listener: () => void): void;
}

/**
 * A local listener whose one connection is forwarded into the pod, as client-node documents
 * PortForward's use (https://github.com/kubernetes-client/javascript/blob/main/examples/typescript/port-forward/port-forward.ts),
 * and Node's own HTTP client on top, so that the answer is parsed as HTTP.
 */
async function getThroughPortForward(
  forward: k8s.PortForward,
  namespace: string,
  name: string,
  port: number,
  path: string,
): Promise<string> {
  const sockets: Closable[] = [];
  const failures: Error[] = [];
  const server = net.createServer((socket) => {
    forward.portForward(namespace, name, [port], socket, null, socket).then(
      (ws) => {
        const opened = ws as unknown as Closable;
        sockets.push(opened);
        // The pod closed its side: end the local connection, so that the client sees the end too.
        opened.on?.("close", () => socket.end());
      },
      (error: unknown) => {
        // A refused upgrade rejects with the WebSocket's error event, which carries a message.
        failures.push(new Error(String((error as { message?: unknown } | null)?.message ?? error)));
        socket.destroy();
      },
    );
  });
  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ready);
  });
  const { port: local } = server.address() as net.AddressInfo;
  try {
    return await new Promise<string>((done, fail) => {
      const request = http.get(
        { host: "127.0.0.1", port: local, path: `/${path}`, agent: false, timeout: POD_GET_TIMEOUT_MS },
        (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (body += chunk));
          response.on("end", () =>
            response.statusCode === 200
              ? done(body)
              : fail(new Error(`HTTP ${response.statusCode} from ${namespace}/${name}:${port}/${path}`)),
          );
          response.on("error", fail);
        },
      );
      request.on("timeout", () =>
        request.destroy(new Error(`no answer within ${POD_GET_TIMEOUT_MS / 1000}s`)),
      );
      request.on("error", (error) =>
        fail(
          failures.length > 0
            ? new Error(`port-forward to ${namespace}/${name}:${port} failed: ${failures[0].message}`)
            : error,
        ),
      );
    });
  } finally {
    for (const socket of sockets) socket.close();
    server.close();
  }
}
