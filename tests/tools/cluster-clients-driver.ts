/**
 * Runs doctor's and verify's real cluster clients (over @kubernetes/client-node, an ES module that
 * jest cannot load) against the API server that SANDBOX_KUBECONFIG names, and prints what each call
 * returned as one JSON object. Started by cluster-clients.cases.ts with ts-node, as the tools run.
 */
import { connectProbe } from "../../tools/doctor/cluster-api";
import { connectCluster } from "../../tools/verify/k8s-client";

async function outcome<T>(call: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error: String((error as { code?: unknown }).code ?? error) };
  }
}

async function main(): Promise<void> {
  const kubeconfig = process.env.SANDBOX_KUBECONFIG ?? "";
  const probe = await connectProbe(kubeconfig, process.env.SANDBOX_KUBE_CONTEXT);
  const cluster = await connectCluster(kubeconfig);
  const results = {
    version: await outcome(() => probe.version()),
    istiods: await outcome(() => probe.istiods()),
    loadBalancerEvidence: await outcome(() => probe.loadBalancerEvidence()),
    gateway: await outcome(
      async () => (await cluster.readService("istio-system", "gateway"))?.metadata?.name,
    ),
    missingService: await outcome(async () => (await cluster.readService("istio-system", "missing")) ?? null),
    pods: await outcome(async () =>
      (await cluster.listPods("default", "app=helloworld")).map((pod) => pod.metadata?.name),
    ),
    deleteGoneNamespace: await outcome(async () => (await cluster.deleteNamespace("gone")) ?? null),
  };
  process.stdout.write(JSON.stringify(results));
}

void main();
