import { unknownCheckingProxy } from "../../policies/lib/preview-proxy";
import { certificateCovers, hostsIntersect, isUnderDomain, splitGatewayHost } from "../../policies/lib/hosts";
import { workloadsFromIstioOperator } from "../../policies/lib/install";
import { destinationNamespace, resolveGatewayRef } from "../../policies/lib/istio";
import { injectionState } from "../../policies/lib/namespaces";
import { k8sKind } from "../../policies/lib/stack";
import { toPlain, UNKNOWN } from "../../policies/lib/values";
import { PREVIEW_UNKNOWN } from "../../policies/testing/run-pack";

describe("values", () => {
  it("copies proxied properties and marks unknown values instead of throwing", () => {
    const proxied = unknownCheckingProxy({ a: { b: PREVIEW_UNKNOWN, c: [1, PREVIEW_UNKNOWN] }, d: "x" });
    expect(toPlain(proxied)).toEqual({ a: { b: UNKNOWN, c: [1, UNKNOWN] }, d: "x" });
  });
});

describe("hosts", () => {
  it("matches Istio wildcards in either direction", () => {
    expect(hostsIntersect("*", "a.example.com")).toBe(true);
    expect(hostsIntersect("*.example.com", "a.b.example.com")).toBe(true);
    expect(hostsIntersect("a.example.com", "*.example.com")).toBe(true);
    expect(hostsIntersect("*.example.com", "example.com")).toBe(false);
    expect(hostsIntersect("a.example.com", "b.example.com")).toBe(false);
  });

  it("covers one label per certificate wildcard", () => {
    expect(certificateCovers("*.example.com", "a.example.com")).toBe(true);
    expect(certificateCovers("*.example.com", "a.b.example.com")).toBe(false);
    expect(certificateCovers("*.example.com", "example.com")).toBe(false);
    expect(certificateCovers("Example.com", "example.com")).toBe(true);
    expect(isUnderDomain("a.b.example.com", "example.com")).toBe(true);
    expect(isUnderDomain("example.org", "example.com")).toBe(false);
  });

  it("splits a Gateway host's namespace part", () => {
    expect(splitGatewayHost("default/*.example.com")).toEqual({
      namespace: "default",
      dnsName: "*.example.com",
    });
    expect(splitGatewayHost("*.example.com")).toEqual({ namespace: "*", dnsName: "*.example.com" });
  });
});

describe("Istio references", () => {
  it("resolves a bare gateway name to the VirtualService's namespace", () => {
    expect(resolveGatewayRef("ingressgateway", "default")).toEqual({
      namespace: "default",
      name: "ingressgateway",
    });
    expect(resolveGatewayRef("istio-system/ingressgateway", "default")).toEqual({
      namespace: "istio-system",
      name: "ingressgateway",
    });
  });

  it("reads the namespace of a destination host", () => {
    expect(destinationNamespace("web", "apps")).toEqual({ service: "web", namespace: "apps" });
    expect(destinationNamespace("web.shop", "apps")).toEqual({ service: "web", namespace: "shop" });
    expect(destinationNamespace("web.shop.svc.cluster.local", "apps")).toEqual({
      service: "web",
      namespace: "shop",
    });
    expect(destinationNamespace("api.example.com", "apps")).toBeUndefined();
  });

  it("reads a Kubernetes kind from a Pulumi type token", () => {
    expect(k8sKind("kubernetes:networking.istio.io/v1beta1:Gateway")).toEqual({
      group: "networking.istio.io",
      version: "v1beta1",
      kind: "Gateway",
    });
    expect(k8sKind("kubernetes:core/v1:Secret")?.kind).toBe("Secret");
    expect(k8sKind("tls:index/privateKey:PrivateKey")).toBeUndefined();
  });

  it("classifies injection labels", () => {
    expect(injectionState({ "istio-injection": "enabled" })).toBe("enabled");
    expect(injectionState({ "istio.io/rev": "stable" })).toBe("enabled");
    expect(injectionState({ "istio-injection": "disabled" })).toBe("disabled");
    expect(injectionState({})).toBe("unlabelled");
    expect(injectionState({ "istio-injection": "enabled", "istio.io/rev": "stable" })).toBe("conflicting");
  });

  it("reads gateway workloads from an IstioOperator, defaulting when it cannot", () => {
    const defaults = [
      {
        name: "istio-ingressgateway",
        namespace: "istio-system",
        labels: { istio: "ingressgateway", app: "istio-ingressgateway" },
      },
    ];
    expect(workloadsFromIstioOperator(undefined)).toEqual(defaults);
    expect(workloadsFromIstioOperator("spec: [unclosed")).toEqual(defaults);
    expect(workloadsFromIstioOperator("spec:\n  profile: demo\n")).toEqual(defaults);
    expect(
      workloadsFromIstioOperator(
        "spec:\n  components:\n    ingressGateways:\n      - name: a\n        enabled: false\n      - name: b\n        namespace: edge\n",
      ),
    ).toEqual([{ name: "b", namespace: "edge", labels: defaults[0].labels }]);
  });
});
