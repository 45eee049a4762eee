/**
 * Every combination of ingress API (istio | gateway-api) and data plane (sidecar | ambient), with and
 * without the add-ons, runs the whole program under mocks; every object it declares is checked
 * against the upstream schemas, and each combination declares what its choices promise.
 */
import * as path from "node:path";
import { parse } from "yaml";
import { validateKubernetesObjects, isKubernetesType } from "../apps/validate-models";
import { type MockStack, resolve } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { runSandbox } from "./run-sandbox";

const ALL_ADDONS = ["prometheus", "grafana", "kiali", "jaeger"];
const T = {
  gatewayApiGateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
  httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
  istioGateway: "kubernetes:networking.istio.io/v1:Gateway",
  virtualService: "kubernetes:networking.istio.io/v1:VirtualService",
  telemetry: "kubernetes:telemetry.istio.io/v1:Telemetry",
  configMap: "kubernetes:core/v1:ConfigMap",
  configFile: "kubernetes:yaml/v2:ConfigFile",
  configGroup: "kubernetes:yaml/v2:ConfigGroup",
  namespacePatch: "kubernetes:core/v1:NamespacePatch",
  release: "kubernetes:helm.sh/v3:Release",
};

/** Kubernetes objects with an upstream schema model (MetalLB's are typed instead; a Helm release is no object). */
function objects(stack: MockStack): Record<string, any>[] {
  return stack.resources
    .filter(
      (r) =>
        isKubernetesType(r.type) && r.custom && !r.type.includes("metallb.io") && !r.type.includes("helm.sh"),
    )
    .map((r) => (r.type.endsWith("Patch") ? { ...r.inputs, apiVersion: "v1", kind: "Namespace" } : r.inputs));
}

const combinations = (["istio", "gateway-api"] as const).flatMap((ingressApi) =>
  (["sidecar", "ambient"] as const).flatMap((dataplaneMode) =>
    [false, true].map((withAddons) => ({
      ingressApi,
      dataplaneMode,
      withAddons,
      config: {
        ...stackConfig("Pulumi.dev.yaml"),
        ingressApi,
        dataplaneMode,
        // Waypoints ride along with the add-ons in ambient mode, so both ambient shapes are covered.
        waypoint: dataplaneMode === "ambient" && withAddons,
        addons: withAddons ? ALL_ADDONS : [],
      },
    })),
  ),
);

describe.each(combinations)(
  "ingressApi $ingressApi, dataplaneMode $dataplaneMode, add-ons $withAddons",
  (combo) => {
    let stack: MockStack;
    let outputs: Awaited<ReturnType<typeof runSandbox>>["outputs"];
    beforeAll(async () => {
      ({ stack, outputs } = await runSandbox(combo.config));
    });

    test("every declared object passes its upstream schema", () => {
      const all = objects(stack);
      expect(all.length).toBeGreaterThan(5);
      expect(() => validateKubernetesObjects(all)).not.toThrow();
    });

    test("ingress: the chosen API's objects, and none of the other's", () => {
      const routed = ["helloworld", ...(combo.withAddons ? ALL_ADDONS : [])];
      if (combo.ingressApi === "istio") {
        expect(stack.ofType(T.istioGateway)).toHaveLength(2);
        expect(
          stack
            .ofType(T.virtualService)
            .map((r) => r.inputs.metadata.name)
            .sort(),
        ).toEqual([...routed].sort());
        expect(stack.ofType(T.httpRoute)).toHaveLength(0);
        expect(
          stack.ofType(T.gatewayApiGateway).filter((r) => r.inputs.spec.gatewayClassName === "istio"),
        ).toHaveLength(0);
      } else {
        const gateway = stack
          .ofType(T.gatewayApiGateway)
          .filter((r) => r.inputs.spec.gatewayClassName === "istio");
        expect(gateway).toHaveLength(1);
        expect(
          stack
            .ofType(T.httpRoute)
            .map((r) => r.inputs.metadata.name)
            .sort(),
        ).toEqual([...routed].sort());
        expect(stack.ofType(T.istioGateway)).toHaveLength(0);
        expect(stack.ofType(T.virtualService)).toHaveLength(0);
        const options = stack.ofType(T.configMap).find((r) => r.inputs.metadata.name === "ingress-options");
        expect(parse(options?.inputs.data.service)).toEqual({
          spec: {
            type: "LoadBalancer",
            ports: [
              { port: 80, nodePort: 30080 },
              { port: 443, nodePort: 30443 },
            ],
          },
        });
      }
    });

    test("data plane: namespace enrolment, and waypoints only where asked", () => {
      const label = stack.ofType(T.namespacePatch).find((r) => r.inputs.metadata.name === "default");
      const waypoints = stack
        .ofType(T.gatewayApiGateway)
        .filter((r) => r.inputs.spec.gatewayClassName === "istio-waypoint");
      if (combo.dataplaneMode === "sidecar") {
        expect(label?.inputs.metadata.labels).toEqual({ "istio-injection": "enabled" });
        expect(waypoints).toHaveLength(0);
      } else {
        const expected: Record<string, string> = { "istio.io/dataplane-mode": "ambient" };
        if (combo.withAddons) expected["istio.io/use-waypoint"] = "waypoint";
        expect(label?.inputs.metadata.labels).toEqual(expected);
        expect(waypoints.map((w) => `${w.inputs.metadata.namespace}/${w.inputs.metadata.name}`)).toEqual(
          combo.withAddons ? ["default/waypoint"] : [],
        );
      }
    });

    test("add-ons: each manifest after Istio and gone with the cluster, each UI in the outputs", async () => {
      const manifests = [...stack.ofType(T.configFile), ...stack.ofType(T.configGroup)].filter((r) =>
        r.name.startsWith("addons-"),
      );
      expect(manifests.map((r) => r.name).sort()).toEqual(
        combo.withAddons ? ALL_ADDONS.map((a) => `addons-${a}`).sort() : [],
      );
      const cluster = stack.get("command:local:Command", "sandbox-k3d");
      const istio = stack.get("command:local:Command", "istio-istioctl");
      for (const manifest of manifests) {
        expect(manifest.deletedWith).toBe(cluster.urn);
        expect(stack.dependenciesOf(manifest)).toContain(istio.urn);
      }
      expect(stack.ofType(T.telemetry)).toHaveLength(combo.withAddons ? 1 : 0);
      const addons = (await resolve(outputs.addons)).value;
      expect(addons.map((a) => a.name)).toEqual(combo.withAddons ? ALL_ADDONS : []);
      const kiali = addons.find((a) => a.name === "kiali");
      if (combo.withAddons) {
        expect(kiali?.urls).toEqual({
          https: "https://kiali.fireflyclass.com/kiali",
          localHttps: "https://kiali.fireflyclass.com/kiali",
        });
        expect(kiali?.curl).toBe(
          "curl -sSL -o /dev/null -w '%{http_code}\\n' --resolve kiali.fireflyclass.com:443:127.0.0.1 --cacert ca.crt https://kiali.fireflyclass.com/kiali",
        );
        const steps = (await resolve(outputs.nextSteps)).value;
        expect(steps).toContain("kiali: https://kiali.fireflyclass.com/kiali");
        expect(steps).toContain("jaeger: https://jaeger.fireflyclass.com/jaeger");
      }
      expect((await resolve(outputs.dataplaneMode)).value).toBe(combo.dataplaneMode);
      expect((await resolve(outputs.ingressApi)).value).toBe(combo.ingressApi);
    });
  },
);

