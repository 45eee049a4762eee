import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import type { IngressSettings } from "../config/types";
import type { IstioDependency } from "../k8s-types/istio-dependency";
import { istioResource } from "../k8s-types/istio-resource";
import { credentialSecretData, gatewayReference, renderHttpGateway, renderHttpsGateway } from "./gateways";

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

/** Namespace-qualified Gateway names, as a VirtualService in any namespace must write them. */
export interface GatewayReferences {
  readonly http: string;
  readonly https: string;
}

/**
 * The walkthrough's ingress: the credential Secret next to the gateway workload (DESIGN ordering
 * rule 5), an HTTP Gateway on 80 and an HTTPS Gateway on 443. Everything waits for the Istio install,
 * which creates the namespace and the Gateway CRD (rule 1).
 */
export class Ingress extends pulumi.ComponentResource {
  /** `istio-system/ingressgateway` and `istio-system/ingressgateway-tls` by default. */
  public readonly gateways: GatewayReferences;
  public readonly namespace: string;
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
