import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import type { GatewayApiSettings } from "../config/types";
import { manifestFiles } from "./sources";

export interface GatewayApiCrdsArgs {
  readonly cluster: SandboxCluster;
  readonly settings: GatewayApiSettings;
  /** For tests: how a local source path is inspected. */
  readonly stat?: Parameters<typeof manifestFiles>[2];
}

/**
 * The Gateway API's standard-channel CRDs, which Kubernetes does not ship
 * (https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api). They need not precede Istio:
 * istiod watches Gateway API kinds through delayed informers that start once the CRDs appear
 * (https://github.com/istio/istio/blob/release-1.31/pkg/kube/kclient/client.go, NewDelayedInformer).
 *
 * A fresh k3d cluster has none, so they are created and go with the cluster. An existing cluster may
 * already have them (many managed clusters do): there a provider that adopts existing objects applies
 * them (pulumi-kubernetes otherwise refuses to create what exists), and destroy leaves them, since
 * other workloads may use them.
 */
export class GatewayApiCrds extends pulumi.ComponentResource {
  /** Done means the Gateway API kinds are served. */
  public readonly ready: pulumi.Resource[];
  public readonly files: readonly string[];

  constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:gateway-api:GatewayApiCrds", name, {}, opts);
    const { cluster } = args;
    this.files = manifestFiles(args.settings.crds, "gatewayApiCrds", args.stat);

    const existing = cluster.deletedWith === undefined;
    const adopting = existing
      ? new k8s.Provider(
          `${name}-adopting`,
          {
            kubeconfig: cluster.kubeconfig,
            context: cluster.context,
            // https://www.pulumi.com/registry/packages/kubernetes/api-docs/provider/#upsertexistingobjects_nodejs
            upsertExistingObjects: true,
          },
          { parent: this },
        )
      : undefined;
    const crds = new k8s.yaml.v2.ConfigGroup(
      `${name}-standard`,
      { files: [...this.files] },
      // The engine hands deletedWith and retainOnDelete down to a component's children
      // (https://github.com/pulumi/docs/pull/18681, https://github.com/pulumi/pulumi/issues/19654).
      existing
        ? { parent: this, provider: adopting, retainOnDelete: true }
        : inCluster(cluster, { parent: this }),
    );
    this.ready = [crds];
    this.registerOutputs({ files: this.files, version: args.settings.version });
  }
}
