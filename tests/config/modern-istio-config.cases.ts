/** The ingress API, data plane and add-on keys: defaults, derivations and every bad input's message. */
import { parseConfig, readStackConfig } from "../../components/config";
import { problem } from "./problem";

describe("defaults", () => {
  const config = parseConfig({});

  test("the walkthrough's way: Istio APIs, sidecars, no add-ons, the classic ingress gateway", () => {
    expect(config.ingressApi).toBe("istio");
    expect(config.dataplane).toEqual({ mode: "sidecar", waypoint: false });
    expect(config.addons.enabled).toEqual([]);
    expect(config.istio.ingressGateway).toBe(true);
    expect(config.istio.profile).toBe("demo");
    expect(config.istio.platform).toBeUndefined();
  });

  test("remote sources are pinned to the Gateway API release and to the Istio release", () => {
    expect(config.gatewayApi).toEqual({
      version: "v1.6.1",
      crds: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml",
      install: false,
      adopt: false,
    });
    expect(config.addons.source).toBe(
      `https://raw.githubusercontent.com/istio/istio/${config.istio.version}/samples/addons`,
    );
    // A downloaded copy is cached under the release it belongs to.
    expect(config.addons.version).toBe(config.istio.version);
  });
});

describe("derivations", () => {
  test("gateway-api installs the CRDs and leaves out the classic ingress gateway", () => {
    const config = parseConfig({ ingressApi: "gateway-api", gatewayApiVersion: "v1.6.0" });
    expect(config.gatewayApi.install).toBe(true);
    expect(config.gatewayApi.crds).toContain("/v1.6.0/standard-install.yaml");
    expect(config.istio.ingressGateway).toBe(false);
  });

  test("ambient installs the ambient profile; waypoints need the Gateway API CRDs too", () => {
    const config = parseConfig({ dataplaneMode: "ambient", waypoint: true, istioProfile: "minimal" });
    expect(config.istio.profile).toBe("ambient");
    expect(config.istio.platform).toBe("k3d");
    expect(config.dataplane).toEqual({ mode: "ambient", waypoint: true });
    expect(config.gatewayApi.install).toBe(true);
    expect(config.istio.ingressGateway).toBe(true);
  });

  test("an existing cluster takes istioPlatform, or none", () => {
    const kubeconfig = "/home/me/.kube/config";
    expect(parseConfig({ mode: "existing", kubeconfig }).istio.platform).toBeUndefined();
    expect(parseConfig({ mode: "existing", kubeconfig, istioPlatform: "gke" }).istio.platform).toBe("gke");
  });

  test("addons accept a list or comma-separated text; jaeger adds the tracing provider", () => {
    expect(parseConfig({ addons: "prometheus, grafana,kiali" }).addons.enabled).toEqual([
      "prometheus",
      "grafana",
      "kiali",
    ]);
    const config = parseConfig({
      addons: ["jaeger"],
      meshConfig: { accessLogFile: "/dev/stdout" },
      addonsSource: "/srv/istio/samples/addons/",
    });
    expect(config.istio.meshConfig).toEqual({
      accessLogFile: "/dev/stdout",
      extensionProviders: [
        {
          name: "jaeger",
          opentelemetry: { service: "jaeger-collector.istio-system.svc.cluster.local", port: 4317 },
        },
      ],
    });
    expect(config.addons.source).toBe("/srv/istio/samples/addons");
    expect(parseConfig({ addons: ["kiali"] }).istio.meshConfig).toEqual({});
  });

  test("addons as the engine passes a YAML list (JSON text) and as readStackConfig reads it", () => {
    expect(parseConfig({ addons: '["kiali","jaeger"]' }).addons.enabled).toEqual(["kiali", "jaeger"]);
    expect(
      parseConfig(readStackConfig({ "istio-sandbox:addons": '["prometheus","grafana"]' })).addons.enabled,
    ).toEqual(["prometheus", "grafana"]);
  });

  test("existing mode may take over the cluster's Gateway API CRDs", () => {
    const config = parseConfig({
      mode: "existing",
      kubeconfig: "/home/me/.kube/config",
      ingressApi: "gateway-api",
      gatewayApiCrdsAdopt: "true",
    });
    expect(config.gatewayApi.adopt).toBe(true);
  });

  test("local sources are accepted as absolute paths", () => {
    const config = parseConfig({
      ingressApi: "gateway-api",
      gatewayApiCrds: "/srv/gateway-api/crd/standard",
    });
    expect(config.gatewayApi.crds).toBe("/srv/gateway-api/crd/standard");
  });
});

