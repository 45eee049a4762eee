/**
 * Istio as revisions: one control plane per revision and one resource per revision tag, each its own
 * resource so that a preview names the revision or tag a change touches. A revision that leaves the
 * config is removed (istioctl: its Command's uninstall; Helm: its release) after the rest of the update,
 * since Pulumi deletes what a program no longer declares last.
 */
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import { ISTIO_NAMESPACE } from "../config/defaults";
import { DEFAULT_TAG } from "../config/revision-rules";
import type { IstioRevisionSettings, IstioSettings } from "../config/types";
import { SHELL } from "../local/shell";
import { foreignIstioCheck } from "./foreign-istio-check";
import { helmInstall } from "./helm-installer";
import { renderIstioOperator, type SandboxIstioOperator } from "./istio-operator";
import { istioctlInstall } from "./istioctl-installer";
import { KUBECONFIG_ENV } from "./istioctl-script";
import { renderTagRemoveScript, renderTagSetScript } from "./istioctl-tag-script";
import { renderTagWebhook } from "./revision-tags";
import { revisionInstalls, type RevisionInstall } from "./revisions";

export interface RevisionsArgs {
  readonly cluster: SandboxCluster;
  readonly settings: IstioSettings & { readonly revisions: IstioRevisionSettings };
  /** What must succeed before anything is installed (the existing-Istio check). */
  readonly after: readonly pulumi.Resource[];
}

export interface RevisionedIstio {
  /**
   * Done means the main revision serves (istioctl: its install; Helm: base, its istiod, the gateway,
   * istio-cni and ztunnel) and the default tag points at a serving revision: the default tag's
   * revision validates Istio's resources cluster-wide.
   */
  readonly ready: pulumi.Resource[];
  /** What serves a namespace labelled `istio.io/rev=<target>`: each tag's resource, each revision's install. */
  readonly injectors: ReadonlyMap<string, pulumi.Resource>;
  /** The istioctl installer's IstioOperator per revision (empty with Helm). */
  readonly operators: ReadonlyMap<string, SandboxIstioOperator>;
}

/** Existing mode: each revision's own check, made when the revision first joins the stack. */
function revisionCheck(
  name: string,
  args: RevisionsArgs,
  parent: pulumi.Resource,
  revision: RevisionInstall,
) {
  const key = revision.main ? "istioRevision" : "istioCanary.revision";
  return foreignIstioCheck(`${name}-${revision.name}-revision-check`, args.cluster, parent, {
    name: revision.name,
    key,
  });
}

/** One `istioctl install` per revision; the canary after the main revision, whose install it shares CRDs with. */
function istioctlRevisions(name: string, args: RevisionsArgs, parent: pulumi.Resource) {
  const installs = new Map<string, pulumi.Resource>();
  const operators = new Map<string, SandboxIstioOperator>();
  let previous: pulumi.Resource | undefined;
  for (const revision of revisionInstalls(args.settings.revisions)) {
    const operator = renderIstioOperator(args.settings, revision);
    const check = revisionCheck(name, args, parent, revision);
    const after = [...args.after, ...(check === undefined ? [] : [check]), ...(previous ? [previous] : [])];
    previous = istioctlInstall(
      `${name}-istioctl-${revision.name}`,
      { cluster: args.cluster, settings: args.settings, operator, after, revision },
      parent,
    );
    installs.set(revision.name, previous);
    operators.set(revision.name, operator);
  }
  return { installs, operators };
}

/** A tag as `istioctl tag set` / `tag remove`, run by the istioctl of the revision it points at. */
function istioctlTag(
  name: string,
  args: RevisionsArgs,
  parent: pulumi.Resource,
  tag: string,
  revision: RevisionInstall,
  install: pulumi.Resource,
): command.local.Command {
  // The message names the revision, not the key that sets its release, which changes when a canary
  // becomes the main revision; the scripts stay the same then, and so does the tag.
  const options = {
    tag,
    revision: revision.name,
    version: revision.version,
    versionKey: `revision ${revision.name}`,
    renders: `its tag webhook`,
    context: args.cluster.context,
  };
  return new command.local.Command(
    name,
    {
      create: renderTagSetScript(options, false),
      update: renderTagSetScript(options, true),
      delete: renderTagRemoveScript(options),
      interpreter: [...SHELL],
      environment: { [KUBECONFIG_ENV]: args.cluster.kubeconfig },
    },
    {
      parent,
      dependsOn: [install],
      deletedWith: args.cluster.deletedWith,
      additionalSecretOutputs: ["environment"],
    },
  );
}

export function installRevisions(
  name: string,
  args: RevisionsArgs,
  parent: pulumi.Resource,
): RevisionedIstio {
  const { cluster, settings } = args;
  const revisions = settings.revisions;
  const byName = new Map(revisionInstalls(revisions).map((r) => [r.name, r]));
  const injectors = new Map<string, pulumi.Resource>();
  let ready: pulumi.Resource[];
  let operators = new Map<string, SandboxIstioOperator>();

  if (settings.installer === "helm") {
    const checks = revisionInstalls(revisions).flatMap((r) => revisionCheck(name, args, parent, r) ?? []);
    const helm = helmInstall(name, { cluster, settings, after: [...args.after, ...checks] }, parent);
    for (const [revision, release] of helm.istiods) injectors.set(revision, release);
    ready = [helm.base, helm.istiod, helm.cni, helm.ztunnel, helm.gateway].filter((r) => r !== undefined);
  } else {
    const istioctl = istioctlRevisions(name, args, parent);
    for (const [revision, install] of istioctl.installs) injectors.set(revision, install);
    operators = istioctl.operators;
    ready = [istioctl.installs.get(revisions.main.name) as pulumi.Resource];
  }

  for (const [tag, revision] of Object.entries(revisions.tags)) {
    const install = injectors.get(revision) as pulumi.Resource;
    const resource =
      settings.installer === "helm"
        ? new k8s.admissionregistration.v1.MutatingWebhookConfiguration(
            `${name}-tag-${tag}`,
            renderTagWebhook(tag, revision, ISTIO_NAMESPACE),
            inCluster(cluster, { parent, dependsOn: [install] }),
          )
        : istioctlTag(
            `${name}-tag-${tag}`,
            args,
            parent,
            tag,
            byName.get(revision) as RevisionInstall,
            install,
          );
    injectors.set(tag, resource);
    if (tag === DEFAULT_TAG) ready = [...ready, resource];
  }
  return { ready, injectors, operators };
}
