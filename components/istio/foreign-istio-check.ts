import * as command from "@pulumi/command";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../cluster/types";
import { nodeScriptCommand } from "../local/shell";

export const FOREIGN_ISTIO_PROBE_SCRIPT = path.join(__dirname, "foreign-istio-probe.mjs");

/**
 * Existing mode: before the first install, stop if the cluster already runs an istiod that this stack
 * did not install (foreign-istio-probe.mjs). A create-only Command, so it runs once; afterwards the
 * istiod in the cluster is the stack's own. A k3d cluster is the stack's own from the start.
 */
export function foreignIstioCheck(
  name: string,
  cluster: SandboxCluster,
  parent: pulumi.Resource,
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
      },
    },
    { parent, dependsOn: [cluster.provider], additionalSecretOutputs: ["environment"] },
  );
}