describe("bad input names the key and the fix", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "unknown ingress API",
      { ingressApi: "ingress" },
      `istio-sandbox:ingressApi: must be one of "istio", "gateway-api"`,
    ],
    [
      "Gateway API version without its v",
      { gatewayApiVersion: "1.6.1" },
      "istio-sandbox:gatewayApiVersion: must be a Gateway API release tag such as v1.6.1 (with the leading 'v')",
    ],
    [
      "relative CRD path",
      { ingressApi: "gateway-api", gatewayApiCrds: "crds/standard" },
      "istio-sandbox:gatewayApiCrds: must be an http(s) URL such as https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml, or an absolute local path (a CRD yaml file, or a directory of CRD yaml files)",
    ],
    [
      "CRD source nobody uses",
      { gatewayApiCrds: "/srv/crds" },
      "istio-sandbox:gatewayApiCrds: is set, but nothing uses the Gateway API (ingressApi is istio, no waypoints). Fix: pulumi config rm gatewayApiCrds",
    ],
    [
      "CRD adoption in k3d mode",
      { ingressApi: "gateway-api", gatewayApiCrdsAdopt: true },
      "istio-sandbox:gatewayApiCrdsAdopt: is true, but k3d mode makes a new cluster, which has no Gateway API CRDs to take over. Fix: pulumi config rm gatewayApiCrdsAdopt (it is for mode existing)",
    ],
    [
      "CRD adoption nobody uses",
      { mode: "existing", kubeconfig: "/home/me/.kube/config", gatewayApiCrdsAdopt: true },
      "istio-sandbox:gatewayApiCrdsAdopt: is set, but nothing uses the Gateway API (ingressApi is istio, no waypoints). Fix: pulumi config rm gatewayApiCrdsAdopt",
    ],
    [
      "CRD adoption that is no boolean",
      {
        mode: "existing",
        kubeconfig: "/home/me/.kube/config",
        ingressApi: "gateway-api",
        gatewayApiCrdsAdopt: "yes",
      },
      'istio-sandbox:gatewayApiCrdsAdopt: must be true or false; got "yes"',
    ],
    [
      "client certificates with the Gateway API",
      { ingressApi: "gateway-api", tlsMode: "MUTUAL" },
      "istio-sandbox:tlsMode: is MUTUAL, but the sandbox's Gateway API ingress terminates server TLS only",
    ],
    [
      "unknown data plane",
      { dataplaneMode: "sidecarless" },
      `istio-sandbox:dataplaneMode: must be one of "sidecar", "ambient"`,
    ],
    [
      "waypoint with sidecars",
      { waypoint: true },
      "istio-sandbox:waypoint: is true, but waypoints belong to ambient mode (sidecars do L7 themselves). Fix: pulumi config set dataplaneMode ambient",
    ],
    [
      "another platform in k3d mode",
      { istioPlatform: "gke" },
      `istio-sandbox:istioPlatform: is "gke", but k3d mode always uses Istio's k3d platform profile. Fix: pulumi config rm istioPlatform`,
    ],
    [
      "unknown platform",
      { istioPlatform: "eks" },
      `istio-sandbox:istioPlatform: must be one of "gke", "k3d", "k3s", "microk8s", "minikube", "openshift"`,
    ],
    [
      "unknown add-on",
      { addons: ["kiali", "loki"] },
      `istio-sandbox:addons[1]: must be one of "prometheus", "grafana", "kiali", "jaeger"`,
    ],
    [
      "add-on listed twice",
      { addons: "kiali,kiali" },
      `istio-sandbox:addons: lists "kiali" twice. Fix: list each add-on once`,
    ],
    [
      "app on an add-on's host",
      { addons: ["grafana"], apps: [{ name: "grafana", image: "nginx:1.27" }] },
      `istio-sandbox:apps[0].host: "grafana.fireflyclass.com" is also the host of the grafana add-on's UI. Fix:`,
    ],
    [
      "add-on source without add-ons",
      { addonsSource: "https://mirror.example.com/addons" },
      "istio-sandbox:addonsSource: is set, but no add-ons are enabled",
    ],
    [
      "add-on source that is neither URL nor absolute path",
      { addons: ["kiali"], addonsSource: "samples/addons" },
      "istio-sandbox:addonsSource: must be an http(s) URL such as https://raw.githubusercontent.com/istio/istio/1.31.1/samples/addons, or an absolute local path (a directory holding prometheus.yaml, grafana.yaml, kiali.yaml, jaeger.yaml)",
    ],
  ];

  test.each(cases)("%s", (_title, raw, expected) => {
    expect(problem(raw)).toContain(expected);
  });
});
