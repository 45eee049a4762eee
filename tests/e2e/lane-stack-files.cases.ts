/** The stack files of the lane's four runs: each parses, and each is the shape its run is for. */
import * as fs from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../../tools/e2e/lane/stack-config";

const ROOT = path.resolve(__dirname, "../..");
const read = (name: string) => readStackFile(path.join(ROOT, `Pulumi.${name}.yaml`));

describe("the project's stack files", () => {
  test("every Pulumi.*.yaml at the root parses with the program's config code", () => {
    const files = fs
      .readdirSync(ROOT)
      .filter((f) => /^Pulumi\.[^.]+(\.[^.]+)*\.yaml$/.test(f) && f !== "Pulumi.yaml");
    expect(files).toEqual(
      expect.arrayContaining([
        "Pulumi.dev.yaml",
        "Pulumi.e2e-existing.yaml",
        "Pulumi.e2e-helm.yaml",
        "Pulumi.e2e-mutual.yaml",
      ]),
    );
    for (const file of files) expect(() => readStackFile(path.join(ROOT, file))).not.toThrow();
  });

  test("e2e-existing: existing mode with MetalLB on a loopback range, no kubeconfig", () => {
    const { config, values } = read("e2e-existing");
    expect(config.mode).toBe("existing");
    expect(values.kubeconfig).toBeUndefined();
    expect(config.metallb).toMatchObject({ enabled: true, addresses: "127.19.0.200-127.19.0.250" });
  });

  test("e2e-helm: k3d mode, Istio from Helm", () => {
    const { config } = read("e2e-helm");
    expect(config.mode).toBe("k3d");
    expect(config.istio.installer).toBe("helm");
  });

  test("e2e-mutual: two apps in two namespaces, MUTUAL TLS", () => {
    const { config } = read("e2e-mutual");
    expect(config.ingress.tlsMode).toBe("MUTUAL");
    expect(config.apps.map((a) => `${a.namespace}/${a.name}`)).toEqual(["hello/helloworld", "shop/shop"]);
  });

  test("the k3d stacks use distinct cluster names and host ports, so runs can overlap", () => {
    const k3d = ["dev", "e2e-helm", "e2e-mutual"].map((n) => read(n).config.cluster);
    expect(new Set(k3d.map((c) => c.name)).size).toBe(3);
    expect(new Set(k3d.map((c) => c.ports.http)).size).toBe(3);
  });
});
