/** The Gateway API ingress rendered from config, its CRD sources, and the component's wiring under mocks. */
import { parse } from "yaml";
import { parseConfig } from "../../components/config";
import {
  GatewayApiCrds,
  generatedServiceName,
  manifestFiles,
  renderGateway,
  renderHttpRoute,
  renderRedirectRoute,
  type GatewayApiInputs,
} from "../../components/gateway-api";
import { enrolmentLabels, renderWaypoint } from "../../components/ambient";
import { validateKubernetesObjects } from "../apps/validate-models";
import { runUnderMocks } from "../harness/mock-program";
import { fakeCluster } from "../harness/component-fakes";

const inputs = (raw: Record<string, unknown> = {}): GatewayApiInputs => {
  const config = parseConfig({ ingressApi: "gateway-api", ...raw });
  return {
    domain: config.domain,
    namespace: "istio-system",
    settings: config.ingress,
    nodePorts: config.istio.nodePorts,
  };
};
const helloworld = {
  name: "helloworld",
  namespace: "default",
  host: "helloworld.fireflyclass.com",
  service: "helloworld",
  port: 80,
};

describe("the Gateway", () => {
  test("class istio, HTTP and HTTPS listeners for *.<domain> and <domain>, TLS from the credential Secret", () => {
    const gateway = renderGateway(inputs());
    validateKubernetesObjects([gateway]);
    expect(gateway.spec.gatewayClassName).toBe("istio");
    expect(gateway.spec.infrastructure).toEqual({
      parametersRef: { group: "", kind: "ConfigMap", name: "ingress-options" },
    });
    expect(gateway.spec.listeners.map((l) => [l.name, l.hostname, l.port, l.protocol])).toEqual([
      ["http", "*.fireflyclass.com", 80, "HTTP"],
      ["https", "*.fireflyclass.com", 443, "HTTPS"],
      ["http-apex", "fireflyclass.com", 80, "HTTP"],
      ["https-apex", "fireflyclass.com", 443, "HTTPS"],
    ]);
    expect(gateway.spec.listeners[1].tls).toEqual({
      mode: "Terminate",
      certificateRefs: [{ group: "", kind: "Secret", name: "fireflyclass-credential" }],
    });
    expect(generatedServiceName("ingress")).toBe("ingress-istio");
  });

  test("MUTUAL is refused with the Gateway API", () => {
    const settings = { ...inputs().settings, tlsMode: "MUTUAL" as const };
    expect(() => renderGateway({ ...inputs(), settings })).toThrow(
      "tlsMode MUTUAL is not supported with ingressApi gateway-api",
    );
  });
});

describe("HTTPRoutes", () => {
  test("an app's route: its host, both listeners of its Gateway (namespace given), its Service port", () => {
    const route = renderHttpRoute(helloworld, inputs());
    validateKubernetesObjects([route]);
    expect(route.spec).toEqual({
      parentRefs: [
        {
          group: "gateway.networking.k8s.io",
          kind: "Gateway",
          name: "ingress",
          namespace: "istio-system",
          sectionName: "http",
        },
        {
          group: "gateway.networking.k8s.io",
          kind: "Gateway",
          name: "ingress",
          namespace: "istio-system",
          sectionName: "https",
        },
      ],
      hostnames: ["helloworld.fireflyclass.com"],
      rules: [{ backendRefs: [{ name: "helloworld", port: 80 }] }],
    });
  });

  test("the apex host uses the apex listeners; a route in the Gateway's namespace names no namespace", () => {
    const route = renderHttpRoute(
      { ...helloworld, namespace: "istio-system", host: "fireflyclass.com" },
      inputs(),
    );
    expect(route.spec.parentRefs.map((p) => [p.namespace, p.sectionName])).toEqual([
      [undefined, "http-apex"],
      [undefined, "https-apex"],
    ]);
  });

  test("with httpsRedirect: apps on HTTPS only, one redirect route on the HTTP listeners", () => {
    const route = renderHttpRoute(helloworld, inputs({ httpsRedirect: true }));
    expect(route.spec.parentRefs.map((p) => p.sectionName)).toEqual(["https"]);
    const redirect = renderRedirectRoute(inputs({ httpsRedirect: true }));
    validateKubernetesObjects([redirect]);
    expect(redirect.spec.parentRefs.map((p) => p.sectionName)).toEqual(["http", "http-apex"]);
    expect(redirect.spec.rules).toEqual([
      { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
    ]);
  });

  test("a host the listeners do not cover is refused", () => {
    expect(() => renderHttpRoute({ ...helloworld, host: "a.b.fireflyclass.com" }, inputs())).toThrow(
      `host "a.b.fireflyclass.com" is not covered by the Gateway's listeners for fireflyclass.com`,
    );
  });

  test("the schema check can fail: a route with a bad port is rejected", () => {
    const route = renderHttpRoute({ ...helloworld, port: 70000 }, inputs());
    expect(() => validateKubernetesObjects([route])).toThrow("port must be <= 65535");
  });
});

describe("ambient", () => {
  test("enrolment labels per data plane", () => {
    expect(enrolmentLabels({ mode: "sidecar", waypoint: false })).toEqual({ "istio-injection": "enabled" });
    expect(enrolmentLabels({ mode: "ambient", waypoint: false })).toEqual({
      "istio.io/dataplane-mode": "ambient",
    });
    expect(enrolmentLabels({ mode: "ambient", waypoint: true })).toEqual({
      "istio.io/dataplane-mode": "ambient",
      "istio.io/use-waypoint": "waypoint",
    });
    expect(() => enrolmentLabels({ mode: "sidecar", waypoint: true })).toThrow(
      "waypoints belong to ambient mode",
    );
  });

  test("a waypoint is what istioctl waypoint generate writes", () => {
    const waypoint = renderWaypoint("shop");
    validateKubernetesObjects([waypoint]);
    expect(waypoint).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "waypoint", namespace: "shop", labels: { "istio.io/waypoint-for": "service" } },
      spec: {
        gatewayClassName: "istio-waypoint",
        listeners: [{ name: "mesh", port: 15008, protocol: "HBONE" }],
      },
    });
  });
});

