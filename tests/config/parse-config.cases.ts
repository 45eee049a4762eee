import { ConfigError, DEFAULTS, parseConfig, readStackConfig } from "../../components/config";
import { problem } from "./problem";

describe("defaults", () => {
  const config = parseConfig({});

  test("an empty stack is the walkthrough's sandbox in k3d mode", () => {
    expect(config.mode).toBe("k3d");
    expect(config.domain).toBe("fireflyclass.com");
    expect(config.cluster).toMatchObject({
      name: "istio-sandbox",
      servers: 1,
      registry: true,
      ports: { http: 80, https: 443 },
    });
    expect(config.metallb.enabled).toBe(true);
    expect(config.istio).toMatchObject({
      installer: "istioctl",
      profile: "demo",
      version: DEFAULTS.istio.version,
    });
    expect(config.ingress).toEqual({
      httpGateway: "ingressgateway",
      httpsGateway: "ingressgateway-tls",
      credentialName: "fireflyclass-credential",
      httpsRedirect: false,
      tlsMode: "SIMPLE",
    });
    expect(config.mtls).toEqual({ mode: "STRICT", meshWide: false });
  });

  test("the default app is hello-app on 80 -> 8080 at helloworld.<domain>", () => {
    expect(config.apps).toEqual([
      {
        name: "helloworld",
        image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0",
        namespace: "default",
        replicas: 1,
        port: 80,
        targetPort: 8080,
        host: "helloworld.fireflyclass.com",
      },
    ]);
  });

  test("the PKI subject defaults follow the walkthrough and the domain", () => {
    expect(config.pki.subject).toEqual({
      country: "US",
      province: "Colorado",
      locality: "Boulder",
      organization: "fireflyclass.com",
    });
    expect(config.pki.caCommonName).toBe("ca.fireflyclass.com");
    expect(parseConfig({ domain: "example.org" }).pki.caCommonName).toBe("ca.example.org");
  });

  test("the result is frozen all the way down", () => {
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.cluster.ports)).toBe(true);
    expect(Object.isFrozen(config.apps[0])).toBe(true);
  });

  test("numbers and booleans given as strings are accepted", () => {
    const c = parseConfig({ agents: "5", registry: "false", httpsRedirect: "true" });
    expect(c.cluster.agents).toBe(5);
    expect(c.cluster.registry).toBe(false);
    expect(c.ingress.httpsRedirect).toBe(true);
  });
});

describe("existing mode", () => {
  test("takes the kubeconfig, context and load-balancer choice", () => {
    const c = parseConfig({ mode: "existing", kubeconfig: "~/.kube/config", kubeContext: "prod" });
    expect(c.existing).toEqual({ kubeconfig: "~/.kube/config", context: "prod", loadBalancer: "provided" });
    expect(c.metallb.enabled).toBe(false);
    expect(parseConfig({ mode: "existing", kubeconfig: "k", loadBalancer: "metallb" }).metallb.enabled).toBe(
      true,
    );
  });

  test("k3d mode ignores existing-mode keys", () => {
    expect(parseConfig({ kubeconfig: "x" }).existing).toBeUndefined();
  });
});

