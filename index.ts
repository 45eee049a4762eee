/**
 * The sandbox: config in, components composed in the order DESIGN.md's ordering rules require,
 * stack outputs out. Each component documents its own part.
 *
 * The program is an exported function, which Pulumi calls and whose result becomes the stack
 * outputs (https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/run/run.ts); tests call it
 * once per stack under mocks without reloading every module.
 */
import * as pulumi from "@pulumi/pulumi";
import { App } from "./components/apps";
import { ExistingCluster, K3dCluster, type SandboxCluster } from "./components/cluster";
import { loadConfig } from "./components/config/load";
import { Ingress } from "./components/ingress";
import { IngressAddress, IstioMesh } from "./components/istio";
import { checkedInstaller } from "./components/istio/installer-switch";
import { MeshNamespaces, meshNamespaces } from "./components/mesh";
import { MetalLB } from "./components/metallb";
import { appEndpoints, ingressEndpoint, nextSteps as renderNextSteps } from "./components/outputs";
import { Pki } from "./components/pki";

export = function istioSandbox() {
  const config = loadConfig();

  const cluster: SandboxCluster =
    config.existing === undefined
      ? new K3dCluster("sandbox", { settings: config.cluster, nodePorts: config.istio.nodePorts })
      : new ExistingCluster("sandbox", { settings: config.existing });

  // TLS material needs no cluster, so it is generated while the cluster comes up.
  const pki = new Pki("pki", {
    domain: config.domain,
    settings: config.pki,
    clientCertificate: config.ingress.tlsMode === "MUTUAL",
  });

  // MetalLB and Istio each wait for the cluster only, and so install side by side.
  const metallb = config.metallb.enabled
    ? new MetalLB("metallb", { cluster, settings: config.metallb })
    : undefined;
  // Stops the preview when istioInstaller changed on a live stack (see installer-switch.ts).
  const istioInstaller = checkedInstaller(config.istio.installer, config.mode);
  const istio = new IstioMesh("istio", { cluster, settings: config.istio });
  const gatewayAddress = new IngressAddress("ingress-address", { cluster, mesh: istio, metallb });

  const gateways = new Ingress("ingress", {
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

  const mesh = new MeshNamespaces("mesh", {
    cluster,
    istio,
    namespaces: meshNamespaces(config.apps),
    mtls: config.mtls,
  });

  for (const app of config.apps) {
    new App(`${app.namespace}-${app.name}`, {
      cluster,
      istio,
      app,
      gateways: gateways.gateways,
      namespaceLabel: mesh.injectionLabel(app.namespace),
    });
  }

  const ingress = gatewayAddress.address.apply((address) =>
    ingressEndpoint({
      address,
      namespace: istio.namespace,
      selector: istio.gatewayLabels,
      localPorts: config.mode === "k3d" ? config.cluster.ports : undefined,
      settings: config.ingress,
      gateways: gateways.gateways,
    }),
  );
  const apps = ingress.apply((target) => appEndpoints(config.apps, target));

  // The shape of components/outputs/contract.ts, which `npm run verify` reads back.
  return {
    mode: config.mode,
    clusterName: cluster.clusterName,
    // k3d mode only: an existing cluster's kubeconfig is the user's own and stays out of the outputs.
    kubeconfig: config.mode === "k3d" ? cluster.kubeconfig : undefined,
    ingress,
    mtlsMode: config.mtls.mode,
    istioInstaller,
    apps,
    caCertificate: pki.caCertificatePem,
    clientCertificate: pki.client?.certificatePem,
    clientPrivateKey: pki.client ? pulumi.secret(pki.client.privateKeyPem) : undefined,
    nextSteps: pulumi.all([apps, ingress]).apply(([endpoints, target]) =>
      renderNextSteps({
        apps: endpoints,
        ingress: target,
        mtlsMode: config.mtls.mode,
        gatewayService: istio.gatewayServiceName,
      }),
    ),
  };
};
