import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import type { MtlsSettings } from "../config/types";
import { istioResource } from "../k8s-types/istio-resource";
import type { IstioDependency } from "../k8s-types/istio-dependency";
import {
  INJECTION_LABELS,
  namespacePreexists,
  peerAuthenticationPlacements,
  renderPeerAuthentication,
} from "./namespaces";
import { revisionLabels } from "./revision-labels";

export interface MeshNamespacesArgs {
  readonly cluster: SandboxCluster;
  readonly istio: IstioDependency;
  /** The app namespaces, distinct (see `meshNamespaces`). */
  readonly namespaces: readonly string[];
  readonly mtls: MtlsSettings;
  /** What joins a namespace to the mesh; default: sidecar injection (see components/ambient). */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * With revisions: each namespace's revision or tag (its `istio.io/rev`), and what serves it (the
   * revision's install or the tag), which the label waits for so that no pod starts uninjected.
   */
  readonly revisions?: ReadonlyMap<string, { readonly target: string; readonly injector: pulumi.Resource }>;
}

/**
 * Puts the app namespaces in the mesh: `istio-injection=enabled` on each (so pods get a sidecar at
 * first start, not through a later kube-inject), and a PeerAuthentication per namespace (STRICT by
 * default), plus an optional mesh-wide one.
 */
export class MeshNamespaces extends pulumi.ComponentResource {
  public readonly namespaces: readonly string[];
  /** Mode of every PeerAuthentication declared here. */
  public readonly mtlsMode: MtlsSettings["mode"];
  public readonly peerAuthentications: readonly k8s.apiextensions.CustomResource[];
  private readonly labelled: ReadonlyMap<string, pulumi.Resource>;

  constructor(name: string, args: MeshNamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:mesh:MeshNamespaces", name, {}, opts);
    const labelled = new Map<string, pulumi.Resource>();
    for (const namespace of args.namespaces) {
      if (labelled.has(namespace)) throw new Error(`namespace "${namespace}" is listed twice`);
      labelled.set(namespace, this.label(name, namespace, args));
    }
    this.labelled = labelled;
    this.namespaces = [...labelled.keys()];
    this.mtlsMode = args.mtls.mode;

    this.peerAuthentications = peerAuthenticationPlacements(
      this.namespaces,
      args.mtls,
      args.istio.namespace,
    ).map(({ namespace, meshWide }) => {
      const label = labelled.get(namespace);
      return istioResource(
        meshWide ? `${name}-mesh-wide-peer-authentication` : `${name}-${namespace}-peer-authentication`,
        renderPeerAuthentication(namespace, args.mtls.mode),
        inCluster(args.cluster, {
          parent: this,
          dependsOn: label ? [...args.istio.ready, label] : args.istio.ready,
        }),
      );
    });

    this.registerOutputs({ namespaces: this.namespaces, mtlsMode: this.mtlsMode });
  }

  /** The resource that puts the injection label on `namespace`; app Deployments depend on it. */
  public injectionLabel(namespace: string): pulumi.Resource {
    const resource = this.labelled.get(namespace);
    if (!resource) {
      throw new Error(
        `namespace "${namespace}" is not a mesh namespace (known: ${this.namespaces.join(", ")}); its pods would start without a sidecar`,
      );
    }
    return resource;
  }

  private label(name: string, namespace: string, args: MeshNamespacesArgs): pulumi.Resource {
    const labels = args.labels ?? INJECTION_LABELS;
    const revision = args.revisions?.get(namespace);
    const metadata = {
      name: namespace,
      labels: revision === undefined ? { ...labels } : revisionLabels(labels, revision.target),
    };
    const injector = revision === undefined ? [] : [revision.injector];
    if (!namespacePreexists(namespace, args.istio.namespace)) {
      return new k8s.core.v1.Namespace(
        `${name}-${namespace}`,
        { metadata },
        inCluster(args.cluster, { parent: this, dependsOn: injector }),
      );
    }
    // Istio's own namespace exists only once the install has run.
    const dependsOn = [...(namespace === args.istio.namespace ? args.istio.ready : []), ...injector];
    return new k8s.core.v1.NamespacePatch(
      `${name}-${namespace}`,
      // patchForce takes the label over from whoever set it before (say, a `kubectl label` by hand)
      // instead of failing on a server-side apply conflict.
      // https://www.pulumi.com/registry/packages/kubernetes/how-to-guides/managing-resources-with-server-side-apply/
      { metadata: { ...metadata, annotations: { "pulumi.com/patchForce": "true" } } },
      inCluster(args.cluster, { parent: this, dependsOn }),
    );
  }
}