describe("bad input names the key, the value and the fix", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "unknown cluster mode",
      { mode: "kind" },
      `istio-sandbox:mode: must be one of "k3d", "existing"; got "kind". Fix: pulumi config set mode <value>`,
    ],
    [
      "zero servers",
      { servers: 0 },
      "istio-sandbox:servers: must be at least 1; k3s runs 1 server, or an odd number for embedded etcd HA; got 0. Fix: pulumi config set servers <value>",
    ],
    [
      "too many servers",
      { servers: 9 },
      "istio-sandbox:servers: must be at most 7; k3s runs 1 server, or an odd number for embedded etcd HA; got 9.",
    ],
    ["negative agents", { agents: -1 }, "istio-sandbox:agents: must be at least 0; got -1."],
    [
      "fractional agents",
      { agents: 1.5 },
      "istio-sandbox:agents: must be a whole number from 0 to 20; got 1.5.",
    ],
    ["too many agents", { agents: 21 }, "istio-sandbox:agents: must be at most 20; got 21."],
    [
      "cluster name k3d rejects",
      { clusterName: "Bad_Name" },
      `istio-sandbox:clusterName: must be lower-case letters, digits and '-', starting and ending with a letter or digit (k3d cluster name; at most 32 characters); got "Bad_Name".`,
    ],
    [
      "cluster name over 32 characters",
      { clusterName: "a".repeat(33) },
      "istio-sandbox:clusterName: must be at most 32 characters (k3d cluster name; at most 32 characters)",
    ],
    [
      "domain with a scheme",
      { domain: "https://fireflyclass.com" },
      `istio-sandbox:domain: must be a lower-case DNS name with at least two labels, such as example.com (no scheme, no port, no wildcard); got "https://fireflyclass.com".`,
    ],
    [
      "single-label domain",
      { domain: "localhost" },
      "istio-sandbox:domain: must be a lower-case DNS name with at least two labels",
    ],
    [
      "wildcard domain",
      { domain: "*.fireflyclass.com" },
      "istio-sandbox:domain: must be a lower-case DNS name",
    ],
    [
      "malformed CIDR",
      { metallbAddresses: "172.18.100.0/33" },
      `istio-sandbox:metallbAddresses: must be an IPv4 CIDR such as 172.18.255.200/29 or a range such as 172.18.255.200-172.18.255.250 (first address not above the last); got "172.18.100.0/33".`,
    ],
    [
      "reversed range",
      { metallbAddresses: "172.18.0.9-172.18.0.1" },
      `istio-sandbox:metallbAddresses: must be an IPv4 CIDR`,
    ],
    [
      "IPv6 range",
      { metallbAddresses: "fd00::/120" },
      `istio-sandbox:metallbAddresses: must be an IPv4 CIDR`,
    ],
    [
      "host port out of range",
      { httpPort: 70000 },
      "istio-sandbox:httpPort: must be at most 65535; got 70000.",
    ],
    ["host port zero", { httpsPort: 0 }, "istio-sandbox:httpsPort: must be at least 1; got 0."],
    [
      "host port used twice",
      { httpPort: 8080, httpsPort: 8080 },
      "istio-sandbox:httpsPort: 8080 is also httpPort; each host port can be mapped once. Fix: pulumi config set httpsPort 8443 (or another free port)",
    ],
    [
      "nodePort outside the range",
      { httpNodePort: 80 },
      "istio-sandbox:httpNodePort: must be at least 30000; NodePorts must fall in the cluster's service-node-port-range (default 30000-32767); got 80.",
    ],
    [
      "nodePort used twice",
      { httpNodePort: 30500, httpsNodePort: 30500 },
      "istio-sandbox:httpsNodePort: 30500 is also httpNodePort; a Service cannot use one nodePort twice.",
    ],
    [
      "existing mode without a kubeconfig",
      { mode: "existing" },
      `istio-sandbox:kubeconfig: mode is existing but no kubeconfig is set. Fix: pulumi config set --secret kubeconfig "$(cat ~/.kube/config)"`,
    ],
    [
      "Istio version with a v",
      { istioVersion: "v1.31.1" },
      `istio-sandbox:istioVersion: must be a plain version such as ${DEFAULTS.istio.version} (three numbers, no leading 'v'); got "v1.31.1".`,
    ],
    [
      "even number of servers",
      { servers: 2 },
      "istio-sandbox:servers: must be odd (1, 3, 5 or 7): embedded etcd needs a majority, so an even count adds no safety; got 2.",
    ],
    [
      "Istio release older than the specs support",
      { istioVersion: "1.5.0" },
      `istio-sandbox:istioVersion: must be a 1.30.x to 1.31.x release (the releases the rendered IstioOperator and Helm values are written for), such as ${DEFAULTS.istio.version}; got "1.5.0".`,
    ],
    [
      "Istio release newer than the specs support",
      { istioVersion: "9.99.0" },
      `istio-sandbox:istioVersion: must be a 1.30.x to 1.31.x release`,
    ],
    [
      "MetalLB chart before IPAddressPool",
      { metallbChartVersion: "0.12.1" },
      `istio-sandbox:metallbChartVersion: must be 0.13.0 or newer (the first chart with IPAddressPool and L2Advertisement; older charts need configInline), such as ${DEFAULTS.metallb.chartVersion}; got "0.12.1".`,
    ],
    [
      "server certificate longer than browsers accept",
      { certValidityDays: 3650 },
      "istio-sandbox:certValidityDays: must be at most 397; browsers refuse server certificates valid longer than 398 days, even under a private CA; got 3650.",
    ],
    [
      "chart repository that is neither a URL nor an absolute path",
      { istioChartRepo: "charts/istio" },
      `istio-sandbox:istioChartRepo: must be an http(s) URL such as https://blob.istio.io/istio-release/charts, or an absolute local path (a directory holding the unpacked charts at <dir>/base, <dir>/istiod, <dir>/gateway); got "charts/istio".`,
    ],
    [
      "MetalLB repository with another scheme",
      { metallbChartRepo: "oci://example.com/metallb" },
      `istio-sandbox:metallbChartRepo: must be an http(s) URL such as https://metallb.github.io/metallb, or an absolute local path`,
    ],
    [
      "image hub with a tag",
      { istioHub: "docker.io/istio:1.31.1" },
      `istio-sandbox:istioHub: must be an image hub (registry and path, no tag) such as docker.io/istio or my-mirror.local:5000/istio; got "docker.io/istio:1.31.1".`,
    ],
    [
      "MetalLB chart version too short",
      { metallbChartVersion: "0.16" },
      `istio-sandbox:metallbChartVersion: must be a plain version such as ${DEFAULTS.metallb.chartVersion}`,
    ],
    [
      "k3s image without a version tag",
      { k3sImage: "rancher/k3s:latest" },
      `istio-sandbox:k3sImage: must be a rancher/k3s image with a version tag such as ${DEFAULTS.cluster.k3sImage}; got "rancher/k3s:latest".`,
    ],
    [
      "unknown installer",
      { istioInstaller: "operator" },
      `istio-sandbox:istioInstaller: must be one of "istioctl", "helm"; got "operator".`,
    ],
    [
      "weak RSA key",
      { rsaBits: 1024 },
      "istio-sandbox:rsaBits: must be 2048, 3072 or 4096 (smaller RSA keys are not safe); got 1024.",
    ],
    [
      "country that is not a code",
      { certCountry: "USA" },
      `istio-sandbox:certCountry: must be a two-letter country code such as US; got "USA".`,
    ],
    [
      "unknown TLS mode",
      { tlsMode: "PASSTHROUGH" },
      `istio-sandbox:tlsMode: must be one of "SIMPLE", "MUTUAL"; got "PASSTHROUGH".`,
    ],
    [
      "unknown mTLS mode",
      { mtlsMode: "DISABLE" },
      `istio-sandbox:mtlsMode: must be one of "STRICT", "PERMISSIVE"; got "DISABLE".`,
    ],
    [
      "boolean that is not one",
      { httpsRedirect: "yes" },
      `istio-sandbox:httpsRedirect: must be true or false; got "yes".`,
    ],
    [
      "same name for both Gateways",
      { httpGateway: "gw", httpsGateway: "gw" },
      'istio-sandbox:httpsGateway: "gw" is also httpGateway; the two Gateways need their own names. Fix: pulumi config set httpsGateway gw-tls',
    ],
    [
      "MetalLB range without MetalLB",
      { mode: "existing", kubeconfig: "k", metallbAddresses: "10.0.0.0/30" },
      "istio-sandbox:metallbAddresses: is set, but MetalLB is not installed (existing mode with loadBalancer provided).",
    ],
    ["empty app list", { apps: [] }, "istio-sandbox:apps: must list at least one app; got []."],
    [
      "app without an image",
      { apps: [{ name: "web" }] },
      "istio-sandbox:apps[0].image: must be an image reference such as us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0; got (not set). Fix: pulumi config set --path 'apps[0].image' <value>",
    ],
    [
      "app image without a tag",
      { apps: [{ name: "web", image: "nginx" }] },
      `istio-sandbox:apps[0].image: must be an image reference with a tag, such as us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0; got "nginx".`,
    ],
    [
      "app host outside the domain",
      { apps: [{ name: "web", image: "nginx:1", host: "web.example.org" }] },
      `istio-sandbox:apps[0].host: "web.example.org" is not <name>.fireflyclass.com or fireflyclass.com, so the wildcard certificate and the Gateways' hosts would not cover it.`,
    ],
    [
      "app host two labels deep",
      { apps: [{ name: "web", image: "nginx:1", host: "a.web.fireflyclass.com" }] },
      `istio-sandbox:apps[0].host: "a.web.fireflyclass.com" is not <name>.fireflyclass.com`,
    ],
    [
      "app name used twice in a namespace",
      {
        apps: [
          { name: "web", image: "nginx:1" },
          { name: "web", image: "nginx:1", host: "other.fireflyclass.com" },
        ],
      },
      `istio-sandbox:apps[1].name: "web" is used twice in namespace "default" (also apps[0]).`,
    ],
    [
      "app host used twice",
      {
        apps: [
          { name: "a", image: "nginx:1", host: "x.fireflyclass.com" },
          { name: "b", image: "nginx:1", host: "x.fireflyclass.com" },
        ],
      },
      `istio-sandbox:apps[1].host: "x.fireflyclass.com" is also the host of apps[0]; two VirtualServices would claim it.`,
    ],
    [
      "app in a Kubernetes namespace",
      { apps: [{ name: "web", image: "nginx:1", namespace: "kube-system" }] },
      `istio-sandbox:apps[0].namespace: "kube-system" belongs to Kubernetes and must stay out of the mesh. Fix: pulumi config set --path 'apps[0].namespace' default`,
    ],
    ["apps that are not a list", { apps: { name: "web" } }, "istio-sandbox:apps: must be a list of apps"],
    [
      "meshConfig that is not a map",
      { meshConfig: "enableAutoMtls" },
      `istio-sandbox:meshConfig: must be an object (a YAML map); got "enableAutoMtls".`,
    ],
  ];

  test.each(cases)("%s", (_title, raw, expected) => {
    expect(problem(raw)).toContain(expected);
  });

  test("several problems are reported together, and nothing is half-applied", () => {
    expect(() => parseConfig({ servers: 0, agents: 99, mode: "kind" })).toThrow(
      /^Invalid stack configuration \(3 problems\); nothing was changed:\n {2}- istio-sandbox:mode: .*\n {2}- istio-sandbox:servers: .*\n {2}- istio-sandbox:agents: /,
    );
  });

  test("a kubeconfig is never echoed back in an error", () => {
    expect(problem({ mode: "existing", kubeconfig: "" })).toBe(
      "- istio-sandbox:kubeconfig: must not be empty; got [secret]. Fix: pulumi config set kubeconfig <value>",
    );
  });
});

