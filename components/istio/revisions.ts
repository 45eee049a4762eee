/**
 * What each control plane revision of the stack installs, and which revision a namespace's
 * `istio.io/rev` label reaches. Each revision is a full istiod of its own
 * (https://istio.io/latest/docs/setup/upgrade/canary/); what Istio does not run per revision stays
 * with the main one: the gateways, which are upgraded in place, and in ambient mode istio-cni and
 * ztunnel, which Istio cannot canary "even with the use of revisions"
 * (https://istio.io/latest/docs/ambient/upgrade/helm/).
 */
import type { AppSettings, DataplaneSettings, IstioRevision, IstioRevisionSettings } from "../config/types";
import type { RevisionsOutput } from "../outputs/contract";

export interface RevisionInstall extends IstioRevision {
  /** The main revision (istioRevision) also runs the gateways, and in ambient mode istio-cni and ztunnel. */
  readonly main: boolean;
  /** The config key that set `version`, for the install script's messages. */
  readonly versionKey: "istioVersion" | "istioCanary.version";
}

/** The main revision first, then the canary. */
export function revisionInstalls(revisions: IstioRevisionSettings): RevisionInstall[] {
  const main: RevisionInstall = { ...revisions.main, main: true, versionKey: "istioVersion" };
  if (revisions.canary === undefined) return [main];
  return [main, { ...revisions.canary, main: false, versionKey: "istioCanary.version" }];
}

/** The revision a namespace labelled `istio.io/rev=<target>` is injected by: a tag's, or the revision itself. */
export function resolveRevision(target: string, revisions: IstioRevisionSettings): string {
  return Object.hasOwn(revisions.tags, target) ? revisions.tags[target] : target;
}

/** The newest release among the revisions: cluster-wide resources (the CRDs) must suit every revision. */
export function newestVersion(revisions: IstioRevisionSettings): string {
  const versions = revisionInstalls(revisions).map((r) => r.version);
  const key = (v: string) => v.split(".").map(Number);
  return versions.reduce((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (x[0] - y[0] || x[1] - y[1] || x[2] - y[2]) >= 0 ? a : b;
  });
}

/**
 * The revision whose sidecar an app's pods carry, for its Deployment's restart annotation; none in
 * ambient mode, where a namespace moves between revisions without restarting its pods.
 */
export function sidecarRevision(
  app: Pick<AppSettings, "revision">,
  revisions: IstioRevisionSettings | undefined,
  dataplane: Pick<DataplaneSettings, "mode">,
): string | undefined {
  if (revisions === undefined || app.revision === undefined || dataplane.mode !== "sidecar") return undefined;
  return resolveRevision(app.revision, revisions);
}

/** The `istioRevisions` stack output. */
export function revisionsOutput(
  revisions: IstioRevisionSettings | undefined,
  apps: readonly Pick<AppSettings, "namespace" | "revision">[],
): RevisionsOutput | undefined {
  if (revisions === undefined) return undefined;
  const namespaces: Record<string, { label: string; revision: string }> = {};
  for (const app of apps) {
    if (app.revision === undefined || Object.hasOwn(namespaces, app.namespace)) continue;
    namespaces[app.namespace] = { label: app.revision, revision: resolveRevision(app.revision, revisions) };
  }
  return {
    main: revisions.main.name,
    ...(revisions.canary === undefined ? {} : { canary: revisions.canary.name }),
    tags: { ...revisions.tags },
    namespaces,
  };
}
