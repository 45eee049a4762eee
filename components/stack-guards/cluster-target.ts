/**
 * Existing mode: the stack stays on the cluster of its last update. Without `kubeContext` the program
 * follows the kubeconfig's current-context, so a `kubectl config use-context` elsewhere would move
 * every object to another cluster (pulumi-kubernetes replaces its provider, and with it everything,
 * when the active cluster changes:
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/provider/provider.go#L551-L560).
 * The rule: a run whose context or API server differs from the last update's stops, unless
 * `istio-sandbox:kubeContext` is set and names a context other than the last update's, which is the
 * explicit way to move.
 */
import type { ClusterTarget } from "../cluster/types";

function isClusterTarget(value: unknown): value is ClusterTarget {
  const v = value as Partial<Record<keyof ClusterTarget, unknown>> | null;
  return typeof v === "object" && v !== null && typeof v.context === "string" && typeof v.server === "string";
}

/** A context name as one shell word: quoted only when it has to be. */
function word(name: string): string {
  return /^[\w@%+=:,./-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}

const RULE =
  "A stack stays on the cluster of its last update; only istio-sandbox:kubeContext naming another context moves it.";

/** What stops a run on another cluster, with the steps; undefined when the run may go ahead. */
export function clusterTargetProblem(
  previous: unknown,
  current: ClusterTarget,
  kubeContext: string | undefined,
): string | undefined {
  if (!isClusterTarget(previous)) return undefined;
  if (previous.context === current.context && previous.server === current.server) return undefined;
  if (kubeContext !== undefined && kubeContext !== previous.context) return undefined;

  if (previous.context !== current.context) {
    return [
      `istio-sandbox:kubeContext is not set, so this run follows the kubeconfig's current-context, now "${current.context}" (${current.server}); this stack's last update ran in context "${previous.context}" (${previous.server}). Nothing was changed.`,
      RULE,
      `To stay on "${previous.context}": npm run config -- set kubeContext ${word(previous.context)}`,
      `To move the sandbox to "${current.context}":`,
      `  1. npm run config -- set kubeContext ${word(previous.context)}`,
      `  2. npm run destroy        (removes what this stack installed in "${previous.context}")`,
      `  3. npm run config -- set kubeContext ${word(current.context)}`,
      "  4. npm run up",
    ].join("\n");
  }
  return [
    `The kubeconfig's context "${current.context}" now points at ${current.server}, but this stack's last update ran against ${previous.server} through it. Nothing was changed.`,
    RULE,
    `If the context changed by mistake, point "${current.context}" back at ${previous.server}, or set istio-sandbox:kubeContext to a context that points there.`,
    `To put the sandbox on the cluster at ${current.server}:`,
    `  1. npm run destroy        (removes what this stack installed, from the cluster at ${previous.server})`,
    "  2. npm run up",
  ].join("\n");
}