describe("unknown keys suggest the nearest valid one", () => {
  test.each([
    ["agnets", "agents"],
    ["clustername", "clusterName"],
    ["istioversion", "istioVersion"],
    ["httpsRedirects", "httpsRedirect"],
    ["mtls", "mtlsMode"],
  ])("%s -> %s", (typo, suggestion) => {
    expect(problem({ [typo]: 1 })).toBe(
      `- istio-sandbox:${typo}: unknown key; did you mean "${suggestion}"? Rename it: pulumi config rm ${typo} && pulumi config set ${suggestion} <value>`,
    );
  });

  test("inside an app, with --path", () => {
    expect(problem({ apps: [{ name: "web", image: "nginx:1", prot: 8080 }] })).toBe(
      `- istio-sandbox:apps[0].prot: unknown key; did you mean "port"? Rename it: pulumi config rm --path 'apps[0].prot' && pulumi config set --path 'apps[0].port' <value>`,
    );
  });

  test("a key like no other lists the valid keys of that object", () => {
    expect(problem({ apps: [{ name: "web", image: "nginx:1", zzzzzzzz: 1 }] })).toContain(
      `unknown key; valid keys here are "name", "image", "namespace", "replicas", "port", "targetPort", "host", "revision". Remove it: pulumi config rm --path 'apps[0].zzzzzzzz'`,
    );
  });
});

