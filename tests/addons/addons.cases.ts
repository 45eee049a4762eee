/** The add-ons: Kiali's configuration, their routes, tracing, stack outputs, and the component under mocks. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import {
  Addons,
  addonManifest,
  addonRouteTargets,
  configureKialiManifest,
  kialiExternalServices,
  addonManifestLocator,
  readManifestText,
  renderAddonVirtualService,
  renderTracingTelemetry,
} from "../../components/addons";
import { parseConfig } from "../../components/config";
import { addonEndpoints, nextSteps } from "../../components/outputs";
import { validateKubernetesObjects } from "../apps/validate-models";
import { fakeCluster } from "../harness/component-fakes";
import { runUnderMocks } from "../harness/mock-program";
import { emptyCacheDir, startSourceServer } from "../harness/source-server";

const FIXTURE_DIR = path.join(__dirname, "../fixtures/addons");
const KIALI = fs.readFileSync(path.join(FIXTURE_DIR, "kiali.yaml"), "utf8");
const ALL = ["prometheus", "grafana", "kiali", "jaeger"] as const;

describe("Kiali reads Prometheus, Jaeger and Grafana", () => {
  test("external_services for the enabled add-ons, with in-cluster and ingress URLs", () => {
    expect(kialiExternalServices(ALL, "fireflyclass.com")).toEqual({
      prometheus: { url: "http://prometheus.istio-system:9090" },
      tracing: {
        enabled: true,
        provider: "jaeger",
        use_grpc: true,
        internal_url: "http://tracing.istio-system:16685/jaeger",
        external_url: "https://jaeger.fireflyclass.com/jaeger",
      },
      grafana: {
        enabled: true,
        internal_url: "http://grafana.istio-system:3000",
        external_url: "https://grafana.fireflyclass.com",
      },
    });
    expect(kialiExternalServices(["kiali"], "fireflyclass.com")).toEqual({});
  });

  test("only the kiali ConfigMap's config.yaml changes; the rest of the manifest stays", () => {
    const configured = configureKialiManifest(KIALI, kialiExternalServices(ALL, "fireflyclass.com"));
    const docs = parseAllDocuments(configured).map((d) => d.toJS() as Record<string, any>);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      "ServiceAccount/kiali",
      "ConfigMap/kiali",
    ]);
    const config = parse(docs[1].data["config.yaml"] as string);
    expect(config.external_services.tracing.enabled).toBe(true);
    expect(config.external_services.istio).toEqual({ root_namespace: "istio-system" });
    expect(config.server).toEqual({ port: 20001, web_root: "/kiali" });
    validateKubernetesObjects([docs[1]]);
  });

  test("a manifest without Kiali's ConfigMap is refused with the fix", () => {
    expect(() =>
      configureKialiManifest("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: kiali\n", {}),
    ).toThrow(
      "the Kiali manifest has no ConfigMap named kiali with a config.yaml key. Fix: point addonsSource at Istio's samples/addons",
    );
  });
});

describe("routes, tracing and outputs", () => {
  test("each UI at <addon>.<domain> to its Service; a VirtualService on both Gateways", () => {
    const targets = addonRouteTargets(ALL, "fireflyclass.com");
    expect(targets.map((t) => `${t.host} -> ${t.service}:${t.port}`)).toEqual([
      "prometheus.fireflyclass.com -> prometheus:9090",
      "grafana.fireflyclass.com -> grafana:3000",
      "kiali.fireflyclass.com -> kiali:20001",
      "jaeger.fireflyclass.com -> tracing:80",
    ]);
    const vs = renderAddonVirtualService(targets[2], {
      http: "istio-system/ingressgateway",
      https: "istio-system/ingressgateway-tls",
    });
    validateKubernetesObjects([vs, renderTracingTelemetry("istio-system")]);
    expect(vs.spec.http[0].route[0].destination).toEqual({
      host: "kiali.istio-system.svc.cluster.local",
      port: { number: 20001 },
    });
  });

  test("manifests come from <source>/<addon>.yaml, pinned to the Istio release by default", () => {
    const config = parseConfig({ addons: ["grafana"] });
    expect(addonManifest(config.addons.source, "grafana")).toBe(
      `https://raw.githubusercontent.com/istio/istio/${config.istio.version}/samples/addons/grafana.yaml`,
    );
  });

  test("stack outputs and next steps: each UI's URL and a curl that needs no /etc/hosts entry", () => {
    const ingress = {
      address: "172.18.255.200",
      localHttpPort: 8080,
      localHttpsPort: 8443,
      tlsMode: "SIMPLE" as const,
      httpsRedirect: false,
    };
    const [jaeger] = addonEndpoints(["jaeger"], "fireflyclass.com", ingress);
    expect(jaeger).toEqual({
      name: "jaeger",
      host: "jaeger.fireflyclass.com",
      path: "/jaeger",
      purpose: "distributed traces of each request",
      urls: {
        https: "https://jaeger.fireflyclass.com/jaeger",
        localHttps: "https://jaeger.fireflyclass.com:8443/jaeger",
      },
      curl: "curl -sSL -o /dev/null -w '%{http_code}\\n' --resolve jaeger.fireflyclass.com:8443:127.0.0.1 --cacert ca.crt https://jaeger.fireflyclass.com:8443/jaeger",
    });
    const app = addonEndpoints(["kiali"], "fireflyclass.com", ingress)[0];
    const text = nextSteps({
      apps: [
        {
          name: "helloworld",
          namespace: "default",
          host: "helloworld.fireflyclass.com",
          urls: {},
          curl: { http: "curl http", https: "curl https", httpsWithoutCa: "curl plain" },
        },
      ],
      ingress: { ...ingress, namespace: "istio-system" },
      mtlsMode: "STRICT",
      gatewayService: "ingress-istio",
      addons: [jaeger, app],
      dataplaneMode: "ambient",
    });
    expect(text).toContain("3. Open the dashboards");
    expect(text).toContain(
      "   jaeger: https://jaeger.fireflyclass.com:8443/jaeger   # distributed traces of each request",
    );
    expect(text).toContain(
      "4. Run the acceptance checks (HTTP, HTTPS with and without the CA, ambient enrolment (ztunnel, no sidecars), STRICT mTLS, dashboards):",
    );
  });
});

describe("locating a manifest", () => {
  test("a local file as it is, and a missing one with the key and the fix", async () => {
    const locate = addonManifestLocator("1.31.1");
    expect(await locate(path.join(FIXTURE_DIR, "kiali.yaml"))).toBe(path.join(FIXTURE_DIR, "kiali.yaml"));
    expect(await readManifestText(path.join(FIXTURE_DIR, "kiali.yaml"))).toBe(KIALI);
    await expect(locate("/nowhere/kiali.yaml")).rejects.toThrow(
      "istio-sandbox:addonsSource: could not read /nowhere/kiali.yaml (ENOENT). Fix: point addonsSource at a directory holding kiali.yaml (Istio's samples/addons of release 1.31.1)",
    );
  });

  test("a failed download names addonsSource and a local copy of the release as the fix", async () => {
    const cache = emptyCacheDir();
    const fetch = jest.fn(() => Promise.reject(new TypeError("fetch failed")));
    try {
      await expect(
        addonManifestLocator("1.31.1", { dir: cache.dir, fetch })(
          "https://raw.githubusercontent.com/istio/istio/1.31.1/samples/addons/kiali.yaml",
        ),
      ).rejects.toThrow(
        `istio-sandbox:addonsSource: could not download https://raw.githubusercontent.com/istio/istio/1.31.1/samples/addons/kiali.yaml (fetch failed), and no copy of it is cached in ${cache.dir} yet. Fix: run once with network access (the copy is then kept for offline use), or set istio-sandbox:addonsSource to a local copy of Istio's samples/addons, or a mirror of it (pulumi config set addonsSource /path/to/istio-1.31.1/samples/addons)`,
      );
    } finally {
      cache.remove();
    }
  });
});

describe("the Addons component", () => {
  const settings = (raw: Record<string, unknown> = {}) =>
    parseConfig({ addons: [...ALL], addonsSource: FIXTURE_DIR, ...raw }).addons;
  const istio = () => ({
    namespace: "istio-system",
    gatewayLabels: { istio: "ingressgateway" },
    gatewayServiceName: "istio-ingressgateway",
    ready: [],
  });

  test("istio mode: one manifest per add-on (Kiali's configured), VirtualServices, the Telemetry", async () => {
    const locate = jest.fn((location: string) => Promise.resolve(location));
    const { stack } = await runUnderMocks(
      () =>
        new Addons("addons", {
          cluster: fakeCluster("k3d"),
          istio: istio(),
          domain: "fireflyclass.com",
          settings: settings(),
          gateways: { http: "istio-system/ingressgateway", https: "istio-system/ingressgateway-tls" },
          locateManifest: locate,
        }),
    );
    expect(locate.mock.calls.map(([location]) => location)).toEqual(
      ALL.map((a) => path.join(FIXTURE_DIR, `${a}.yaml`)),
    );
    expect(stack.ofType("kubernetes:yaml/v2:ConfigFile").map((r) => r.inputs.file)).toEqual(
      ["prometheus", "grafana", "jaeger"].map((a) => path.join(FIXTURE_DIR, `${a}.yaml`)),
    );
    const kiali = stack.get("kubernetes:yaml/v2:ConfigGroup", "addons-kiali");
    expect(kiali.inputs.yaml).toContain("provider: jaeger");
    expect(stack.ofType("kubernetes:networking.istio.io/v1:VirtualService")).toHaveLength(4);
    expect(stack.ofType("kubernetes:telemetry.istio.io/v1:Telemetry")).toHaveLength(1);
  });

  test("a URL source: the first run downloads each manifest into the cache, the next runs with the server stopped", async () => {
    const files = Object.fromEntries(
      ALL.map((a) => [
        `/istio/1.31.1/samples/addons/${a}.yaml`,
        fs.readFileSync(path.join(FIXTURE_DIR, `${a}.yaml`), "utf8"),
      ]),
    );
    const server = await startSourceServer(files);
    const cache = emptyCacheDir();
    const run = () =>
      runUnderMocks(
        () =>
          new Addons("addons", {
            cluster: fakeCluster("k3d"),
            istio: istio(),
            domain: "fireflyclass.com",
            settings: settings({ addonsSource: server.url("/istio/1.31.1/samples/addons") }),
            locateManifest: addonManifestLocator("1.31.1", { dir: cache.dir }),
          }),
      );
    try {
      const online = (await run()).stack;
      expect([...server.requests].sort()).toEqual(Object.keys(files).sort());
      const manifests = online.ofType("kubernetes:yaml/v2:ConfigFile").map((r) => r.inputs.file as string);
      // Each ConfigFile registers once its download resolves, so their order is the network's.
      expect(manifests.map((file) => path.basename(file)).sort()).toEqual([
        "grafana.yaml",
        "jaeger.yaml",
        "prometheus.yaml",
      ]);
      // The provider is handed the cached copies, never a URL to download.
      for (const file of manifests) expect(file.startsWith(cache.dir)).toBe(true);

      await server.stop();
      const offline = (await run()).stack;
      expect(
        offline
          .ofType("kubernetes:yaml/v2:ConfigFile")
          .map((r) => r.inputs.file as string)
          .sort(),
      ).toEqual([...manifests].sort());
      expect(offline.get("kubernetes:yaml/v2:ConfigGroup", "addons-kiali").inputs.yaml).toBe(
        online.get("kubernetes:yaml/v2:ConfigGroup", "addons-kiali").inputs.yaml,
      );
      expect(server.requests).toHaveLength(ALL.length);
    } finally {
      await server.stop();
      cache.remove();
    }
  });

  test("gateway-api mode: no VirtualServices (the Gateway's HTTPRoutes route the UIs); no Jaeger, no Telemetry", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new Addons("addons", {
          cluster: fakeCluster("k3d"),
          istio: istio(),
          domain: "fireflyclass.com",
          settings: settings({ addons: ["prometheus"] }),
        }),
    );
    expect(stack.ofType("kubernetes:networking.istio.io/v1:VirtualService")).toHaveLength(0);
    expect(stack.ofType("kubernetes:telemetry.istio.io/v1:Telemetry")).toHaveLength(0);
    expect(stack.ofType("kubernetes:yaml/v2:ConfigFile")).toHaveLength(1);
  });
});
