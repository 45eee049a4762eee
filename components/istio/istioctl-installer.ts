import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../cluster/types";
import type { IstioSettings } from "../config/types";
import { istioOperatorYaml, type SandboxIstioOperator } from "./istio-operator";
import { KUBECONFIG_ENV, renderInstallScript, renderUninstallScript } from "./istioctl-script";
import { SHELL } from "../local/shell";

export interface IstioctlInstallArgs {
  readonly cluster: SandboxCluster;
  readonly settings: IstioSettings;
  readonly operator: SandboxIstioOperator;
}

/**
 * `istioctl install` of the rendered IstioOperator, as a local Command. A new spec (stdin) or version
 * (inside the script) re-runs it as an update. No `triggers` on purpose: they force a replacement,
 * whose delete step (`uninstall --purge` in existing mode) would run after the new install and purge
 * it. https://www.pulumi.com/registry/packages/command/api-docs/local/command/#triggers
 * Where the cluster outlives the stack (existing mode), delete runs `istioctl uninstall --purge`;
 * in k3d mode the cluster's own deletion removes Istio.
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
    },
    {
      parent,
      dependsOn: [cluster.provider],
      deletedWith: cluster.deletedWith,
      additionalSecretOutputs: ["environment"],
    },
  );
}
