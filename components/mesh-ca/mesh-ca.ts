import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { inCluster, type SandboxCluster } from "../cluster/types";
import { ISTIO_NAMESPACE } from "../config/defaults";
import { nodeScriptCommand } from "../local/shell";
import type { KeyPair } from "../pki";
import { CACERTS_SECRET, cacertsData, certificateChain } from "./cacerts";

export const CACERTS_PROBE_SCRIPT = path.join(__dirname, "cacerts-probe.mjs");

export interface MeshCaArgs {
  readonly cluster: SandboxCluster;
  /** The stack's CA certificate, PEM: the root every workload certificate chains to. */
  readonly rootCertificatePem: pulumi.Input<string>;
  /** istiod's intermediate CA, signed by that root (Pki's `meshCa`). */
  readonly intermediate: KeyPair;
  /**
   * What must succeed before anything is written to the cluster: the existing-Istio check, so that no
   * Secret lands beside a control plane this stack did not install.
   */
  readonly after?: readonly pulumi.Resource[];
}

/**
 * The stack's CA as the mesh's root of trust (`meshCa: sandbox`): the `cacerts` Secret in istio-system
 * that istiod reads at start to sign workload certificates with an intermediate of the stack's CA, so
 * that they chain to the same root as the ingress certificate.
 *
 * istiod reads the Secret only when it starts, hence `ready`, which the Istio install waits for.
 * Istio's namespace must exist first; both installers take an existing one as it is (istioctl:
 * https://github.com/istio/istio/blob/release-1.31/operator/pkg/util/k8s.go#L42-L43; Helm's
 * `--create-namespace` ignores AlreadyExists: https://github.com/helm/helm/blob/v3.19.5/pkg/action/install.go#L388),
 * and neither removes it on uninstall. So it is ensured with a NamespacePatch, which makes a missing
 * namespace and never deletes one (destroy only relinquishes the patch's fields:
 * https://github.com/pulumi/pulumi-kubernetes/blob/94977969d64112b04e19945818a7d5d5f38f631d/provider/pkg/await/await.go#L958-L962).
 *
 * On an existing cluster a `cacerts` Secret that the stack did not make stops the first update
 * (cacerts-probe.mjs) before anything is written; pulumi-kubernetes would refuse to create over it
 * anyway (AlreadyExists, since v4.29), but with a fix that says to adopt it.
 */
export class MeshCa extends pulumi.ComponentResource {
  public readonly namespace: string = ISTIO_NAMESPACE;
  public readonly secretName: string = CACERTS_SECRET;
  public readonly secret: k8s.core.v1.Secret;
  /** Done means the Secret exists: istiod may start. */
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: MeshCaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:mesh-ca:MeshCa", name, {}, opts);
    const { cluster } = args;

    const check = existingCacertsCheck(`${name}-existing-cacerts-check`, cluster, args.after ?? [], this);
    const before = [...(args.after ?? []), ...(check === undefined ? [] : [check])];
    const namespace = new k8s.core.v1.NamespacePatch(
      `${name}-namespace`,
      { metadata: { name: this.namespace } },
      inCluster(cluster, { parent: this, dependsOn: before }),
    );

    const intermediate = args.intermediate.certificatePem;
    this.secret = new k8s.core.v1.Secret(
      `${name}-cacerts`,
      {
        metadata: { name: this.secretName, namespace: this.namespace },
        type: "Opaque",
        stringData: cacertsData<pulumi.Input<string>>({
          intermediateCertificate: intermediate,
          intermediatePrivateKey: pulumi.secret(args.intermediate.privateKeyPem),
          rootCertificate: args.rootCertificatePem,
          certificateChain: pulumi
            .all([intermediate, args.rootCertificatePem])
            .apply(([cert, root]) => certificateChain(cert, root)),
        }),
      },
      // The name is fixed (istiod mounts it by name), so a replacement must delete first.
      inCluster(cluster, { parent: this, dependsOn: [...before, namespace], deleteBeforeReplace: true }),
    );
    this.ready = [this.secret];

    this.registerOutputs({ namespace: this.namespace, secretName: this.secretName });
  }
}

/**
 * Existing mode: before the first update, stop if istio-system already holds a `cacerts` Secret. A
 * create-only Command, like the existing-Istio check: once it has passed, the Secret is the stack's.
 */
function existingCacertsCheck(
  name: string,
  cluster: SandboxCluster,
  after: readonly pulumi.Resource[],
  parent: pulumi.Resource,
): command.local.Command | undefined {
  if (cluster.mode !== "existing") return undefined;
  return new command.local.Command(
    name,
    {
      create: nodeScriptCommand(CACERTS_PROBE_SCRIPT),
      // Without an update script @pulumi/command re-runs create on any change, which would then find
      // the stack's own Secret.
      update: "true",
      environment: {
        SANDBOX_KUBECONFIG: cluster.kubeconfig,
        SANDBOX_NAMESPACE: ISTIO_NAMESPACE,
        ...(cluster.context === undefined ? {} : { SANDBOX_KUBE_CONTEXT: cluster.context }),
      },
    },
    { parent, dependsOn: [cluster.provider, ...after], additionalSecretOutputs: ["environment"] },
  );
}
