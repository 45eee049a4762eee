import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import type { GatewayApiSettings } from "../config/types";
import type { SourceCacheOptions } from "../sources";
import { type CrdLookup, probeClusterCrds } from "./cluster-crds";
import { type CrdPlan, parseBundle, planCrds } from "./crd-plan";
import { crdManifest, type manifestFiles } from "./sources";

export interface GatewayApiCrdsArgs {
  readonly cluster: SandboxCluster;
  readonly settings: GatewayApiSettings;
  /** For tests: how a local source path is inspected. */
  readonly stat?: Parameters<typeof manifestFiles>[2];
  /** For tests: the source cache's directory and download function. */
  readonly sources?: Omit<SourceCacheOptions, "warn">;
  /** Existing mode: how the cluster's own CRDs are read (default: crd-probe.mjs); tests pass the answer. */
  readonly lookup?: CrdLookup;
  /**
   * Existing mode: what a refusal does (default: throws, which fails the program at preview as at up,
   * before anything changes); tests record it instead, and the stack then applies nothing.
   */
  readonly refuse?: (error: Error) => void;
}

/** An error thrown while the program runs stops the preview and the update. */
export function stopOnRefusal(error: Error): never {
  throw error;
}

/**
 * The Gateway API's standard-channel CRDs, which Kubernetes does not ship
 * (https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api). They need not precede Istio:
 * istiod watches Gateway API kinds through delayed informers that start once the CRDs appear
 * (https://github.com/istio/istio/blob/release-1.31/pkg/kube/kclient/client.go, NewDelayedInformer).
 *
 * A fresh k3d cluster has none, so they are created and go with the cluster; nothing is asked of it
 * (its kubeconfig is not even known at the first preview). An existing cluster may already have them
 * (many managed clusters do): the program asks it which, and crd-plan.ts decides, the same way at
 * preview and at up, whether the stack applies them, uses the cluster's own as they are, or takes
 * them over (gatewayApiCrdsAdopt). What the stack applies there goes through a provider that may
 * update what exists, and stays on destroy, since other workloads may use it.
 */
export class GatewayApiCrds extends pulumi.ComponentResource {
  /** Done means the Gateway API kinds are served. */
  public readonly ready: pulumi.Resource[];
  /** The local files the provider reads. */
  public readonly files: pulumi.Output<readonly string[]>;
  /** Existing mode: what the stack does with the cluster's CRDs. */
  public readonly plan?: pulumi.Output<CrdPlan>;

  constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:gateway-api:GatewayApiCrds", name, {}, opts);
    const { cluster, settings } = args;
    const manifest = pulumi.output(
      crdManifest(settings.crds, settings.version, {
        ...args.sources,
        stat: args.stat,
        warn: (message) => void pulumi.log.warn(message, this),
      }),
    );
    this.files = manifest.apply((m) => m.files);

    if (cluster.mode !== "existing") {
      const crds = new k8s.yaml.v2.ConfigGroup(
        `${name}-standard`,
        { files: this.files.apply((files) => [...files]) },
        inCluster(cluster, { parent: this }),
      );
      this.ready = [crds];
      this.registerOutputs({ files: this.files, version: settings.version });
      return;
    }

    const lookup = args.lookup ?? probeClusterCrds();
    const owner = `${pulumi.getProject()}/${pulumi.getStack()}`;
    // The plan depends on the kubeconfig only to reach the cluster; it holds none of it.
    const plan = pulumi.unsecret(
      pulumi.all([manifest, cluster.kubeconfig]).apply(async ([m, kubeconfig]) => {
        try {
          const bundle = parseBundle(await m.read(), settings.version);
          const live = await lookup({ kubeconfig, context: cluster.context, names: bundle.crdNames });
          return planCrds({ bundle, live, owner, adopt: settings.adopt });
        } catch (error) {
          (args.refuse ?? stopOnRefusal)(error as Error);
          return { yaml: "", summary: `Gateway API CRDs: refused (${(error as Error).message})` };
        }
      }),
    );
    this.plan = plan;
    const adopting = new k8s.Provider(
      `${name}-adopting`,
      {
        kubeconfig: cluster.kubeconfig,
        context: cluster.context,
        // Lets server-side apply update a CRD that exists instead of refusing to create it
        // (https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/await/await.go#L190-L207).
        upsertExistingObjects: true,
      },
      { parent: this },
    );
    // An empty plan leaves the group empty: the cluster's own CRDs are used as they are.
    const crds = new k8s.yaml.v2.ConfigGroup(
      `${name}-standard`,
      {
        // One consumer of the plan, so that a refusal is reported once.
        yaml: plan.apply((p) => {
          void pulumi.log.info(p.summary, this);
          return p.yaml;
        }),
      },
      // The engine hands retainOnDelete down to a component's children
      // (https://github.com/pulumi/docs/pull/18681, https://github.com/pulumi/pulumi/issues/19654).
      { parent: this, provider: adopting, retainOnDelete: true },
    );
    this.ready = [crds];
    this.registerOutputs({ files: this.files, version: settings.version, adopt: settings.adopt });
  }
}
