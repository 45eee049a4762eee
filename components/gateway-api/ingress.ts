import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import type { IngressSettings } from "../config/types";
import {
  credentialSecretData,
  type GatewayReferences,
  type IngressTlsMaterial,
  type SandboxIngress,
} from "../ingress";
import type { GatewayApiObject, GatewayApiKind } from "../k8s-types/gateway-api";
import type { IstioDependency } from "../k8s-types/istio-dependency";
import {
  GATEWAY_NAME,
  gatewayPodLabels,
  generatedServiceName,
  renderGateway,
  renderGatewayParameters,
  renderHttpRoute,
  renderRedirectRoute,
  type RouteTarget,
} from "./render";

export interface GatewayApiIngressArgs {
  readonly cluster: SandboxCluster;
  readonly istio: IstioDependency;
  /** The Gateway API CRDs (`GatewayApiCrds.ready`). */
  readonly crds: readonly pulumi.Resource[];
  readonly domain: string;
  readonly settings: IngressSettings;
  readonly nodePorts: { readonly http: number; readonly https: number };
  readonly tls: IngressTlsMaterial;
  /** Hosts to route: the apps and the add-on UIs. */
  readonly routes: readonly RouteTarget[];
}

/** Declares a Gateway API object whose spec has been checked against its typed interface. */
export function gatewayApiResource<K extends GatewayApiKind>(
  name: string,
  object: GatewayApiObject<K>,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    name,
    { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata, spec: object.spec },
    opts,
  );
}

/**
 * Ingress through the Kubernetes Gateway API, as Istio recommends today: one Gateway of class
 * `istio` (istiod deploys its proxy as `ingress-istio` in the Gateway's namespace), its Service
 * pinned to the fixed nodePorts by a parametersRef ConfigMap, the credential Secret beside it (so no
 * ReferenceGrant is needed), and an HTTPRoute per host.
 * https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 */
export class GatewayApiIngress extends pulumi.ComponentResource implements SandboxIngress {
  /** The one Gateway, as `namespace/name`, for both HTTP and HTTPS. */
  public readonly gateways: GatewayReferences;
  public readonly namespace: string;
  /** Labels of the generated proxy pods. */
  public readonly gatewayLabels: Readonly<Record<string, string>>;
  /** The generated LoadBalancer Service, whose address the ingress address probe waits for. */
  public readonly gatewayServiceName: string;
  public readonly gateway: k8s.apiextensions.CustomResource;
  public readonly routes: readonly k8s.apiextensions.CustomResource[];
  /** Done means the Gateway is declared; its Service follows from istiod. */
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: GatewayApiIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:gateway-api:GatewayApiIngress", name, {}, opts);
    const namespace = args.istio.namespace;
    const inputs = { domain: args.domain, namespace, settings: args.settings, nodePorts: args.nodePorts };
    this.namespace = namespace;
    this.gateways = { http: `${namespace}/${GATEWAY_NAME}`, https: `${namespace}/${GATEWAY_NAME}` };
    this.gatewayLabels = gatewayPodLabels(GATEWAY_NAME);
    this.gatewayServiceName = generatedServiceName(GATEWAY_NAME);
    const afterIstio = inCluster(args.cluster, { parent: this, dependsOn: args.istio.ready });
    const afterCrds = inCluster(args.cluster, {
      parent: this,
      dependsOn: [...args.istio.ready, ...args.crds],
    });

    const secret = new k8s.core.v1.Secret(
      `${name}-credential`,
      {
        metadata: { name: args.settings.credentialName, namespace },
        type: "kubernetes.io/tls",
        stringData: credentialSecretData<pulumi.Input<string>>(args.settings.tlsMode, {
          certificate: args.tls.certificatePem,
          privateKey: pulumi.secret(args.tls.privateKeyPem),
          caCertificate: args.tls.caCertificatePem,
        }),
      },
      { ...afterIstio, deleteBeforeReplace: true },
    );
    // istiod refuses to deploy a Gateway whose parametersRef ConfigMap is missing, so it comes first.
    const parameters = new k8s.core.v1.ConfigMap(`${name}-gateway-options`, renderGatewayParameters(inputs), {
      ...afterIstio,
      deleteBeforeReplace: true,
    });
    this.gateway = gatewayApiResource(`${name}-gateway`, renderGateway(inputs), {
      ...afterCrds,
      dependsOn: [...args.istio.ready, ...args.crds, secret, parameters],
    });
    const afterGateway = { ...afterCrds, dependsOn: [...args.istio.ready, ...args.crds, this.gateway] };
    const routes = args.routes.map((target) =>
      gatewayApiResource(
        `${name}-${target.namespace}-${target.name}-route`,
        renderHttpRoute(target, inputs),
        afterGateway,
      ),
    );
    if (args.settings.httpsRedirect) {
      routes.push(
        gatewayApiResource(`${name}-https-redirect-route`, renderRedirectRoute(inputs), afterGateway),
      );
    }
    this.routes = routes;
    this.ready = [this.gateway];

    this.registerOutputs({ gateways: this.gateways, namespace, gatewayServiceName: this.gatewayServiceName });
  }
}
