import * as command from "@pulumi/command";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../cluster/types";
import { nodeScriptCommand } from "../local/shell";

export const FOREIGN_ISTIO_PROBE_SCRIPT = path.join(__dirname, "foreign-istio-probe.mjs");

/** Set on the update run: the probe then looks again only when the cluster changed (see the probe). */
export const UPDATE_STEP_ENV = "SANDBOX_ISTIO_CHECK_STEP=update";

/**
 * Existing mode: before the first install into a cluster, stop if it already runs an istiod that this
 * stack did not install (foreign-istio-probe.mjs). It runs on create, and again on an update only when
 * the target's API server differs from the one the last check printed: in the same cluster the istiod
 * is the stack's own by then. A k3d cluster is the stack's own from the start.
 */
export function foreignIstioCheck(
  name: string,
  cluster: SandboxCluster,
  parent: pulumi.Resource,
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
      },
    },
    { parent, dependsOn: [cluster.provider], additionalSecretOutputs: ["environment"] },
  );
}
