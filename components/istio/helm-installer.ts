import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import { ISTIO_NAMESPACE } from "../config/defaults";
import type { IstioSettings } from "../config/types";
import { chartSource } from "../helm/chart-source";
import { ISTIO_CHARTS, istioHelmValues } from "./helm-values";

export interface HelmInstallArgs {
  readonly cluster: SandboxCluster;
  readonly settings: IstioSettings;
  /** What must succeed before anything is installed (the existing-Istio check). */
  readonly after?: readonly pulumi.Resource[];
}

export interface HelmInstall {
  readonly base: k8s.helm.v3.Release;
  readonly istiod: k8s.helm.v3.Release;
  readonly gateway: k8s.helm.v3.Release;
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
 */
export function helmInstall(name: string, args: HelmInstallArgs, parent: pulumi.Resource): HelmInstall {
  const { cluster, settings } = args;
  const values = istioHelmValues(settings);
  const release = (
    chart: (typeof ISTIO_CHARTS)[keyof typeof ISTIO_CHARTS],
    chartValues: object,
    opts: pulumi.CustomResourceOptions,
    extra: Partial<k8s.helm.v3.ReleaseArgs> = {},
  ) =>
    new k8s.helm.v3.Release(
      `${name}-${chart.chart}`,
      {
        name: chart.release,
        ...chartSource(settings.chartRepo, chart.chart),
        version: settings.version,
        namespace: ISTIO_NAMESPACE,
        values: { ...chartValues },
        ...extra,
      },
      inCluster(cluster, { parent, ...opts }),
    );

  const base = release(
    ISTIO_CHARTS.base,
    values.base,
    { dependsOn: [...(args.after ?? [])] },
    { createNamespace: true },
  );
  const istiod = release(ISTIO_CHARTS.istiod, values.istiod, { dependsOn: [base] });
  const gateway = release(ISTIO_CHARTS.gateway, values.gateway, { dependsOn: [istiod] }, { skipAwait: true });
  return { base, istiod, gateway };
}
