// Waits until a LoadBalancer Service has an address and prints it (IP, or hostname for load
// balancers that hand out names) on stdout, nothing else. MetalLB assigns it asynchronously once a
// pool exists, and a cloud load balancer can take minutes.
//
// Run by the IngressAddress component as `node lb-address-probe.mjs`. It needs only Node and the
// project's @kubernetes/client-node, no kubectl. Environment:
//   SANDBOX_KUBECONFIG     kubeconfig contents (never a path, never the user's default)
//   SANDBOX_KUBE_CONTEXT   optional context in it
//   SERVICE_NAMESPACE, SERVICE_NAME   the Service
//   ADDRESS_REQUIRED       "true": fail when no address arrives in time; "false": print nothing and succeed
//   PROBE_TIMEOUT_SECONDS  give up after this long
//   PROBE_INTERVAL_MS      pause between attempts
import { setTimeout as sleep } from "node:timers/promises";
import { CoreV1Api } from "@kubernetes/client-node";
import { clusterKubeconfig, describe, runAsScript, setting as settingOf } from "../local/probe-support.mjs";

const PROBE = "lb-address-probe";

/** Waits for the address; returns the exit code. `out` takes what goes to stdout and stderr. */
export async function run(env, out) {
  const setting = (name) => settingOf(PROBE, env, name);
  const kubeconfig = clusterKubeconfig(PROBE, env);
  const namespace = setting("SERVICE_NAMESPACE");
  const name = setting("SERVICE_NAME");
  const required = setting("ADDRESS_REQUIRED") === "true";
  const timeoutMs = Number(setting("PROBE_TIMEOUT_SECONDS")) * 1000;
  const intervalMs = Number(setting("PROBE_INTERVAL_MS"));
  const api = kubeconfig.makeApiClient(CoreV1Api);

  const started = Date.now();
  let last = "no attempt made";
  // Whether the last attempt found no such Service: then MetalLB is not the one to ask.
  let missing = false;
  for (;;) {
    try {
      missing = false;
      const service = await api.readNamespacedService({ name, namespace });
      const ingress = service.status?.loadBalancer?.ingress ?? [];
      const address = ingress.map((entry) => entry.ip || entry.hostname).find(Boolean);
      if (address) {
        out.stdout(address);
        return 0;
      }
      last = `Service ${namespace}/${name} has no load-balancer address yet (type ${service.spec?.type})`;
    } catch (error) {
      last = describe(error);
      missing = error?.code === 404;
    }
    if (Date.now() - started + intervalMs > timeoutMs) break;
    await sleep(intervalMs);
  }

  if (missing) {
    // Istio's install makes the ingress gateway's Service; istiod's gateway controller makes a Gateway
    // API Gateway's `<gateway>-istio` Deployment and Service once it accepts the Gateway.
    out.stderr(
      `Service ${namespace}/${name} does not exist (${timeoutMs / 1000}s; last: ${last}), so no load balancer ` +
        `can give it an address. Istio's install creates the ingress gateway's Service, and istiod creates a ` +
        `Gateway API Gateway's <gateway>-istio Service: is istiod running, and was the Gateway accepted? ` +
        `Check: kubectl -n ${namespace} get gateway (its Accepted and Programmed conditions), and ` +
        `kubectl get pods --all-namespaces -l app=istiod. Then run pulumi up again.\n`,
    );
    return required ? 1 : 0;
  }
  if (required) {
    out.stderr(
      `No load-balancer address for ${namespace}/${name} within ${timeoutMs / 1000}s. Last: ${last}\n` +
        `MetalLB assigns it from its IPAddressPool: check that the pool's range is free and on the nodes' ` +
        `network (pulumi config set metallbAddresses <first>-<last>) and that MetalLB's controller is running. ` +
        `Then run pulumi up again.\n`,
    );
    return 1;
  }
  out.stderr(
    `No load-balancer address for ${namespace}/${name} within ${timeoutMs / 1000}s (${last}); ` +
      `the cluster may have no load balancer. Reporting none; the localhost URLs and NodePorts still work.\n`,
  );
  return 0;
}

await runAsScript(import.meta.url, run);
