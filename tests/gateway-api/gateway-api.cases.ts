/** The Gateway API ingress rendered from config, its CRD sources, and the components' wiring under mocks. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { parseConfig } from "../../components/config";
import {
  BUNDLE_VERSION,
  CHANNEL,
  type CrdLookup,
  crdManifest,
  stopOnRefusal,
  GatewayApiCrds,
  OWNER_ANNOTATION,
  PATCH_FORCE,
  generatedServiceName,
  manifestFiles,
  renderGateway,
  renderHttpRoute,
  renderRedirectRoute,
  type GatewayApiInputs,
} from "../../components/gateway-api";
import { enrolmentLabels, renderWaypoint } from "../../components/ambient";
import { validateKubernetesObjects } from "../apps/validate-models";
import { type MockStack, runUnderMocks } from "../harness/mock-program";
import { FAKE_KUBECONFIG, fakeCluster } from "../harness/component-fakes";
import { emptyCacheDir, startSourceServer } from "../harness/source-server";

const FIXTURE_FILE = path.join(__dirname, "../fixtures/gateway-api/standard-install.yaml");
const FIXTURE = fs.readFileSync(FIXTURE_FILE, "utf8");

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

  test("a local file as is, a directory as a glob of its yaml files", () => {
    expect(manifestFiles("/srv/standard-install.yaml", "gatewayApiCrds", stat("file"))).toEqual([
      "/srv/standard-install.yaml",
    ]);
    expect(manifestFiles("/srv/crd/standard", "gatewayApiCrds", stat("dir"))).toEqual([
      "/srv/crd/standard/*.yaml",
    ]);
  });

  test("a missing local path names the key and the fix", () => {
    expect(() => manifestFiles("/nowhere", "gatewayApiCrds", stat(undefined))).toThrow(
      'istio-sandbox:gatewayApiCrds: "/nowhere" does not exist. Fix: point it at a yaml file or a directory of yaml files',
    );
  });

  test("a directory's text is its yaml files in the provider's (byte) order; a file's is the file", async () => {
    const { dir, remove } = emptyCacheDir();
    try {
      fs.writeFileSync(path.join(dir, "b.yaml"), "b");
      fs.writeFileSync(path.join(dir, "B.yaml"), "B");
      fs.writeFileSync(path.join(dir, "a.yaml"), "a");
      fs.writeFileSync(path.join(dir, "notes.txt"), "not yaml");
      expect(await (await crdManifest(dir, "v1.6.1")).read()).toEqual(["B", "a", "b"]);
      const file = await crdManifest(path.join(dir, "a.yaml"), "v1.6.1");
      expect(file.files).toEqual([path.join(dir, "a.yaml")]);
      expect(await file.read()).toEqual(["a"]);
    } finally {
      remove();
    }
  });

  test("a URL is downloaded once into the cache; the provider reads the copy, and the next run needs no server", async () => {
    const server = await startSourceServer({ "/v1.6.1/standard-install.yaml": FIXTURE });
    const cache = emptyCacheDir();
    try {
      const first = await crdManifest(server.url("/v1.6.1/standard-install.yaml"), "v1.6.1", {
        dir: cache.dir,
      });
      expect(first.files).toHaveLength(1);
      expect(first.files[0].startsWith(cache.dir)).toBe(true);
      await server.stop();
      const second = await crdManifest(server.url("/v1.6.1/standard-install.yaml"), "v1.6.1", {
        dir: cache.dir,
      });
      expect(second.files).toEqual(first.files);
      expect(await second.read()).toEqual([FIXTURE]);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
      cache.remove();
    }
  });

  test("a failed download names gatewayApiCrds and the local or mirror fix", async () => {
    const cache = emptyCacheDir();
    try {
      await expect(
        crdManifest(
          "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml",
          "v1.6.1",
          {
            dir: cache.dir,
            fetch: () => Promise.reject(new TypeError("fetch failed")),
          },
        ),
      ).rejects.toThrow(
        `istio-sandbox:gatewayApiCrds: could not download https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml (fetch failed), and no copy of it is cached in ${cache.dir} yet. Fix: run once with network access (the copy is then kept for offline use), or set istio-sandbox:gatewayApiCrds to a local copy of the release's standard-install.yaml, a directory of CRD yaml, or a mirror URL (pulumi config set gatewayApiCrds /path/to/standard-install.yaml)`,
      );
    } finally {
      cache.remove();
    }
  });
});

describe("the GatewayApiCrds component", () => {
  // Under mocks the engine's log goes to the console: each plan's summary is caught here.
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(console, "log").mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());
  const summaries = () =>
    logged.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("Gateway API CRDs:"));
  const local = (raw: Record<string, unknown> = {}) =>
    parseConfig({
      mode: "existing",
      kubeconfig: "/home/ada/.kube/config",
      ingressApi: "gateway-api",
      gatewayApiCrds: FIXTURE_FILE,
      ...raw,
    }).gatewayApi;
  const absent: CrdLookup = ({ names }) => Promise.resolve(Object.fromEntries(names.map((n) => [n, null])));
  const foreign =
    (version: string): CrdLookup =>
    ({ names }) =>
      Promise.resolve(
        Object.fromEntries(
          names.map((n) => [
            n,
            {
              annotations: { [BUNDLE_VERSION]: version, [CHANNEL]: "standard" },
              managers: ["kube-addon-manager"],
            },
          ]),
        ),
      );
  const group = (stack: MockStack) => stack.get("kubernetes:yaml/v2:ConfigGroup", "crds-standard");
  const docs = (stack: MockStack) =>
    parseAllDocuments(group(stack).inputs.yaml as string).map((d) => d.toJS() as Record<string, any>);

  test("k3d mode: the downloaded copy goes with the cluster, and the cluster is not asked", async () => {
    const server = await startSourceServer({ "/v1.6.1/standard-install.yaml": FIXTURE });
    const cache = emptyCacheDir();
    const lookup = jest.fn(absent);
    try {
      const settings = {
        ...parseConfig({ ingressApi: "gateway-api" }).gatewayApi,
        crds: server.url("/v1.6.1/standard-install.yaml"),
      };
      const { stack } = await runUnderMocks(
        () =>
          new GatewayApiCrds("crds", {
            cluster: fakeCluster("k3d"),
            settings,
            sources: { dir: cache.dir },
            lookup,
          }),
      );
      const [file] = group(stack).inputs.files as string[];
      expect(file.startsWith(cache.dir)).toBe(true);
      expect(fs.readFileSync(file, "utf8")).toBe(FIXTURE);
      expect(group(stack).deletedWith).toBeDefined();
      expect(group(stack).retainOnDelete).toBe(false);
      expect(lookup).not.toHaveBeenCalled();
    } finally {
      await server.stop();
      cache.remove();
    }
  });

  test("existing mode, none there: the cluster is asked, and the stack applies them, stamped as its own, kept on destroy", async () => {
    const lookup = jest.fn(absent);
    const { stack } = await runUnderMocks(
      () => new GatewayApiCrds("crds", { cluster: fakeCluster("existing"), settings: local(), lookup }),
    );
    expect(lookup).toHaveBeenCalledWith({
      kubeconfig: FAKE_KUBECONFIG,
      context: undefined,
      names: expect.arrayContaining(["gateways.gateway.networking.k8s.io"]),
    });
    expect(docs(stack).map((d) => d.metadata.annotations[OWNER_ANNOTATION])).toEqual(
      Array(4).fill("istio-sandbox/dev"),
    );
    expect(docs(stack).some((d) => PATCH_FORCE in d.metadata.annotations)).toBe(false);
    expect(summaries()).toEqual([
      "info: [runtime] Gateway API CRDs: this stack applies v1.6.1 (standard channel): 4 new, 0 its own.",
    ]);
    // The kubeconfig was needed to ask, but the manifest holds none of it.
    expect(group(stack).secretPaths).toEqual([]);
    const adopting = stack.get("pulumi:providers:kubernetes", "crds-adopting");
    // Provider inputs travel as text.
    expect(adopting.inputs.upsertExistingObjects).toBe("true");
    expect(group(stack).provider).toContain("crds-adopting");
    expect(group(stack).deletedWith).toBeUndefined();
    expect(group(stack).retainOnDelete).toBe(true);
  });

  test("existing mode, another manager's at v1.6.0: used as they are, the group stays empty", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new GatewayApiCrds("crds", {
          cluster: fakeCluster("existing"),
          settings: local(),
          lookup: foreign("v1.6.0"),
        }),
    );
    expect(group(stack).inputs.yaml).toBe("");
    expect(summaries()).toEqual([
      "info: [runtime] Gateway API CRDs: the cluster's own, v1.6.0 (standard channel), are used as they are and left alone. To have this stack manage them: pulumi config set gatewayApiCrdsAdopt true.",
    ]);
  });

  test("existing mode, another manager's too old: the program stops with the key and the fix", async () => {
    const refusals: Error[] = [];
    const { stack } = await runUnderMocks(
      () =>
        new GatewayApiCrds("crds", {
          cluster: fakeCluster("existing"),
          settings: local(),
          lookup: foreign("v1.1.0"),
          refuse: (error) => refusals.push(error),
        }),
    );
    expect(refusals.map((e) => e.message.split("\n")[0])).toEqual([
      "istio-sandbox:gatewayApiCrdsAdopt: the cluster already has Gateway API CRDs that this stack did not install, older than v1.6.0, the oldest release the sandbox's Istio works with:",
    ]);
    expect(group(stack).inputs.yaml).toBe("");
  });

  test("existing mode with gatewayApiCrdsAdopt: the stack takes them over, forcing server-side apply conflicts", async () => {
    const { stack } = await runUnderMocks(
      () =>
        new GatewayApiCrds("crds", {
          cluster: fakeCluster("existing"),
          settings: local({ gatewayApiCrdsAdopt: true }),
          lookup: foreign("v1.1.0"),
        }),
    );
    expect(docs(stack).map((d) => d.metadata.annotations[PATCH_FORCE])).toEqual(Array(4).fill("true"));
  });

  test("a failed question to the cluster stops the program too", async () => {
    const refusals: Error[] = [];
    const lookup = jest.fn(() =>
      Promise.reject(new Error("istio-sandbox:kubeconfig: the cluster did not say")),
    );
    await runUnderMocks(
      () =>
        new GatewayApiCrds("crds", {
          cluster: fakeCluster("existing", { context: "prod" }),
          settings: local(),
          lookup,
          refuse: (error) => refusals.push(error),
        }),
    );
    expect(lookup).toHaveBeenCalledWith(expect.objectContaining({ context: "prod" }));
    expect(refusals.map((e) => e.message)).toEqual(["istio-sandbox:kubeconfig: the cluster did not say"]);
  });

  test("the default refusal throws, which stops preview and up", () => {
    expect(() => stopOnRefusal(new Error("istio-sandbox:gatewayApiCrdsAdopt: no"))).toThrow(
      "istio-sandbox:gatewayApiCrdsAdopt: no",
    );
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
