/**
 * Leaving revisions on a live stack: with istioRevision unset again, the new install without a
 * revision would run first, and the removed revisions' tags would go after it; removing the `default`
 * tag (`istioctl tag remove default`) takes the injection and validation webhooks that install just
 * made default with it (https://github.com/istio/istio/blob/1.30.3/operator/pkg/webhook/webhook.go#L41).
 * Within revisions every change is a config change: a canary joins, namespaces and tags move, and a
 * revision nothing uses any more is uninstalled last.
 */
import type { IstioRevisionSettings } from "../config/types";
import type { ClusterMode } from "./switch-steps";

/** The main revision the last update recorded (its `istioRevisions` output), if any. */
function previousMain(previous: unknown): string | undefined {
  if (previous === null || typeof previous !== "object") return undefined;
  const main = (previous as { main?: unknown }).main;
  return typeof main === "string" ? main : undefined;
}

/** The steps for going back to an install without revisions, or undefined when that is not the change. */
export function revisionSwitchProblem(
  previous: unknown,
  current: IstioRevisionSettings | undefined,
  mode: ClusterMode,
): string | undefined {
  const main = previousMain(previous);
  if (main === undefined || current !== undefined) return undefined;
  const destroy =
    mode === "k3d"
      ? "npm run destroy        (deletes the k3d cluster, its storage volume included)"
      : "npm run destroy        (removes only what this stack installed)";
  return [
    `istio-sandbox:istioRevision is not set, but this stack's Istio runs as revision ${main}.`,
    "An install without revisions cannot take over from revisions in place: the revisions' tags, removed after the new install, would take its default webhooks with them. Nothing was changed.",
    "To go back to an install without revisions:",
    `  1. npm run config -- set istioRevision ${main}`,
    `  2. ${destroy}`,
    "  3. npm run config -- rm istioRevision   (and istioCanary, istioTags and every apps[].revision)",
    "  4. npm run up",
    `To keep revisions instead: npm run config -- set istioRevision ${main}   (another name moves everything to a new revision)`,
  ].join("\n");
}
