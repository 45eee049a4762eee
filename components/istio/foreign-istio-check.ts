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

/**
 * Existing mode: before the first install, stop if the cluster already runs an istiod that this stack
 * did not install (foreign-istio-probe.mjs). A create-only Command, so it runs once; afterwards the
 * istiod in the cluster is the stack's own. A k3d cluster is the stack's own from the start.
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
  if (cluster.mode !== "existing") return undefined;
  return new command.local.Command(
    name,
    {
      create: nodeScriptCommand(FOREIGN_ISTIO_PROBE_SCRIPT),
      // Without an update script @pulumi/command re-runs create on any change (a new kubeconfig),
      // which would then find the stack's own istiod.
      update: "true",
      environment: {
        SANDBOX_KUBECONFIG: cluster.kubeconfig,
        ...(cluster.context === undefined ? {} : { SANDBOX_KUBE_CONTEXT: cluster.context }),
        ...(revision === undefined
          ? {}
          : { ISTIO_REVISION: revision.name, ISTIO_REVISION_KEY: revision.key }),
      },
    },
    { parent, dependsOn: [cluster.provider], additionalSecretOutputs: ["environment"] },
  );
}
