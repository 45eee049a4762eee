import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import { WAITS } from "../config/defaults";
import type { MetalLbSettings } from "../config/types";
import { poolAddresses } from "./address-range";
import type { ChartCacheOptions } from "../helm/chart-cache";
import { chartSources, METALLB_CHART_ORIGIN } from "../helm/chart-source";
import { METALLB_CHART, metallbChartValues } from "./chart-values";
import { METALLB_API_VERSION, type IPAddressPoolSpec, type L2AdvertisementSpec } from "./metallb-types";
import { webhookWaitCommand, webhookWaitEnvironment } from "./webhook-wait";

export interface MetalLbArgs {
  readonly cluster: SandboxCluster;
  readonly settings: MetalLbSettings;
  /** Where a chart from a repository is kept (default: the user's source cache), and how it is fetched. */
  readonly charts?: Omit<ChartCacheOptions, "warn">;
}

/** Name of the pool and of the advertisement that announces it. */
export const METALLB_POOL_NAME = "istio-sandbox";

/**
 * MetalLB in layer-2 mode: the Helm release, a wait until its validating webhook really answers
 * (DESIGN ordering rule 3), then one IPAddressPool and the L2Advertisement that announces it. It
 * depends on the cluster only, so it is installed in parallel with Istio.
 */
export class MetalLB extends pulumi.ComponentResource {
  /** The pool's range, e.g. `172.18.255.200-172.18.255.250`. */
  public readonly addresses: pulumi.Output<string>;
  /** The pool and the advertisement: whatever reads a load-balancer address waits on these. */
  public readonly ready: pulumi.Resource[];
  /** The Helm release. */
  public readonly release: k8s.helm.v3.Release;
  /** The wait for the webhook; the pool depends on it. */
  public readonly webhookReady: command.local.Command;

  constructor(name: string, args: MetalLbArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:metallb:MetalLB", name, {}, opts);
    const { cluster, settings } = args;

    // Resolved here rather than inside the pool, so a bad range fails before MetalLB is installed.
    this.addresses =
      settings.addresses !== undefined || cluster.dockerSubnet === undefined
        ? pulumi.output(poolAddresses(settings.addresses, undefined))
        : cluster.dockerSubnet.apply((subnet) => poolAddresses(undefined, subnet));

    this.release = new k8s.helm.v3.Release(
      name,
      {
        name: METALLB_CHART,
        // A repository's chart is read from the source cache, so previews and ups need no network.
        ...chartSources(settings.chartRepo, METALLB_CHART_ORIGIN, {
          ...args.charts,
          warn: (message) => void pulumi.log.warn(message, this),
        })(METALLB_CHART, settings.chartVersion),
        version: settings.chartVersion,
        namespace: settings.namespace,
        createNamespace: true,
        values: { ...metallbChartValues() },
      },
      inCluster(cluster, { parent: this }),
    );

    this.webhookReady = new command.local.Command(
      `${name}-webhook-ready`,
      {
        create: webhookWaitCommand(),
        environment: {
          SANDBOX_KUBECONFIG: cluster.kubeconfig,
          ...webhookWaitEnvironment({
            namespace: settings.namespace,
            context: cluster.context,
            timeoutSeconds: WAITS.metallbWebhookSeconds,
            intervalMs: WAITS.pollIntervalMs,
          }),
        },
        // A new chart version restarts the controller, and with it the webhook.
        triggers: [settings.chartVersion],
      },
      {
        parent: this,
        dependsOn: [this.release],
        deletedWith: cluster.deletedWith,
        additionalSecretOutputs: ["environment"],
      },
    );

    const poolSpec: IPAddressPoolSpec = { addresses: [this.addresses] };
    const pool = new k8s.apiextensions.CustomResource(
      `${name}-pool`,
      {
        apiVersion: METALLB_API_VERSION,
        kind: "IPAddressPool",
        metadata: { name: METALLB_POOL_NAME, namespace: settings.namespace },
        spec: poolSpec,
      },
      inCluster(cluster, { parent: this, dependsOn: [this.webhookReady] }),
    );

    const advertisementSpec: L2AdvertisementSpec = { ipAddressPools: [METALLB_POOL_NAME] };
    const advertisement = new k8s.apiextensions.CustomResource(
      `${name}-l2`,
      {
        apiVersion: METALLB_API_VERSION,
        kind: "L2Advertisement",
        metadata: { name: METALLB_POOL_NAME, namespace: settings.namespace },
        spec: advertisementSpec,
      },
      inCluster(cluster, { parent: this, dependsOn: [this.webhookReady, pool] }),
    );

    this.ready = [pool, advertisement];
    this.registerOutputs({ addresses: this.addresses, ready: this.ready });
  }
}
