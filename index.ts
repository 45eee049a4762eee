/**
 * The sandbox: config in, components composed in the order docs/DESIGN.md's ordering rules require,
 * stack outputs out. Each component documents its own part.
 *
 * The program is an exported async function, which Pulumi calls and awaits, and whose result becomes
 * the stack outputs (https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/nodejs/cmd/run/run.ts#L577-L579);
 * tests call it once per stack under mocks without reloading every module.
 */
import * as pulumi from "@pulumi/pulumi";
import { Addons, addonRouteTargets } from "./components/addons";
import { enrolmentLabels, Waypoints } from "./components/ambient";
import { App } from "./components/apps";
import { ExistingCluster, K3dCluster, type SandboxCluster } from "./components/cluster";
import { loadConfig } from "./components/config/load";
import { GatewayApiCrds, GatewayApiIngress } from "./components/gateway-api";
import { Ingress, type SandboxIngress } from "./components/ingress";
import { IngressAddress, IstioMesh } from "./components/istio";
import { revisionsOutput, sidecarRevision } from "./components/istio/revisions";
import { MeshNamespaces, meshNamespaces, namespaceInjectors } from "./components/mesh";
import { MeshCa } from "./components/mesh-ca";
import { MetalLB } from "./components/metallb";
import {
  addonEndpoints,
  appEndpoints,
  ingressEndpoint,
  nextSteps as renderNextSteps,
} from "./components/outputs";
import { Pki } from "./components/pki";
import { checkLiveStack } from "./components/stack-guards";

