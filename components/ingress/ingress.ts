import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import type { IngressSettings } from "../config/types";
import type { IstioDependency } from "../k8s-types/istio-dependency";
import { istioResource } from "../k8s-types/istio-resource";
import { credentialSecretData, gatewayReference, renderHttpGateway, renderHttpsGateway } from "./gateways";
import type { GatewayReferences, SandboxIngress } from "./types";

/** The PEM material behind the HTTPS Gateway; the Pki component's outputs fit. */
export interface IngressTlsMaterial {
  readonly certificatePem: pulumi.Input<string>;
  /** Wrapped as a secret again here, whatever the caller passes. */
  readonly privateKeyPem: pulumi.Input<string>;
  /** Put in the Secret as `ca.crt` in MUTUAL mode only. */
  readonly caCertificatePem: pulumi.Input<string>;
}

export interface IngressArgs {
  readonly cluster: SandboxCluster;
  readonly istio: IstioDependency;
  /** Gateway hosts are `*.<domain>` and `<domain>`. */
  readonly domain: string;
  readonly settings: IngressSettings;
  readonly tls: IngressTlsMaterial;
}

/**
 * The walkthrough's ingress: the credential Secret next to the gateway workload (DESIGN ordering
 * rule 5), an HTTP Gateway on 80 and an HTTPS Gateway on 443. Everything waits for the Istio install,
 * which creates the namespace and the Gateway CRD (rule 1).
 */
export class Ingress extends pulumi.ComponentResource implements SandboxIngress {
  /** `istio-system/ingressgateway` and `istio-system/ingressgateway-tls` by default. */
  public readonly gateways: GatewayReferences;
  public readonly virtualServiceGateways: GatewayReferences;
  public readonly namespace: string;
  /** Istio's own ingress gateway serves these Gateways. */
  public readonly gatewayLabels: Readonly<Record<string, string>>;
  public readonly gatewayServiceName: string;
  /** The gateway Service is Istio's, so it follows the Istio install. */
  public readonly ready: readonly pulumi.Input<pulumi.Resource>[];
  public readonly credentialSecret: k8s.core.v1.Secret;
  public readonly httpGateway: k8s.apiextensions.CustomResource;
  public readonly httpsGateway: k8s.apiextensions.CustomResource;

  constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:ingress:Ingress", name, {}, opts);
    const namespace = args.istio.namespace;
    const settings = args.settings;
    this.namespace = namespace;
    this.gateways = {
      http: gatewayReference(namespace, settings.httpGateway),
      https: gatewayReference(namespace, settings.httpsGateway),
    };
    this.virtualServiceGateways = this.gateways;
    this.gatewayLabels = args.istio.gatewayLabels;
    this.gatewayServiceName = args.istio.gatewayServiceName;
    this.ready = args.istio.ready;
    const afterIstio = inCluster(args.cluster, { parent: this, dependsOn: args.istio.ready });

    this.credentialSecret = new k8s.core.v1.Secret(
      `${name}-credential`,
      {
        metadata: { name: settings.credentialName, namespace },
        type: "kubernetes.io/tls",
        stringData: credentialSecretData<pulumi.Input<string>>(settings.tlsMode, {
          certificate: args.tls.certificatePem,
          privateKey: pulumi.secret(args.tls.privateKeyPem),
          caCertificate: args.tls.caCertificatePem,
        }),
      },
      // The name is fixed (the Gateway refers to it), so a replacement must delete first.
      { ...afterIstio, deleteBeforeReplace: true },
    );

    const gatewayInputs = { domain: args.domain, namespace, selector: args.istio.gatewayLabels, settings };
    this.httpGateway = istioResource(`${name}-http-gateway`, renderHttpGateway(gatewayInputs), afterIstio);
    this.httpsGateway = istioResource(`${name}-https-gateway`, renderHttpsGateway(gatewayInputs), {
      ...afterIstio,
      dependsOn: [...args.istio.ready, this.credentialSecret],
    });

    this.registerOutputs({ gateways: this.gateways, namespace });
  }
}
