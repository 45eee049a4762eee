/**
 * Revision changes on a live stack that one `pulumi up` cannot make safely, judged from the
 * `istioRevisions` and `istioInstaller` outputs of the last update (read through a reference to the
 * stack itself, as installer-switch.ts does). Pure, so that a preview guard can call it.
 *
 * Within revisions every change is a config change: a canary joins, namespaces and tags move, and a
 * revision nothing uses any more is uninstalled last. Leaving revisions is not: the removed tags'
 * `istioctl tag remove default` would run after the new install and take its default webhooks with it.
 */
import type { IstioRevisionSettings, IstioSettings } from "../config/types";

export interface RevisionChangeProblem {
  /** True: the preview must stop; false: a warning, the update is safe but leaves something behind. */
  readonly stop: boolean;
  readonly message: string;
}

function previousMain(previous: unknown): string | undefined {
  if (previous === null || typeof previous !== "object") return undefined;
  const main = (previous as { main?: unknown }).main;
  return typeof main === "string" ? main : undefined;
}

/**
 * `previousRevisions`: the last update's `istioRevisions` output (undefined: none, or no revisions);
 * `previousInstaller`: its `istioInstaller` output (undefined: no update yet).
 */
export function revisionChangeProblem(
  previousRevisions: unknown,
  previousInstaller: unknown,
  current: IstioRevisionSettings | undefined,
  installer: IstioSettings["installer"],
  mode: "k3d" | "existing",
): RevisionChangeProblem | undefined {
  if (typeof previousInstaller !== "string") return undefined;
  const main = previousMain(previousRevisions);
  if (main !== undefined && current === undefined) {
    return {
      stop: true,
      message: [
        `istio-sandbox:istioRevision is not set, but this stack's Istio runs as revision ${main}. Nothing was changed.`,
        "Going back to an install without revisions cannot be done in place: the revisions' tags, removed after the",
        "new install, would take its default injection and validation webhooks with them. Either:",
        `  - keep revisions: npm run config -- set istioRevision ${main}   (a new name moves everything to a new revision), or`,
        `  - start over: npm run destroy, then npm run config -- rm istioRevision, then npm run up`,
      ].join("\n"),
    };
  }
  if (main === undefined && current !== undefined && installer === "istioctl" && mode === "k3d") {
    return {
      stop: false,
      message:
        `istio-sandbox:istioRevision is now ${current.main.name}; the control plane installed before without a revision ` +
        "stays in the k3d cluster (in k3d mode its Command has no uninstall step). Once `npm run up` is done, remove it with: " +
        "istioctl uninstall -y --revision default --kubeconfig <(pulumi stack output --show-secrets kubeconfig)",
    };
  }
  return undefined;
}
