import { parseConfig } from "../../components/config";
import { istioHelmValues, ISTIO_CHARTS } from "../../components/istio/helm-values";
import { deepMerge } from "../../components/istio/merge";

describe("istioHelmValues", () => {
  test("defaults: demo profile for istiod, nothing for base, the LoadBalancer gateway", () => {
    expect(istioHelmValues(parseConfig({}).istio)).toEqual({
      base: {},
      istiod: { profile: "demo", global: { hub: "docker.io/istio" } },
      gateway: {
        service: {
          type: "LoadBalancer",
          ports: [
            { name: "status-port", port: 15021, targetPort: 15021, protocol: "TCP" },
            { name: "http2", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 30080 },
            { name: "https", port: 443, targetPort: 8443, protocol: "TCP", nodePort: 30443 },
          ],
        },
      },
    });
  });

  test("meshConfig merges over a meshConfig given inside values, key by key", () => {
    const settings = parseConfig({
      istioValues: {
        meshConfig: { accessLogFile: "/dev/null", enableTracing: true },
        global: { hub: "mirror.local/istio" },
      },
      meshConfig: { accessLogFile: "/dev/stdout" },
    }).istio;
    expect(istioHelmValues(settings).istiod).toEqual({
      profile: "demo",
      meshConfig: { accessLogFile: "/dev/stdout", enableTracing: true },
      global: { hub: "mirror.local/istio" },
    });
  });

  test("the profile from config wins over one smuggled into values", () => {
    const settings = parseConfig({ istioProfile: "demo", istioValues: { profile: "ambient" } }).istio;
    expect(istioHelmValues(settings).istiod.profile).toBe("demo");
  });

  test.each(["default", "minimal"] as const)(
    "profile %s is not passed to the istiod chart, which ships no such profile and would fail",
    (profile) => {
      const settings = parseConfig({ istioProfile: profile, istioValues: { profile: "ambient" } }).istio;
      expect(istioHelmValues(settings).istiod).not.toHaveProperty("profile");
    },
  );

  test("the image hub is explicit, docker.io/istio unless istioHub names a mirror", () => {
    expect(istioHelmValues(parseConfig({}).istio).istiod.global).toEqual({ hub: "docker.io/istio" });
    const mirror = parseConfig({ istioHub: "mirror.local:5000/istio" }).istio;
    expect(istioHelmValues(mirror).istiod.global).toEqual({ hub: "mirror.local:5000/istio" });
  });

  test("the gateway release is named so its pods carry istio: ingressgateway", () => {
    // The chart labels pods `istio: <release name without the "istio-" prefix>`.
    expect(ISTIO_CHARTS.gateway.release.replace(/^istio-/, "")).toBe("ingressgateway");
  });
});

describe("deepMerge", () => {
  test("maps merge, lists and scalars are replaced, inputs are untouched", () => {
    const base = Object.freeze({ a: Object.freeze({ b: 1, c: [1, 2] }), d: "x" });
    const merged = deepMerge(base, { a: { c: [3] }, e: null });
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: "x", e: null });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: "x" });
  });
});

describe("ambient and the Gateway API", () => {
  test("ambient: istiod and the cni and ztunnel charts get the ambient profile and k3d's platform", () => {
    const values = istioHelmValues(parseConfig({ dataplaneMode: "ambient" }).istio);
    const global = { hub: "docker.io/istio", platform: "k3d" };
    expect(values.istiod).toEqual({ profile: "ambient", global });
    expect(values.ambient).toEqual({
      cni: { profile: "ambient", global },
      ztunnel: { profile: "ambient", global },
    });
    expect(ISTIO_CHARTS.cni).toEqual({ chart: "cni", release: "istio-cni" });
    expect(ISTIO_CHARTS.ztunnel).toEqual({ chart: "ztunnel", release: "ztunnel" });
  });

  test("an existing cluster's platform reaches every chart; the user's values still win", () => {
    const istio = parseConfig({
      mode: "existing",
      kubeconfig: "/k",
      dataplaneMode: "ambient",
      istioPlatform: "gke",
      istioValues: { global: { platform: "openshift", hub: "mirror.example.com/istio" } },
    }).istio;
    const values = istioHelmValues(istio);
    expect(values.istiod.global).toEqual({ platform: "openshift", hub: "mirror.example.com/istio" });
    expect(values.ambient?.cni).toEqual({
      profile: "ambient",
      global: { hub: "docker.io/istio", platform: "gke" },
    });
  });

  test("sidecar mode has no node agents", () => {
    expect(istioHelmValues(parseConfig({ ingressApi: "gateway-api" }).istio).ambient).toBeUndefined();
  });
});
