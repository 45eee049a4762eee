// Tells the program which of the Gateway API CRDs it would install an existing cluster already has,
// with the annotations that say their release, channel and owner, and the field managers of their
// fields; crd-plan.ts decides from that whether to install, use them as they are, or take them over.
//
// Run by the program itself while it runs (cluster-crds.ts), at preview and at up, as
// `node crd-probe.mjs`; existing mode only. Environment:
//   SANDBOX_KUBECONFIG     kubeconfig contents (never a path, never the user's default)
//   SANDBOX_KUBE_CONTEXT   optional context in it
//   CRD_NAMES              the CRDs' names, comma-separated
// Prints one JSON object, each name mapped to {annotations, managers} or null (absent), and exits 0;
// exits 1 with the API server's answer when it cannot read them.
import { ApiextensionsV1Api } from "@kubernetes/client-node";
import { clusterKubeconfig, describe, runAsScript, setting } from "../local/probe-support.mjs";

const PROBE = "gateway-api-crd-probe";
const ANNOTATIONS = [
  "gateway.networking.k8s.io/bundle-version",
  "gateway.networking.k8s.io/channel",
  "dev.istio-sandbox.stack",
];

/** Reads the CRDs; returns the exit code. `out` takes what goes to stdout and stderr. */
export async function run(env, out) {
  const api = clusterKubeconfig(PROBE, env).makeApiClient(ApiextensionsV1Api);
  const names = setting(PROBE, env, "CRD_NAMES")
    .split(",")
    .filter((name) => name !== "");
  const read = async (name) => {
    try {
      const crd = await api.readCustomResourceDefinition({ name });
      const annotations = crd.metadata?.annotations ?? {};
      return {
        // Only what the decision needs: a CRD's other annotations can be large (last-applied-configuration).
        annotations: Object.fromEntries(
          ANNOTATIONS.filter((key) => key in annotations).map((key) => [key, annotations[key]]),
        ),
        managers: [
          ...new Set((crd.metadata?.managedFields ?? []).map((field) => field.manager).filter(Boolean)),
        ],
      };
    } catch (error) {
      if (error?.code === 404) return null;
      throw error;
    }
  };
  let found;
  try {
    found = await Promise.all(names.map(read));
  } catch (error) {
    out.stderr(`${PROBE}: could not read CustomResourceDefinitions (${describe(error)}).\n`);
    return 1;
  }
  out.stdout(`${JSON.stringify(Object.fromEntries(names.map((name, i) => [name, found[i]])))}\n`);
  return 0;
}

await runAsScript(import.meta.url, run);
