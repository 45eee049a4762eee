/**
 * Runs verify's real port-forward GET (over @kubernetes/client-node, an ES module that jest cannot
 * load) against the API server that SANDBOX_KUBECONFIG names, and prints each outcome as one JSON
 * object. It never calls process.exit: a tunnel left open would keep it running, and the test fails.
 */
import { connectCluster } from "../../tools/verify/k8s-client";
import { ENVOY_SECRETS_PATH } from "../../tools/verify/workload-certificate";

async function outcome<T>(call: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function main(): Promise<void> {
  const cluster = await connectCluster(process.env.SANDBOX_KUBECONFIG ?? "");
  const results = {
    secrets: await outcome(() => cluster.getFromPod("default", "helloworld-1", 15000, ENVOY_SECRETS_PATH)),
    again: await outcome(() => cluster.getFromPod("istio-system", "ztunnel-a", 15000, "config_dump")),
    notOk: await outcome(() => cluster.getFromPod("default", "starting", 15000, "config_dump")),
    missingPod: await outcome(() => cluster.getFromPod("default", "gone", 15000, "config_dump")),
  };
  process.stdout.write(JSON.stringify(results));
}

void main();