describe("ordering with the Gateway API", () => {
  test("the Gateway waits for the CRDs, Istio, its ConfigMap and Secret; routes and waypoints wait for what they need", async () => {
    const { stack } = await runSandbox({
      ...stackConfig("Pulumi.dev.yaml"),
      ingressApi: "gateway-api",
      dataplaneMode: "ambient",
      waypoint: true,
      addons: ALL_ADDONS,
    });
    const urn = (type: string, name: string) => stack.get(type, name).urn;
    const crds = urn(T.configGroup, "gateway-api-crds-standard");
    const istio = urn("command:local:Command", "istio-istioctl");
    const gateway = stack.get(T.gatewayApiGateway, "ingress-gateway");
    expect([...stack.dependenciesOf(gateway)]).toEqual(
      expect.arrayContaining([
        crds,
        istio,
        urn(T.configMap, "ingress-gateway-options"),
        urn("kubernetes:core/v1:Secret", "ingress-credential"),
      ]),
    );
    for (const route of stack.ofType(T.httpRoute)) {
      expect([...stack.dependenciesOf(route)]).toEqual(expect.arrayContaining([crds, istio, gateway.urn]));
    }
    const waypoint = stack.get(T.gatewayApiGateway, "waypoints-default");
    expect([...stack.dependenciesOf(waypoint)]).toEqual(
      expect.arrayContaining([crds, istio, urn(T.namespacePatch, "mesh-default")]),
    );
    // The address probe watches the Service istiod generates for the Gateway.
    const probe = stack.get("command:local:Command", "ingress-address-probe");
    expect(probe.inputs.environment.SERVICE_NAME).toBe("ingress-istio");
    expect(stack.dependenciesOf(probe)).toContain(gateway.urn);
  });
});

describe("remote sources reach the provider as local copies", () => {
  test("the add-on manifests and the Gateway API CRDs are read from the user's cache, never from a URL", async () => {
    const { stack } = await runSandbox({
      ...stackConfig("Pulumi.dev.yaml"),
      ingressApi: "gateway-api",
      addons: ALL_ADDONS,
    });
    const cache = path.join(process.env.XDG_CACHE_HOME ?? "", "istio-sandbox/sources");
    const files = [
      ...stack.ofType(T.configFile).map((r) => r.inputs.file as string),
      ...(stack.get(T.configGroup, "gateway-api-crds-standard").inputs.files as string[]),
    ];
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      "grafana.yaml",
      "jaeger.yaml",
      "prometheus.yaml",
      "standard-install.yaml",
    ]);
    for (const file of files) expect(path.relative(cache, file)).toMatch(/^[^./][^/]*\/[^/]+\.yaml$/);
  });
});
