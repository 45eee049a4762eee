// Waits until MetalLB's validating webhook answers, by asking the API server for a server-side
// dry-run create of an IPAddressPool: the request takes the same admission path as the real pool,
// webhook call included, and stores nothing. A Ready controller pod is not enough; the webhook's
// certificate and endpoints can lag behind it (https://github.com/metallb/metallb/issues/1597,
// #1540, #1610), and pulumi-kubernetes does not retry a webhook error.
//
// Run by the MetalLB component as `node webhook-probe.mjs`. It needs only Node and the project's
// @kubernetes/client-node, no kubectl. Environment:
//   SANDBOX_KUBECONFIG     kubeconfig contents (never a path, never the user's default)
//   SANDBOX_KUBE_CONTEXT   optional context in it
//   METALLB_NAMESPACE      where the probe pool would live
//   PROBE_TIMEOUT_SECONDS  give up after this long
//   PROBE_INTERVAL_MS      pause between attempts
import { setTimeout as sleep } from "node:timers/promises";
import { CustomObjectsApi } from "@kubernetes/client-node";
import { clusterKubeconfig, describe, runAsScript, setting as settingOf } from "../local/probe-support.mjs";

const PROBE = "webhook-probe";

/** True when the answer came from behind admission: the webhook ran, whatever it decided. */
function webhookAnswered(error) {
  const text = describe(error);
  // 409: admission passed and storage found the name taken. "denied the request": the webhook itself said no.
  return error?.code === 409 || /admission webhook .* denied the request/.test(text);
}

/** Waits for the webhook; returns the exit code. `out` takes what goes to stdout and stderr. */
export async function run(env, out) {
  const setting = (name) => settingOf(PROBE, env, name);
  const kubeconfig = clusterKubeconfig(PROBE, env);
  const namespace = setting("METALLB_NAMESPACE");
  const timeoutMs = Number(setting("PROBE_TIMEOUT_SECONDS")) * 1000;
  const intervalMs = Number(setting("PROBE_INTERVAL_MS"));
  const api = kubeconfig.makeApiClient(CustomObjectsApi);

  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): it cannot overlap a real pool, which the webhook would refuse.
  const probePool = {
    apiVersion: "metallb.io/v1beta1",
    kind: "IPAddressPool",
    metadata: { name: "istio-sandbox-webhook-probe", namespace },
    spec: { addresses: ["192.0.2.1/32"] },
  };

  const started = Date.now();
  let attempts = 0;
  let last = "no attempt made";
  for (;;) {
    attempts += 1;
    try {
      await api.createNamespacedCustomObject({
        group: "metallb.io",
        version: "v1beta1",
        namespace,
        plural: "ipaddresspools",
        body: probePool,
        dryRun: "All",
      });
      break;
    } catch (error) {
      if (webhookAnswered(error)) break;
      last = describe(error);
    }
    if (Date.now() - started + intervalMs > timeoutMs) {
      out.stderr(
        `MetalLB's validating webhook did not answer within ${timeoutMs / 1000}s (${attempts} attempts). ` +
          `Last error: ${last}\n` +
          `Check the controller: its pod in namespace ${namespace}, the webhook-service endpoints and the ` +
          `caBundle of metallb-webhook-configuration (https://github.com/metallb/metallb/issues/1597). ` +
          `Then run pulumi up again.\n`,
      );
      return 1;
    }
    await sleep(intervalMs);
  }
  out.stdout(`MetalLB's validating webhook answered after ${attempts} attempt(s)\n`);
  return 0;
}

await runAsScript(import.meta.url, run);
