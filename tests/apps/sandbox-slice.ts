/**
 * Test fixtures for the traffic-and-trust components: a stand-in cluster and Istio install, and the
 * composition of Pki, MeshNamespaces, Ingress and Apps from a parsed config, as index.ts wires them.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { App } from "../../components/apps";
import type { SandboxCluster } from "../../components/cluster/types";
import { INGRESS_GATEWAY_LABELS, ISTIO_NAMESPACE, parseConfig } from "../../components/config";
import type { SandboxConfig } from "../../components/config/types";
import { Ingress } from "../../components/ingress";
import type { IstioDependency } from "../../components/k8s-types/istio-dependency";
import { MeshNamespaces, meshNamespaces } from "../../components/mesh";
import { Pki } from "../../components/pki";
import type { NewResourceInfo } from "../harness/mock-program";

export class StandIn extends pulumi.CustomResource {
  constructor(type: string, name: string, opts?: pulumi.CustomResourceOptions) {
    super(type, name, {}, opts);
  }
}

export const CLUSTER_TYPE = "command:local:Command";
export const CLUSTER_NAME = "k3d-cluster";
export const ISTIO_READY_TYPE = "istio-sandbox:test:IstioReady";
export const ISTIO_READY_NAME = "istio-ready";

export const isIstioReady = (r: NewResourceInfo): boolean => r.type === ISTIO_READY_TYPE;

export function fakeCluster(mode: "k3d" | "existing" = "k3d"): SandboxCluster {
  const provider = new k8s.Provider("sandbox", {
    kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n"),
  });
  return {
    mode,
    clusterName: pulumi.output("istio-sandbox"),
    kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n"),
    provider,
    deletedWith: mode === "k3d" ? new StandIn(CLUSTER_TYPE, CLUSTER_NAME) : undefined,
  };
}

export function fakeIstio(): IstioDependency {
  return {
    namespace: ISTIO_NAMESPACE,
    gatewayLabels: INGRESS_GATEWAY_LABELS,
    ready: [new StandIn(ISTIO_READY_TYPE, ISTIO_READY_NAME)],
  };
}

export interface Slice {
  readonly config: SandboxConfig;
  readonly cluster: SandboxCluster;
  readonly pki: Pki;
  readonly mesh: MeshNamespaces;
  readonly ingress: Ingress;
  readonly apps: readonly App[];
}

/** Declares everything this area owns for `raw` stack config (defaults: the dev stack). */
export function declareSlice(raw: Record<string, unknown> = {}, mode: "k3d" | "existing" = "k3d"): Slice {
  const config = parseConfig(raw);
  const cluster = fakeCluster(mode);
  const istio = fakeIstio();
  const pki = new Pki("pki", {
    domain: config.domain,
    settings: config.pki,
    clientCertificate: config.ingress.tlsMode === "MUTUAL",
  });
  const mesh = new MeshNamespaces("mesh", {
    cluster,
    istio,
    namespaces: meshNamespaces(config.apps),
    mtls: config.mtls,
  });
  const ingress = new Ingress("ingress", {
    cluster,
    istio,
    domain: config.domain,
    settings: config.ingress,
    tls: {
      certificatePem: pki.server.certificatePem,
      privateKeyPem: pki.server.privateKeyPem,
      caCertificatePem: pki.caCertificatePem,
    },
  });
  const apps = config.apps.map(
    (app) =>
      new App(`${app.namespace}-${app.name}`, {
        cluster,
        istio,
        app,
        gateways: ingress.gateways,
        namespaceLabel: mesh.injectionLabel(app.namespace),
      }),
  );
  return { config, cluster, pki, mesh, ingress, apps };
}

/** True when the input at `path` was sent as a secret, itself or as part of a secret parent. */
export function isSecretAt(resource: { readonly secretPaths: readonly string[] }, path: string): boolean {
  return resource.secretPaths.some((p) => path === p || path.startsWith(`${p}.`));
}
