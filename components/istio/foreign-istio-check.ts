import * as command from "@pulumi/command";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../cluster/types";
import { nodeScriptCommand } from "../local/shell";

export const FOREIGN_ISTIO_PROBE_SCRIPT = path.join(__dirname, "foreign-istio-probe.mjs");

/** A revision the stack is about to install, and the config key that names it. */
export interface ForeignRevision {
  readonly name: string;
  readonly key: "istioRevision" | "istioCanary.revision";
}

/** Set on the update run: the probe then looks again only when the cluster changed (see the probe). */
export const UPDATE_STEP_ENV = "SANDBOX_ISTIO_CHECK_STEP=update";

/**
 * Existing mode: before the first install into a cluster, stop if it already runs an istiod that this
 * stack did not install (foreign-istio-probe.mjs). It runs on create, and again on an update only when
 * the target's API server differs from the one the last check printed: in the same cluster the istiod
 * is the stack's own by then. A k3d cluster is the stack's own from the start.
 * With `revision`, the check is that revision's, made when the revision first joins the stack (a
 * canary added later): it stops only on an istiod of that revision, `istiod-<revision>`, which the
 * stack would otherwise take over, and later uninstall.
 */
export function foreignIstioCheck(
  name: string,
  cluster: SandboxCluster,
  parent: pulumi.Resource,
  revision?: ForeignRevision,
): command.local.Command | undefined {
  if (cluster.mode !== "existing" || cluster.target === undefined) return undefined;
  return new command.local.Command(
    name,
    {
      create: nodeScriptCommand(FOREIGN_ISTIO_PROBE_SCRIPT),
      // Not `triggers`: adding them would replace, and so re-run, the check of every stack made before.
      update: `${UPDATE_STEP_ENV} ${nodeScriptCommand(FOREIGN_ISTIO_PROBE_SCRIPT)}`,
      environment: {
        SANDBOX_KUBECONFIG: cluster.kubeconfig,
        SANDBOX_TARGET_SERVER: cluster.target.server,
        ...(cluster.context === undefined ? {} : { SANDBOX_KUBE_CONTEXT: cluster.context }),
        ...(revision === undefined
          ? {}
          : { ISTIO_REVISION: revision.name, ISTIO_REVISION_KEY: revision.key }),
      },
    },
    { parent, dependsOn: [cluster.provider], additionalSecretOutputs: ["environment"] },
  );
}
