import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../cluster/types";
import type { IstioSettings } from "../config/types";
import { istioOperatorYaml, type SandboxIstioOperator } from "./istio-operator";
import { KUBECONFIG_ENV, OPERATOR_ENV, renderInstallScript, renderUninstallScript } from "./istioctl-script";
import { SHELL } from "../local/shell";
import type { RevisionInstall } from "./revisions";

export interface IstioctlInstallArgs {
  readonly cluster: SandboxCluster;
  readonly settings: IstioSettings;
  readonly operator: SandboxIstioOperator;
  /** What must succeed before the install (the existing-Istio check). */
  readonly after?: readonly pulumi.Resource[];
  /** The revision `operator` installs, at its own version; undefined without revisions. */
  readonly revision?: RevisionInstall;
}

/**
 * `istioctl install` of the rendered IstioOperator, as a local Command. A new spec (stdin) or version
 * (inside the script) re-runs it as an update. No `triggers` on purpose: they force a replacement,
 * whose delete step (the uninstall, in existing mode) would run after the new install and remove it.
 * https://www.pulumi.com/registry/packages/command/api-docs/local/command/#triggers
 * Where the cluster outlives the stack (existing mode), delete runs `istioctl uninstall -f` with the
 * same IstioOperator, which removes what that spec installed and nothing else (no `--purge`); in
 * k3d mode the cluster's own deletion removes Istio. A revision's Command uninstalls it in either
 * mode (`--revision` as well), because a revision also goes on its own once the config drops it;
 * `deletedWith` still skips that when the whole k3d cluster goes.
 */
export function istioctlInstall(
  name: string,
  args: IstioctlInstallArgs,
  parent: pulumi.Resource,
): command.local.Command {
  const { cluster, settings } = args;
  const spec = istioOperatorYaml(args.operator);
  const revision = args.revision;
  const scriptOptions = {
    version: revision?.version ?? settings.version,
    versionKey: revision?.versionKey,
    context: cluster.context,
  };
  const install = renderInstallScript(scriptOptions);
  const uninstalls = cluster.deletedWith === undefined || revision !== undefined;
  return new command.local.Command(
    name,
    {
      create: install,
      update: install,
      delete: uninstalls ? renderUninstallScript({ ...scriptOptions, revision: revision?.name }) : undefined,
      interpreter: [...SHELL],
      stdin: spec,
      // The uninstall reads the spec from the environment, which (unlike stdin) is documented to
      // reach the delete command as it was at the last update.
      environment: { [KUBECONFIG_ENV]: cluster.kubeconfig, ...(uninstalls ? { [OPERATOR_ENV]: spec } : {}) },
    },
    {
      parent,
      dependsOn: [cluster.provider, ...(args.after ?? [])],
      deletedWith: cluster.deletedWith,
      additionalSecretOutputs: ["environment"],
    },
  );
}
