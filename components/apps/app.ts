import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import type { AppSettings } from "../config/types";
import { istioResource } from "../k8s-types/istio-resource";
import type { IstioDependency } from "../k8s-types/istio-dependency";
import {
  type AppGateways,
  renderDeployment,
  renderService,
  renderVirtualService,
  serviceFqdn,
} from "./render";

export interface AppArgs {
  readonly cluster: SandboxCluster;
  readonly istio: IstioDependency;
  readonly app: AppSettings;
  /**
   * Namespace-qualified references to the HTTP and HTTPS Gateways (`Ingress.gateways`), for the
   * app's VirtualService. Undefined with the Gateway API, whose HTTPRoutes the ingress declares.
   */
  readonly gateways?: AppGateways;
  /** The resource that labels (or creates) the app's namespace for injection (`MeshNamespaces.injectionLabel`). */
  readonly namespaceLabel: pulumi.Resource;
  /** With revisions and sidecars: the revision whose injector serves the namespace (a tag resolved). */
  readonly sidecarRevision?: string;
}

/**
 * One app of the sandbox: Deployment, Service and a VirtualService bound to both Gateways. The
 * Deployment waits for the namespace's injection label and for Istio's injector (DESIGN ordering
 * rule 2), so its pods start with a sidecar.
 */
export class App extends pulumi.ComponentResource {
  public readonly name: string;
  public readonly namespace: string;
  public readonly host: string;
  /** The Service's cluster-local FQDN, the VirtualService's destination. */
  public readonly serviceFqdn: string;
  public readonly deployment: k8s.apps.v1.Deployment;
  public readonly service: k8s.core.v1.Service;
  public readonly virtualService?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: AppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:apps:App", name, {}, opts);
    const app = args.app;
    this.name = app.name;
    this.namespace = app.namespace;
    this.host = app.host;
    this.serviceFqdn = serviceFqdn(app.name, app.namespace);
    const afterMesh = [...args.istio.ready, args.namespaceLabel];
    // Names are fixed (the VirtualService routes to the Service's FQDN), so replacements delete first.
    const options = (dependsOn: pulumi.Input<pulumi.Resource>[]) =>
      inCluster(args.cluster, { parent: this, dependsOn, deleteBeforeReplace: true });

    const deployment = renderDeployment(app, args.sidecarRevision);
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      { metadata: deployment.metadata, spec: deployment.spec },
      options(afterMesh),
    );
    const service = renderService(app);
    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      { metadata: service.metadata, spec: service.spec },
      options([args.namespaceLabel]),
    );
    this.virtualService =
      args.gateways &&
      istioResource(`${name}-virtual-service`, renderVirtualService(app, args.gateways), options(afterMesh));

    this.registerOutputs({
      name: this.name,
      namespace: this.namespace,
      host: this.host,
      serviceFqdn: this.serviceFqdn,
    });
  }
}
