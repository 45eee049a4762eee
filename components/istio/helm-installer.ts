import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import { ISTIO_NAMESPACE } from "../config/defaults";
import type { IstioSettings } from "../config/types";
import { chartSource } from "../helm/chart-source";
import { ISTIO_CHARTS, istioHelmValues, istiodRevisionValues } from "./helm-values";
import { newestVersion, revisionInstalls } from "./revisions";

export interface HelmInstallArgs {
  readonly cluster: SandboxCluster;
  readonly settings: IstioSettings;
  /** What must succeed before anything is installed (the existing-Istio check). */
  readonly after?: readonly pulumi.Resource[];
}

export interface HelmInstall {
  readonly base: k8s.helm.v3.Release;
  /** The main revision's istiod, or the one istiod without revisions. */
  readonly istiod: k8s.helm.v3.Release;
  /** With revisions: each revision's istiod release (`istiod-<revision>`), by revision name. */
  readonly istiods: ReadonlyMap<string, k8s.helm.v3.Release>;
  /** Absent with the Gateway API, whose Gateway istiod deploys itself. */
  readonly gateway?: k8s.helm.v3.Release;
  /** Ambient mode's node agents. */
  readonly cni?: k8s.helm.v3.Release;
  readonly ztunnel?: k8s.helm.v3.Release;
}

/**
 * Istio from its Helm charts, base → istiod → gateway, for users without istioctl.
 *
 * `base` brings the CRDs. The istiod release waits (Helm's --wait) until istiod's Deployment is
 * ready, and istiod serves the injector webhook, so once it exists later components may rely on both.
 * The gateway's pods are injected by that webhook, hence the order. The gateway release does not
 * wait: Helm's wait also requires every LoadBalancer Service to have an address
 * (https://github.com/helm/helm/blob/main/pkg/kube/ready.go), which would tie the Istio install to
 * MetalLB and hang where no load balancer exists; the IngressAddress component waits for that instead.
 * With revisions, each revision is an istiod release of its own (`istiod-<revision>`) at its own version, and the
 * base chart (CRDs, shared by every revision) comes from the newest
 * (https://istio.io/latest/docs/setup/upgrade/helm/#canary-upgrade-recommended).
 */
export function helmInstall(name: string, args: HelmInstallArgs, parent: pulumi.Resource): HelmInstall {
  const { cluster, settings } = args;
  const values = istioHelmValues(settings);
  const release = (
    chart: (typeof ISTIO_CHARTS)[keyof typeof ISTIO_CHARTS],
    chartValues: object,
    opts: pulumi.CustomResourceOptions,
    extra: Partial<k8s.helm.v3.ReleaseArgs> = {},
    revision = "",
  ) =>
    new k8s.helm.v3.Release(
      `${name}-${chart.chart}${revision === "" ? "" : `-${revision}`}`,
      {
        name: revision === "" ? chart.release : `${chart.release}-${revision}`,
        ...chartSource(settings.chartRepo, chart.chart),
        version: settings.version,
        namespace: ISTIO_NAMESPACE,
        values: { ...chartValues },
        ...extra,
      },
      inCluster(cluster, { parent, ...opts }),
    );

  const revisions = settings.revisions;
  const base = release(
    ISTIO_CHARTS.base,
    values.base,
    { dependsOn: [...(args.after ?? [])] },
    { createNamespace: true, ...(revisions === undefined ? {} : { version: newestVersion(revisions) }) },
  );
  const istiods = new Map(
    (revisions === undefined ? [] : revisionInstalls(revisions)).map((r) => [
      r.name,
      release(
        ISTIO_CHARTS.istiod,
        istiodRevisionValues(values.istiod, r.name),
        { dependsOn: [base] },
        { version: r.version },
        r.name,
      ),
    ]),
  );
  const istiod =
    revisions === undefined
      ? release(ISTIO_CHARTS.istiod, values.istiod, { dependsOn: [base] })
      : (istiods.get(revisions.main.name) as k8s.helm.v3.Release);
  // Ambient: istio-cni before ztunnel, both after istiod (https://istio.io/latest/docs/ambient/install/helm/).
  const cni = values.ambient && release(ISTIO_CHARTS.cni, values.ambient.cni, { dependsOn: [istiod] });
  const ztunnel =
    values.ambient && cni && release(ISTIO_CHARTS.ztunnel, values.ambient.ztunnel, { dependsOn: [cni] });
  const gateway = settings.ingressGateway
    ? release(ISTIO_CHARTS.gateway, values.gateway, { dependsOn: [istiod] }, { skipAwait: true })
    : undefined;
  return { base, istiod, istiods, gateway, cni, ztunnel };
}
