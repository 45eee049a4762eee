import {
  appLabels,
  imageVersion,
  renderDeployment,
  renderService,
  renderVirtualService,
  serviceFqdn,
} from "../../components/apps/render";
import { parseConfig } from "../../components/config";
import type { AppSettings } from "../../components/config/types";
import { validateKubernetesObject } from "./validate-models";

const helloworld = parseConfig({}).apps[0];
const gateways = { http: "istio-system/ingressgateway", https: "istio-system/ingressgateway-tls" };
const app = (overrides: Partial<AppSettings> = {}): AppSettings => ({ ...helloworld, ...overrides });

describe("app rendering", () => {
  test("the dev stack's app is the walkthrough's helloworld", () => {
    expect(helloworld).toEqual({
      name: "helloworld",
      image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0",
      namespace: "default",
      replicas: 1,
      port: 80,
      targetPort: 8080,
      host: "helloworld.fireflyclass.com",
    });
  });

  test("Deployment: labels app/version, 1 replica, container port 8080, readiness probe, resource requests", () => {
    const deployment = renderDeployment(helloworld);
    expect(deployment.metadata).toEqual({
      name: "helloworld",
      namespace: "default",
      labels: { app: "helloworld", version: "1.0" },
    });
    const spec = deployment.spec as any;
    expect(spec.replicas).toBe(1);
    expect(spec.selector).toEqual({ matchLabels: { app: "helloworld" } });
    expect(spec.template.metadata.labels).toEqual({ app: "helloworld", version: "1.0" });
    const [container] = spec.template.spec.containers;
    expect(container.image).toBe("us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0");
    expect(container.ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: "/", port: 8080 });
    expect(container.resources.requests).toEqual({ cpu: "10m", memory: "32Mi" });
    validateKubernetesObject(deployment as Record<string, any>);
  });

  test("Service: named port http, 80 to 8080, selecting the app", () => {
    const service = renderService(helloworld);
    expect(service.metadata).toMatchObject({ name: "helloworld", namespace: "default" });
    expect(service.spec).toEqual({
      selector: { app: "helloworld" },
      ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
    });
    validateKubernetesObject(service as Record<string, any>);
  });

  test("VirtualService: both Gateways namespace-qualified, host helloworld.fireflyclass.com, route to the Service FQDN", () => {
    const vs = renderVirtualService(helloworld, gateways);
    expect(vs).toEqual({
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: "helloworld", namespace: "default" },
      spec: {
        hosts: ["helloworld.fireflyclass.com"],
        gateways: ["istio-system/ingressgateway", "istio-system/ingressgateway-tls"],
        http: [
          {
            name: "helloworld",
            route: [{ destination: { host: "helloworld.default.svc.cluster.local", port: { number: 80 } } }],
          },
        ],
      },
    });
    validateKubernetesObject(vs);
  });

  test("another app in another namespace routes to its own FQDN and port", () => {
    const shop = app({
      name: "shop",
      namespace: "store",
      port: 8080,
      targetPort: 3000,
      host: "shop.fireflyclass.com",
      replicas: 3,
    });
    const vs = renderVirtualService(shop, gateways);
    expect(vs.metadata).toEqual({ name: "shop", namespace: "store" });
    expect(vs.spec.http[0].route[0].destination).toEqual({
      host: "shop.store.svc.cluster.local",
      port: { number: 8080 },
    });
    expect((renderDeployment(shop).spec as any).replicas).toBe(3);
    expect((renderService(shop).spec as any).ports[0]).toMatchObject({ port: 8080, targetPort: 3000 });
  });

  test("a bare Gateway name is refused: it would resolve in the app's namespace (the walkthrough's 404)", () => {
    expect(() => renderVirtualService(helloworld, { ...gateways, http: "ingressgateway" })).toThrow(
      'gateway reference "ingressgateway" must be namespace-qualified, such as istio-system/ingressgateway',
    );
  });

  test.each([
    [{ port: 0 }, 'app "helloworld": port must be a whole number from 1 to 65535 (got 0)'],
    [
      { targetPort: 70000 },
      'app "helloworld": targetPort must be a whole number from 1 to 65535 (got 70000)',
    ],
    [{ replicas: 0 }, 'app "helloworld": replicas must be a whole number from 1 to 10 (got 0)'],
  ])("bad numbers are refused: %p", (overrides, message) => {
    expect(() => renderDeployment(app(overrides))).toThrow(message);
    expect(() => renderService(app(overrides))).toThrow(message);
  });

  test("the Service FQDN", () => {
    expect(serviceFqdn("helloworld", "default")).toBe("helloworld.default.svc.cluster.local");
  });

  test.each([
    ["us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0", "1.0"],
    ["localhost:5000/shop:v2.3.1", "v2.3.1"],
    ["localhost:5000/shop", "unversioned"],
    ["nginx", "unversioned"],
    ["nginx:1.27@sha256:abcdef", "1.27"],
    ["nginx@sha256:abcdef", "unversioned"],
    ["nginx:-weird-", "unversioned"],
  ])("version label of %s is %s", (image, version) => {
    expect(imageVersion(image)).toBe(version);
    expect(appLabels({ name: "x", image })).toEqual({ app: "x", version });
  });
});
