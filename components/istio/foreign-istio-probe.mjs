// Stops an install into a cluster that already runs an Istio control plane this stack did not make.
// Installing over it would take over (and on destroy remove) someone else's mesh.
//
// Run by the existing-Istio check Command as `node foreign-istio-probe.mjs` (existing mode only: a
// k3d cluster is the stack's own) before the first install into a cluster. On success it prints
// the API server it checked; the Command's update (when any of its inputs changed) runs it again with
// SANDBOX_ISTIO_CHECK_STEP=update, and it looks again only if the server differs from that line, which
// @pulumi/command hands back as PULUMI_COMMAND_STDOUT
// (https://github.com/pulumi/pulumi-command/blob/v1.2.1/provider/pkg/provider/local/commandOutputs.go#L88-L91).
// In the same cluster, the istiod found by then is the stack's own. Environment:
//   SANDBOX_KUBECONFIG      kubeconfig contents (never a path, never the user's default)
//   SANDBOX_KUBE_CONTEXT    optional context in it
//   SANDBOX_TARGET_SERVER   the API server URL the stack targets (its clusterTarget output)
//   ISTIO_REVISION          optional: look for that revision only (istiod-<revision>, istio.io/rev=<revision>),
//                           which the stack is about to install; ISTIO_REVISION_KEY names its config key
// Exits 0 when no istiod runs; exits 1 naming what was found and the choices.
import { AppsV1Api } from "@kubernetes/client-node";
import { clusterKubeconfig, describe, runAsScript, setting } from "../local/probe-support.mjs";

const PROBE = "foreign-istio-probe";
const CHECKED = "no other Istio control plane at ";

/** The server a passed check printed, or undefined when `stdout` is not such a line. */
export function checkedServer(stdout) {
  const line = (stdout ?? "").trim();
  return line.startsWith(CHECKED) ? line.slice(CHECKED.length) : undefined;
}

/** Looks for an istiod; returns the exit code. `out` takes what goes to stdout and stderr. */
export async function run(env, out) {
  const server = setting(PROBE, env, "SANDBOX_TARGET_SERVER");
  const passed = () => {
    out.stdout(`${CHECKED}${server}\n`);
    return 0;
  };
  if (env.SANDBOX_ISTIO_CHECK_STEP === "update") {
    const last = checkedServer(env.PULUMI_COMMAND_STDOUT);
    // No line: a check from before the server was recorded, made in this cluster as far as can be told.
    if (last === undefined || last === server) return passed();
  }
  const api = clusterKubeconfig(PROBE, env).makeApiClient(AppsV1Api);

  let deployments;
  try {
    // Every istiod carries app=istiod, whichever installer or revision made it.
    deployments = (await api.listDeploymentForAllNamespaces({ labelSelector: "app=istiod" })).items;
  } catch (error) {
    out.stderr(
      `${PROBE}: could not list Deployments to look for an existing Istio (${describe(error)}).\n` +
        `Fix: check that the kubeconfig's user may list Deployments in all namespaces (npm run doctor).\n`,
    );
    return 1;
  }
  const revision = env.ISTIO_REVISION;
  if (revision) {
    deployments = deployments.filter(
      (d) => d.metadata?.labels?.["istio.io/rev"] === revision || d.metadata?.name === `istiod-${revision}`,
    );
  }
  if (deployments.length === 0) return passed();

  const found = deployments.map((d) => {
    const labels = d.metadata?.labels ?? {};
    const image = d.spec?.template?.spec?.containers?.[0]?.image ?? "unknown image";
    const by =
      labels["app.kubernetes.io/managed-by"] === "Helm"
        ? "Helm"
        : labels["install.operator.istio.io/owning-resource"]
          ? "istioctl"
          : "unknown installer";
    return `  - Deployment ${d.metadata?.namespace}/${d.metadata?.name} (revision ${labels["istio.io/rev"] ?? "default"}, ${image}, installed by ${by})`;
  });
  if (revision) {
    const key = env.ISTIO_REVISION_KEY || "istioRevision";
    const keyArgument = key.includes(".") ? `--path '${key}'` : key;
    out.stderr(
      [
        `This cluster already runs Istio revision ${revision}, which this stack did not install:`,
        ...found,
        "Installing the stack's revision under that name would take it over, and removing it would uninstall it. Nothing was changed. Choices:",
        `  1. Give the stack's revision another name: npm run config -- set ${keyArgument} <name> (e.g. its version with dashes and a suffix).`,
        "  2. If that revision is yours and disposable, remove it first (istioctl uninstall --revision " +
          `${revision}, or helm uninstall istiod-${revision}), then run npm run up again.`,
        "",
      ].join("\n"),
    );
    return 1;
  }
  out.stderr(
    [
      "This cluster already runs an Istio control plane that this stack did not install:",
      ...found,
      "Installing over it would take it over, and destroying the stack would remove it. Nothing was changed. Choices:",
      "  1. Point the stack at a cluster without Istio: npm run config -- set kubeContext <context> (or mode k3d for a local one).",
      "  2. If that Istio is yours and disposable, remove it first (istioctl uninstall --purge, or helm uninstall its releases), then run npm run up again.",
      "  3. Keep it and use it directly: this sandbox installs its own Istio and cannot adopt one.",
      "",
    ].join("\n"),
  );
  return 1;
}

await runAsScript(import.meta.url, run);
