import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { CONFIG_KEYS, configSchema } from "../../components/config/schema";
import { CONFIG_DOCS } from "../../components/config/reference";
import { parseConfig } from "../../components/config";
import { renderPulumiConfig, renderReadmeReference } from "../../tools/docs/config-reference";
import { stackConfig } from "../harness/stack-file";

const root = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("docs and declarations stay in step with the config schema", () => {
  test("every schema key is documented, and nothing else", () => {
    expect(Object.keys(CONFIG_DOCS).sort()).toEqual([...CONFIG_KEYS].sort());
  });

  test("README's configuration reference is the rendered one (run npm run docs:config)", () => {
    expect(read("README.md")).toContain(renderReadmeReference());
  });

  test("Pulumi.yaml declares every scalar key that has a default, with that default (run npm run docs:config)", () => {
    const declared = (parse(read("Pulumi.yaml")) as { config: unknown }).config;
    expect(declared).toEqual(renderPulumiConfig());
    const defaults = configSchema.parse({});
    for (const [key, declaration] of Object.entries(renderPulumiConfig())) {
      expect(declaration.default).toEqual(defaults[key as keyof typeof defaults]);
    }
  });

  test("keys without a default are not declared, since Pulumi would then require them", () => {
    const declared = Object.keys(renderPulumiConfig());
    for (const optional of [
      "kubeconfig",
      "kubeContext",
      "metallbAddresses",
      "credentialName",
      "certOrganization",
      "apps",
    ]) {
      expect(declared).not.toContain(optional);
    }
  });

  test("Pulumi.yaml uses local state and TypeScript", () => {
    const project = parse(read("Pulumi.yaml")) as Record<string, any>;
    expect(project.name).toBe("istio-sandbox");
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true, packagemanager: "npm" } });
    expect(project.backend).toEqual({ url: "file://~" });
  });
});

describe("the dev stack is the walkthrough's sandbox", () => {
  const config = parseConfig(stackConfig("Pulumi.dev.yaml"));

  test("1 server, 5 agents, a registry, the local-path storage volume", () => {
    expect(config.mode).toBe("k3d");
    expect(config.cluster).toMatchObject({
      servers: 1,
      agents: 5,
      registry: true,
      storagePath: "/var/lib/rancher/k3s/storage",
    });
  });

  test("host ports 80 and 443, domain fireflyclass.com", () => {
    expect(config.cluster.ports).toEqual({ http: 80, https: 443 });
    expect(config.domain).toBe("fireflyclass.com");
  });
});

describe("package scripts", () => {
  const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

  test("test runs the typecheck, lint and format checks, then jest; CI runs the same command", () => {
    expect(scripts.test).toBe("npm run check && jest");
    expect(scripts.check).toBe("sh tools/check.sh");
    expect(read(".ci/run")).toContain("npm test");
  });

  test("preview, up and destroy go through the stack wrapper, with the policy pack where it applies", () => {
    expect(scripts.preview).toContain("sh tools/pulumi-stack.sh preview");
    expect(scripts.preview).toContain("--policy-pack policies");
    expect(scripts.up).toMatch(/^npm run doctor && sh tools\/pulumi-stack.sh up .*--policy-pack policies/);
    expect(scripts.destroy).toBe("sh tools/pulumi-stack.sh destroy");
  });

  test("up shows the plan and asks, as pulumi up does; scripts add --yes themselves", () => {
    expect(scripts.up).not.toMatch(/--yes|-y\b|--skip-preview|-f\b/);
    expect(read("README.md")).toContain("npm run up -- --yes");
  });
});

describe("files that hold keys stay out of git", () => {
  test("the certificate and key files nextSteps saves in the project folder are ignored", () => {
    const ignored = read(".gitignore").split("\n");
    for (const file of ["ca.crt", "client.crt", "client.key"]) expect(ignored).toContain(file);
  });
});