describe("reading the stack's config", () => {
  test("malformed JSON in a structured value names its key, with every other such problem", () => {
    let message = "";
    try {
      readStackConfig({
        "istio-sandbox:apps": '[{"name":"web",',
        "istio-sandbox:meshConfig": "{accessLogFile: /dev/stdout}",
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain("istio-sandbox:apps: is not valid JSON (");
    expect(message).toContain("istio-sandbox:meshConfig: is not valid JSON (");
    expect(message).toContain("Fix: edit it in Pulumi.<stack>.yaml");
  });

  test("a kubeconfig given as JSON contents stays text, and parses", () => {
    const json = JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [], contexts: [] });
    const raw = readStackConfig({ "istio-sandbox:mode": "existing", "istio-sandbox:kubeconfig": json });
    expect(raw.kubeconfig).toBe(json);
    expect(parseConfig(raw).existing?.kubeconfig).toBe(json);
  });

  test("a scalar key given JSON-looking text gets its own type error, not a parse crash", () => {
    expect(problem(readStackConfig({ "istio-sandbox:servers": "[3]" }))).toContain(
      "istio-sandbox:servers: must be a whole number from 1 to 7",
    );
  });

  test("the versions, hub and sources in range are accepted", () => {
    const config = parseConfig({
      servers: 3,
      istioVersion: "1.30.4",
      metallbChartVersion: "0.13.0",
      istioHub: "mirror.local:5000/istio",
      istioChartRepo: "/opt/charts/istio",
      metallbChartRepo: "https://mirror.local/metallb",
    });
    expect(config.cluster.servers).toBe(3);
    expect(config.istio).toMatchObject({
      version: "1.30.4",
      hub: "mirror.local:5000/istio",
      chartRepo: "/opt/charts/istio",
    });
    expect(config.metallb).toMatchObject({
      chartVersion: "0.13.0",
      chartRepo: "https://mirror.local/metallb",
    });
  });

  test("keeps only this project's keys and parses structured values", () => {
    const raw = readStackConfig({
      "istio-sandbox:agents": "5",
      "istio-sandbox:apps": '[{"name":"web","image":"nginx:1"}]',
      "istio-sandbox:meshConfig": '{"accessLogFile":"/dev/stdout"}',
      "kubernetes:context": "ignored",
    });
    expect(raw).toEqual({
      agents: "5",
      apps: [{ name: "web", image: "nginx:1" }],
      meshConfig: { accessLogFile: "/dev/stdout" },
    });
  });
});
