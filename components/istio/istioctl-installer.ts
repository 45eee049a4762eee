import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../cluster/types";
import type { IstioSettings } from "../config/types";
import { istioOperatorYaml, type SandboxIstioOperator } from "./istio-operator";
import { KUBECONFIG_ENV, renderInstallScript, renderUninstallScript } from "./istioctl-script";
import { SHELL } from "./shell";

export interface IstioctlInstallArgs {
  readonly cluster: SandboxCluster;
  readonly settings: IstioSettings;
  readonly operator: SandboxIstioOperator;
}

/**
 * `istioctl install` of the rendered IstioOperator, as a local Command. It re-runs (as an update,
 * never a replace, whose delete step would purge the new install) when the spec or the version
 * changes. Where the cluster outlives the stack (existing mode), delete runs `istioctl uninstall
 * --purge`; in k3d mode the cluster's own deletion removes Istio.
 */
export function istioctlInstall(
  name: string,
  args: IstioctlInstallArgs,
  parent: pulumi.Resource,
): command.local.Command {
  const { cluster, settings } = args;
  const spec = istioOperatorYaml(args.operator);
  const scriptOptions = { version: settings.version, context: cluster.context };
  const install = renderInstallScript(scriptOptions);
  return new command.local.Command(
    name,
    {
      create: install,
      update: install,
      delete: cluster.deletedWith === undefined ? renderUninstallScript(scriptOptions) : undefined,
      interpreter: [...SHELL],
      stdin: spec,
      environment: { [KUBECONFIG_ENV]: cluster.kubeconfig },
      triggers: [spec, settings.version],
    },
    {
      parent,
      dependsOn: [cluster.provider],
      deletedWith: cluster.deletedWith,
      additionalSecretOutputs: ["environment"],
    },
  );
}
