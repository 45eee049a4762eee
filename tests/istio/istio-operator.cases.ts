import { IstioOperator } from "@kubernetes-models/istio/install.istio.io/v1alpha1/IstioOperator";
import { Service } from "kubernetes-models/v1/Service";
import { parse } from "yaml";
import { parseConfig } from "../../components/config";
import type { IstioSettings } from "../../components/config/types";
import { gatewayServicePorts } from "../../components/istio/gateway-ports";
import { istioOperatorYaml, renderIstioOperator } from "../../components/istio/istio-operator";

const defaults = (): IstioSettings => parseConfig({}).istio;

/**
 * The model checks apiVersion, kind and metadata: upstream's IstioOperator CRD leaves `spec` open.
 * The gateway's Service overlay is a Kubernetes ServiceSpec, so it is checked against that schema.
 */
function validate(operator: ReturnType<typeof renderIstioOperator>): void {
  new IstioOperator(operator).validate();
  for (const gateway of operator.spec.components?.ingressGateways ?? []) {
    const service = gateway.k8s?.service;
    new Service({
      metadata: { name: gateway.name },
      spec: { type: service?.type, ports: service?.ports?.map((p) => ({ ...p })) },
    }).validate();
  }
}

describe("renderIstioOperator", () => {
  test("the image hub is explicit (1.30 defaulted to registry.istio.io, closing in December 2026)", () => {
    expect(renderIstioOperator(defaults()).spec.hub).toBe("docker.io/istio");
    expect(renderIstioOperator(parseConfig({ istioHub: "mirror.local/istio" }).istio).spec.hub).toBe(
      "mirror.local/istio",
    );
  });

  test("defaults: demo profile, the ingress gateway as a LoadBalancer on the fixed nodePorts", () => {
    const operator = renderIstioOperator(defaults());
    validate(operator);
    expect(operator).toEqual({
      apiVersion: "install.istio.io/v1alpha1",
      kind: "IstioOperator",
      metadata: { name: "istio-sandbox", namespace: "istio-system" },
      spec: {
        profile: "demo",
        hub: "docker.io/istio",
        components: {
          ingressGateways: [
            {
              name: "istio-ingressgateway",
              namespace: "istio-system",
              enabled: true,
              k8s: {
                service: {
                  type: "LoadBalancer",
                  ports: [
                    { name: "status-port", port: 15021, targetPort: 15021, protocol: "TCP" },
                    { name: "http2", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 30080 },
                    { name: "https", port: 443, targetPort: 8443, protocol: "TCP", nodePort: 30443 },
                  ],
                },
              },
            },
          ],
        },
      },
    });
  });

  test("overrides: profile, meshConfig, values and nodePorts come from config", () => {
    const settings = parseConfig({
      istioProfile: "minimal",
      meshConfig: { accessLogFile: "/dev/stdout", defaultConfig: { holdApplicationUntilProxyStarts: true } },
      istioValues: {
        pilot: { resources: { requests: { cpu: "50m" } } },
        global: { logging: { level: "default:debug" } },
      },
      httpNodePort: 31080,
      httpsNodePort: 31443,
    }).istio;
    const operator = renderIstioOperator(settings);
    validate(operator);
    expect(operator.spec.profile).toBe("minimal");
    expect(operator.spec.meshConfig).toEqual({
      accessLogFile: "/dev/stdout",
      defaultConfig: { holdApplicationUntilProxyStarts: true },
    });
    expect(operator.spec.values).toEqual({
      pilot: { resources: { requests: { cpu: "50m" } } },
      global: { logging: { level: "default:debug" } },
    });
    const gateway = operator.spec.components?.ingressGateways?.[0];
    // The minimal profile has no ingress gateway of its own; the sandbox always needs one.
    expect(gateway?.enabled).toBe(true);
    expect(gateway?.k8s?.service?.ports?.map((p) => [p.name, p.nodePort])).toEqual([
      ["status-port", undefined],
      ["http2", 31080],
      ["https", 31443],
    ]);
  });

  test("the rendered spec does not share objects with the (frozen) config", () => {
    const settings = parseConfig({ meshConfig: { defaultConfig: { tracing: {} } } }).istio;
    const operator = renderIstioOperator(settings);
    expect(operator.spec.meshConfig).toEqual(settings.meshConfig);
    expect(operator.spec.meshConfig?.defaultConfig).not.toBe(settings.meshConfig.defaultConfig);
  });

  test("a wrong apiVersion fails the model's validation, so the check can fail", () => {
    const operator = { ...renderIstioOperator(defaults()), apiVersion: "install.istio.io/v1" } as never;
    expect(() => new IstioOperator(operator).validate()).toThrow(/apiVersion/);
  });

  test("a nodePort outside the Service schema's type fails validation", () => {
    expect(() =>
      new Service({ spec: { ports: [{ port: 80, nodePort: "30080" as unknown as number }] } }).validate(),
    ).toThrow(/nodePort/);
  });
});

describe("gatewayServicePorts", () => {
  test("keeps status-port first, as upstream does for cloud load balancer health checks", () => {
    expect(gatewayServicePorts({ http: 30080, https: 30443 })[0].name).toBe("status-port");
  });
});

describe("istioOperatorYaml", () => {
  test("round-trips to the same object", () => {
    const operator = renderIstioOperator(defaults());
    expect(parse(istioOperatorYaml(operator))).toEqual(operator);
  });

  test("is stable whatever order config keys were written in", () => {
    const a = parseConfig({ meshConfig: { accessLogFile: "/dev/stdout", enableTracing: true } }).istio;
    const b = parseConfig({ meshConfig: { enableTracing: true, accessLogFile: "/dev/stdout" } }).istio;
    expect(istioOperatorYaml(renderIstioOperator(a))).toBe(istioOperatorYaml(renderIstioOperator(b)));
  });

  test("changes when the spec changes, so the installer re-runs", () => {
    const a = parseConfig({}).istio;
    const b = parseConfig({ httpNodePort: 30081 }).istio;
    expect(istioOperatorYaml(renderIstioOperator(a))).not.toBe(istioOperatorYaml(renderIstioOperator(b)));
  });
});

describe("renderIstioOperator: ambient and the Gateway API", () => {
  test("ambient: the ambient profile with k3d's platform values; the ingress gateway stays", () => {
    const operator = renderIstioOperator(parseConfig({ dataplaneMode: "ambient" }).istio);
    validate(operator);
    expect(operator.spec.profile).toBe("ambient");
    expect(operator.spec.values).toEqual({ global: { platform: "k3d" } });
    expect(operator.spec.components?.ingressGateways?.[0]).toMatchObject({ enabled: true });
  });

  test("gateway-api: the classic ingress gateway is disabled, so its nodePorts stay free", () => {
    const operator = renderIstioOperator(parseConfig({ ingressApi: "gateway-api" }).istio);
    validate(operator);
    expect(operator.spec.components?.ingressGateways).toEqual([
      { name: "istio-ingressgateway", namespace: "istio-system", enabled: false },
    ]);
  });
});
