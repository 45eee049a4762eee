import { parse } from "yaml";
import { parseConfig } from "../../components/config";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CLUSTER_REPLACING_KEYS,
  renderK3dConfig,
  renderK3dConfigYaml,
  storageVolumeName,
} from "../../components/cluster/k3d-config";

const walkthrough = parseConfig({ clusterName: "sandbox", servers: 1, agents: 5, registry: true });
const input = {
  settings: walkthrough.cluster,
  nodePorts: walkthrough.istio.nodePorts,
  owner: "istio-sandbox/dev",
};

describe("k3d SimpleConfig rendering", () => {
  const config = renderK3dConfig(input);

  test("is a k3d v5 Simple config named after the cluster", () => {
    expect(config.apiVersion).toBe("k3d.io/v1alpha5");
    expect(config.kind).toBe("Simple");
    expect(config.metadata.name).toBe("sandbox");
  });

  test("maps --workers 5 to agents and pins the k3s image", () => {
    expect(config.servers).toBe(1);
    expect(config.agents).toBe(5);
    expect(config.image).toMatch(/^rancher\/k3s:v1\.\d+\.\d+-k3s\d+$/);
  });

  test("maps --no-deploy=traefik,servicelb to --disable on the servers", () => {
    expect(config.options?.k3s?.extraArgs).toEqual([
      { arg: "--disable=traefik", nodeFilters: ["server:*"] },
      { arg: "--disable=servicelb", nodeFilters: ["server:*"] },
    ]);
  });

  test("maps --enable-registry to registries.create, published on loopback only", () => {
    // k3d's default host is 0.0.0.0: every network the machine is on could push and pull images.
    expect(config.registries).toEqual({ create: { name: "k3d-sandbox-registry", host: "127.0.0.1" } });
    const noRegistry = renderK3dConfig({ ...input, settings: { ...input.settings, registry: false } });
    expect(noRegistry.registries).toBeUndefined();
  });

  test("mounts a k3d-managed storage volume at the local-path directory on every node", () => {
    expect(storageVolumeName("sandbox")).toBe("k3d-sandbox-storage");
    expect(config.volumes).toEqual([
      { volume: "k3d-sandbox-storage:/var/lib/rancher/k3s/storage", nodeFilters: ["all"] },
    ]);
  });

  test("maps host ports 80/443 through the load balancer onto the gateway's fixed nodePorts", () => {
    expect(config.ports).toEqual([
      { port: "80:30080", nodeFilters: ["loadbalancer"] },
      { port: "443:30443", nodeFilters: ["loadbalancer"] },
    ]);
    const custom = parseConfig({
      httpPort: 8080,
      httpsPort: 8443,
      httpNodePort: 31080,
      httpsNodePort: 31443,
    });
    const ports = renderK3dConfig({
      settings: custom.cluster,
      nodePorts: custom.istio.nodePorts,
      owner: "o",
    }).ports;
    expect(ports?.map((p) => p.port)).toEqual(["8080:31080", "8443:31443"]);
  });

  test("leaves the user's default kubeconfig and current context alone", () => {
    expect(config.options?.kubeconfig).toEqual({
      updateDefaultKubeconfig: false,
      switchCurrentContext: false,
    });
  });

  test("labels every node with the owning stack", () => {
    expect(config.options?.runtime?.labels).toEqual([
      { label: "dev.istio-sandbox.stack=istio-sandbox/dev", nodeFilters: ["all"] },
    ]);
  });

  test("renders YAML that parses back to the same object", () => {
    expect(parse(renderK3dConfigYaml(input))).toEqual(JSON.parse(JSON.stringify(config)));
  });
});

describe("which settings replace the cluster", () => {
  const render = (raw: Record<string, unknown>) => {
    const config = parseConfig(raw);
    return renderK3dConfigYaml({ settings: config.cluster, nodePorts: config.istio.nodePorts, owner: "p/s" });
  };
  const changed: Record<(typeof CLUSTER_REPLACING_KEYS)[number], unknown> = {
    clusterName: "other",
    servers: 3,
    agents: 2,
    k3sImage: "rancher/k3s:v1.33.9-k3s1",
    registry: false,
    storagePath: "/data",
    httpPort: 8080,
    httpsPort: 8443,
    httpNodePort: 31080,
    httpsNodePort: 31443,
  };

  test.each(CLUSTER_REPLACING_KEYS)("%s feeds the k3d config, so a change replaces the cluster", (key) => {
    expect(render({ [key]: changed[key] })).not.toBe(render({}));
  });

  test("settings outside the list leave the cluster alone", () => {
    const others = { istioVersion: "1.30.4", domain: "example.com", agents: 0, tlsMode: "MUTUAL" };
    expect(render(others)).toBe(render({}));
  });

  test("the README lists exactly these settings where it warns about replacing the cluster", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    const line = readme.split("\n").find((l) => l.startsWith("Settings that replace the cluster"));
    expect(line).toBeDefined();
    const listed = [...(line ?? "").matchAll(/`(\w+)`/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...CLUSTER_REPLACING_KEYS].sort());
  });
});