export = async function istioSandbox() {
  const config = loadConfig();
  // Config that the live stack cannot take (another installer, ingress API or cluster) stops the
  // program here, before any resource is declared (components/stack-guards).
  const guarded = await checkLiveStack(config);

  const cluster: SandboxCluster =
    config.existing === undefined
      ? new K3dCluster("sandbox", { settings: config.cluster, nodePorts: config.istio.nodePorts })
      : new ExistingCluster("sandbox", { settings: config.existing });

  // TLS material needs no cluster, so it is generated while the cluster comes up.
  const pki = new Pki("pki", {
    domain: config.domain,
    settings: config.pki,
    clientCertificate: config.ingress.tlsMode === "MUTUAL",
    meshCa: config.meshCa === "sandbox",
  });

  // MetalLB and Istio each wait for the cluster only, and so install side by side.
  const metallb = config.metallb.enabled
    ? new MetalLB("metallb", { cluster, settings: config.metallb })
    : undefined;
  const meshCaIntermediate = pki.meshCa;
  const istio = new IstioMesh("istio", {
    cluster,
    settings: config.istio,
    // meshCa sandbox: istiod signs with an intermediate of the stack's CA, read from cacerts at start.
    beforeInstall:
      meshCaIntermediate === undefined
        ? undefined
        : (preflight) =>
            new MeshCa("mesh-ca", {
              cluster,
              rootCertificatePem: pki.caCertificatePem,
              intermediate: meshCaIntermediate,
              after: preflight,
            }).ready,
  });
  const gatewayApiCrds = config.gatewayApi.install
    ? new GatewayApiCrds("gateway-api-crds", { cluster, settings: config.gatewayApi })
    : undefined;
  const tls = {
    certificatePem: pki.server.certificatePem,
    privateKeyPem: pki.server.privateKeyPem,
    caCertificatePem: pki.caCertificatePem,
  };

  // The walkthrough's Istio Gateways with VirtualServices, or a Gateway API Gateway with HTTPRoutes.
  const ingressGateway: SandboxIngress =
    gatewayApiCrds === undefined || config.ingressApi === "istio"
      ? new Ingress("ingress", { cluster, istio, domain: config.domain, settings: config.ingress, tls })
      : new GatewayApiIngress("ingress", {
          cluster,
          istio,
          crds: gatewayApiCrds.ready,
          domain: config.domain,
          settings: config.ingress,
          nodePorts: config.istio.nodePorts,
          tls,
          routes: [
            ...config.apps.map((app) => ({ ...app, service: app.name })),
            ...addonRouteTargets(config.addons.enabled, config.domain),
          ],
        });
  const istioRoutes = ingressGateway.virtualServiceGateways;
  const gatewayAddress = new IngressAddress("ingress-address", { cluster, ingress: ingressGateway, metallb });

  const revisionTargets = istio.revisions && namespaceInjectors(config.apps, (t) => istio.injector(t));
  const mesh = new MeshNamespaces("mesh", {
    cluster,
    istio,
    namespaces: meshNamespaces(config.apps),
    mtls: config.mtls,
    labels: enrolmentLabels(config.dataplane),
    // With revisions and sidecars, each namespace's istio.io/rev, after the revision or tag that serves it.
    revisions: config.dataplane.mode === "sidecar" ? revisionTargets : undefined,
  });
  if (config.dataplane.waypoint && gatewayApiCrds !== undefined) {
    new Waypoints("waypoints", {
      cluster,
      istio,
      crds: gatewayApiCrds.ready,
      namespaces: mesh.namespaces.map((namespace) => ({
        namespace,
        label: mesh.injectionLabel(namespace),
        revision: revisionTargets?.get(namespace),
      })),
    });
  }

  for (const app of config.apps) {
    new App(`${app.namespace}-${app.name}`, {
      cluster,
      istio,
      app,
      gateways: istioRoutes,
      namespaceLabel: mesh.injectionLabel(app.namespace),
      sidecarRevision: sidecarRevision(app, config.istio.revisions, config.dataplane),
    });
  }

  if (config.addons.enabled.length > 0) {
    new Addons("addons", {
      cluster,
      istio,
      domain: config.domain,
      settings: config.addons,
      gateways: istioRoutes,
    });
  }

  const ingress = gatewayAddress.address.apply((address) =>
    ingressEndpoint({
      address,
      namespace: ingressGateway.namespace,
      selector: ingressGateway.gatewayLabels,
      localPorts: config.mode === "k3d" ? config.cluster.ports : undefined,
      settings: config.ingress,
      gateways: ingressGateway.gateways,
    }),
  );
  const apps = ingress.apply((target) => appEndpoints(config.apps, target));
  const addons = ingress.apply((target) => addonEndpoints(config.addons.enabled, config.domain, target));

  // The shape of components/outputs/contract.ts, which `npm run verify` reads back.
  return {
    mode: config.mode,
    clusterName: cluster.clusterName,
    // k3d mode only: an existing cluster's kubeconfig is the user's own and stays out of the outputs.
    kubeconfig: config.mode === "k3d" ? cluster.kubeconfig : undefined,
    ingress,
    mtlsMode: config.mtls.mode,
    istioInstaller: config.istio.installer,
    apps,
    caCertificate: pki.caCertificatePem,
    clientCertificate: pki.client?.certificatePem,
    clientPrivateKey: pki.client ? pulumi.secret(pki.client.privateKeyPem) : undefined,
    ingressApi: config.ingressApi,
    clusterTarget: guarded.clusterTarget,
    dataplaneMode: config.dataplane.mode,
    waypoint: config.dataplane.waypoint,
    addons,
    meshCa: config.meshCa,
    istioRevisions: revisionsOutput(config.istio.revisions, config.apps),
    nextSteps: pulumi.all([apps, ingress, addons]).apply(([endpoints, target, dashboards]) =>
      renderNextSteps({
        apps: endpoints,
        ingress: target,
        mtlsMode: config.mtls.mode,
        gatewayService: ingressGateway.gatewayServiceName,
        addons: dashboards,
        dataplaneMode: config.dataplane.mode,
        caCommonName: config.pki.caCommonName,
        meshCa: config.meshCa,
        istioNamespace: istio.namespace,
        stack: pulumi.getStack(),
      }),
    ),
  };
};
