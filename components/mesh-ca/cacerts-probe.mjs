// Stops `meshCa: sandbox` from overwriting a `cacerts` Secret that this stack did not make: istiod in
// that namespace signs every workload certificate with the CA it holds, so replacing it would take over
// (and on destroy remove) someone else's root of trust.
//
// Run once, before the stack's own Secret exists, by the MeshCa component as `node cacerts-probe.mjs`
// (existing mode only: a k3d cluster is the stack's own). Once it has passed, any later `cacerts` is
// the stack's. Environment:
//   SANDBOX_KUBECONFIG     kubeconfig contents (never a path, never the user's default)
//   SANDBOX_KUBE_CONTEXT   optional context in it
//   SANDBOX_NAMESPACE      Istio's namespace (istio-system)
// Exits 0 and prints nothing when there is no such Secret; exits 1 naming what was found and the choices.
// Prints the Secret's keys and labels, never its values.
import { CoreV1Api } from "@kubernetes/client-node";
import { clusterKubeconfig, describe, runAsScript, setting } from "../local/probe-support.mjs";

const PROBE = "cacerts-probe";
const SECRET = "cacerts";

/** Looks for the Secret; returns the exit code. `out` takes what goes to stdout and stderr. */
export async function run(env, out) {
  const namespace = setting(PROBE, env, "SANDBOX_NAMESPACE");
  const api = clusterKubeconfig(PROBE, env).makeApiClient(CoreV1Api);

  let secret;
  try {
    secret = await api.readNamespacedSecret({ name: SECRET, namespace });
  } catch (error) {
    if (error?.code === 404) return 0;
    out.stderr(
      `${PROBE}: could not read Secret ${namespace}/${SECRET} to check that this stack will not overwrite it (${describe(error)}).\n` +
        `Fix: check that the kubeconfig's user may get Secrets in ${namespace} (npm run doctor).\n`,
    );
    return 1;
  }

  const keys = Object.keys({ ...(secret.data ?? {}), ...(secret.stringData ?? {}) }).sort();
  const labels = Object.entries(secret.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const created = secret.metadata?.creationTimestamp;
  const when = created instanceof Date ? created.toISOString() : (created ?? "unknown");
  out.stderr(
    [
      `Secret ${namespace}/${SECRET} already exists, and this stack did not make it:`,
      `  - keys: ${keys.join(", ") || "none"}; labels: ${labels.join(", ") || "none"}; created ${when}`,
      "istiod signs every workload certificate with the CA in that Secret. meshCa sandbox would replace it with",
      "the stack's own, and destroying the stack would delete it. Nothing was changed. Choices:",
      "  1. Keep that CA: npm run config -- set meshCa istiod (the Istio this stack installs then reads that Secret as it is).",
      `  2. If it is a leftover you may remove: kubectl -n ${namespace} delete secret ${SECRET}, then npm run up again.`,
      "  3. Use another cluster: npm run config -- set kubeContext <context> (or mode k3d for a local one).",
      "",
    ].join("\n"),
  );
  return 1;
}

await runAsScript(import.meta.url, run);