describe("CRD sources", () => {
  const stat = (kind: "file" | "dir" | undefined) => () =>
    kind === undefined
      ? undefined
      : ({ isDirectory: () => kind === "dir" } as ReturnType<typeof manifestFiles> & {
          isDirectory(): boolean;
        } as never);

  test("a URL as is, a file as is, a directory as a glob of its yaml files", () => {
    expect(manifestFiles("https://example.com/standard-install.yaml", "gatewayApiCrds")).toEqual([
      "https://example.com/standard-install.yaml",
    ]);
    expect(manifestFiles("/srv/standard-install.yaml", "gatewayApiCrds", stat("file"))).toEqual([
      "/srv/standard-install.yaml",
    ]);
    expect(manifestFiles("/srv/crd/standard", "gatewayApiCrds", stat("dir"))).toEqual([
      "/srv/crd/standard/*.yaml",
    ]);
  });

  test("a missing local path names the key and the fix", () => {
    expect(() => manifestFiles("/nowhere", "gatewayApiCrds", stat(undefined))).toThrow(
      'gatewayApiCrds is "/nowhere", which does not exist. Fix: point it at a yaml file or a directory of yaml files',
    );
  });

  test("k3d mode: the CRDs go with the cluster; existing mode: adopted if present, kept on destroy", async () => {
    const settings = parseConfig({ ingressApi: "gateway-api" }).gatewayApi;
    const k3d = await runUnderMocks(
      () => new GatewayApiCrds("crds", { cluster: fakeCluster("k3d"), settings }),
    );
    const group = k3d.stack.get("kubernetes:yaml/v2:ConfigGroup", "crds-standard");
    expect(group.inputs.files).toEqual([settings.crds]);
    expect(group.deletedWith).toBeDefined();
    const existing = await runUnderMocks(
      () => new GatewayApiCrds("crds", { cluster: fakeCluster("existing"), settings }),
    );
    const adopting = existing.stack.get("pulumi:providers:kubernetes", "crds-adopting");
    // Provider inputs travel as text.
    expect(adopting.inputs.upsertExistingObjects).toBe("true");
    const kept = existing.stack.get("kubernetes:yaml/v2:ConfigGroup", "crds-standard");
    expect(kept.provider).toContain("crds-adopting");
    expect(kept.deletedWith).toBeUndefined();
    expect(kept.retainOnDelete).toBe(true);
    expect(group.retainOnDelete).toBe(false);
  });
});

test("the parametersRef ConfigMap pins the generated Service's nodePorts by port", async () => {
  const { renderGatewayParameters } = await import("../../components/gateway-api");
  const parameters = renderGatewayParameters(inputs({ httpNodePort: 31080 }));
  validateKubernetesObjects([{ apiVersion: "v1", kind: "ConfigMap", ...parameters }]);
  expect(parse(parameters.data.service)).toEqual({
    spec: {
      type: "LoadBalancer",
      ports: [
        { port: 80, nodePort: 31080 },
        { port: 443, nodePort: 30443 },
      ],
    },
  });
});
