/** Doctor's config, kubeconfig and report pieces, as pure functions. */
import { ConfigError } from "../../components/config/errors";
import { parseConfig } from "../../components/config/parse";
import { expandHome, looksLikeContent } from "../../components/cluster/kubeconfig-source";
import { checkConfig } from "../../tools/doctor/config-check";
import { checkKubeconfig, inspectKubeconfig } from "../../tools/doctor/kubeconfig-check";
import { renderDoctorReport } from "../../tools/doctor/report";
import { SECRET_PLACEHOLDER, readStackConfigText } from "../../tools/doctor/stack-config";
import { parseIstioctlVersion, parseK3dVersion, parsePulumiVersion } from "../../tools/doctor/versions";

describe("readStackConfigText", () => {
  it("keeps this project's keys, typed, without the prefix, and ignores other namespaces", () => {
    const text = [
      "config:",
      "  istio-sandbox:httpPort: 8080",
      "  istio-sandbox:httpsRedirect: true",
      "  istio-sandbox:apps:",
      "    - name: helloworld",
      "      image: us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0",
      "  kubernetes:context: other",
    ].join("\n");
    expect(readStackConfigText(text, "Pulumi.dev.yaml")).toEqual({
      raw: {
        httpPort: 8080,
        httpsRedirect: true,
        apps: [
          { name: "helloworld", image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0" },
        ],
      },
      secretKeys: [],
    });
  });
  it("masks encrypted values and names their keys", () => {
    const file = readStackConfigText(
      "config:\n  istio-sandbox:kubeconfig:\n    secure: v1:abc\n",
      "Pulumi.x.yaml",
    );
    expect(file).toEqual({ raw: { kubeconfig: SECRET_PLACEHOLDER }, secretKeys: ["kubeconfig"] });
  });
  it("an empty file or one without config: means all defaults", () => {
    expect(readStackConfigText("", "Pulumi.dev.yaml")).toEqual({ raw: {}, secretKeys: [] });
    expect(readStackConfigText("encryptionsalt: abc\n", "Pulumi.dev.yaml")).toEqual({
      raw: {},
      secretKeys: [],
    });
  });
  it("rejects invalid YAML, naming the file", () => {
    expect(() => readStackConfigText("config: [unclosed", "Pulumi.dev.yaml")).toThrow(
      /^Pulumi.dev.yaml is not valid YAML: /,
    );
  });
  it("rejects a config: that is not a map", () => {
    expect(() => readStackConfigText("config: 3\n", "Pulumi.dev.yaml")).toThrow(
      'Pulumi.dev.yaml: config: must be a map of "istio-sandbox:<key>: <value>" entries',
    );
  });
  it("rejects a file that is not a map", () => {
    expect(() => readStackConfigText("- a\n", "Pulumi.dev.yaml")).toThrow(
      "Pulumi.dev.yaml must be a YAML map with a config: key",
    );
  });
});

describe("checkConfig", () => {
  it("a valid file: summarises mode, Istio and hosts", () => {
    const check = checkConfig("config:\n  istio-sandbox:istioInstaller: helm\n", "dev");
    expect(check.result).toEqual({
      check: "config (Pulumi.dev.yaml)",
      status: "ok",
      detail: "mode k3d, Istio 1.31.1 via helm, apps: helloworld.fireflyclass.com",
    });
    expect(check.config.istio.installer).toBe("helm");
  });
  it("a missing file is a warning with the command that creates the stack", () => {
    const check = checkConfig(undefined, "staging");
    expect(check.result).toEqual({
      check: "config (Pulumi.staging.yaml)",
      status: "warn",
      detail:
        "Pulumi.staging.yaml not found; every key takes its default. Create the stack: pulumi stack init staging",
    });
  });
  it("a bad value fails with exactly parseConfig's message, so doctor and up agree", () => {
    const raw = { httpPort: 70000, tlsMod: "SIMPLE" };
    let expected = "";
    try {
      parseConfig(raw);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expected = (error as Error).message;
    }
    const check = checkConfig(
      "config:\n  istio-sandbox:httpPort: 70000\n  istio-sandbox:tlsMod: SIMPLE\n",
      "dev",
    );
    expect(check.result.status).toBe("fail");
    expect(check.result.detail).toBe(
      `${expected}\n(the checks below assume the defaults until this is fixed)`,
    );
    expect(check.result.detail).toContain('did you mean "tlsMode"');
    expect(check.config).toEqual(parseConfig({}));
  });
  it("invalid YAML fails with the parser's first line", () => {
    const check = checkConfig("config: {", "dev");
    expect(check.result.status).toBe("fail");
    expect(check.result.detail).toMatch(/^Pulumi.dev.yaml is not valid YAML: /);
  });
});

describe("version parsers", () => {
  it("k3d", () => {
    expect(parseK3dVersion("k3d version v5.8.3\nk3s version v1.31.5-k3s1 (default)\n")?.text).toBe("5.8.3");
    expect(parseK3dVersion("k3s version v1.31.5-k3s1")).toBeUndefined();
  });
  it("pulumi", () => {
    expect(parsePulumiVersion("v3.192.0\n")?.major).toBe(3);
    expect(parsePulumiVersion("warning: something\nv3.1.0\n")?.text).toBe("3.1.0");
    expect(parsePulumiVersion("garbage")).toBeUndefined();
  });
  it("istioctl: bare, labelled, BuildInfo, prerelease", () => {
    expect(parseIstioctlVersion("1.30.3\n")?.text).toBe("1.30.3");
    expect(parseIstioctlVersion("client version: 1.30.3\ncontrol plane version: 1.29.0\n")?.text).toBe(
      "1.30.3",
    );
    expect(parseIstioctlVersion('version.BuildInfo{Version:"1.5.1", GitRevision:"x"}')?.text).toBe("1.5.1");
    expect(parseIstioctlVersion("1.31.0-beta.1")?.text).toBe("1.31.0-beta.1");
    expect(parseIstioctlVersion("Error: unknown flag")).toBeUndefined();
  });
});

describe("kubeconfig", () => {
  const good = [
    "apiVersion: v1",
    "clusters:",
    "  - name: prod",
    "    cluster: { server: https://prod.example:6443 }",
    "  - name: lab",
    "    cluster: { server: https://lab.example:6443 }",
    "contexts:",
    "  - name: prod-admin",
    "    context: { cluster: prod, user: admin }",
    "  - name: lab-admin",
    "    context: { cluster: lab, user: admin }",
    "  - name: broken",
    "    context: { cluster: gone, user: admin }",
    "current-context: prod-admin",
    "users: [{ name: admin, user: {} }]",
  ].join("\n");

  it("tells contents from paths", () => {
    expect(looksLikeContent(good)).toBe(true);
    expect(looksLikeContent('{"apiVersion":"v1"}')).toBe(true);
    expect(looksLikeContent("~/.kube/config")).toBe(false);
    expect(expandHome("~/.kube/config", "/home/me")).toBe("/home/me/.kube/config");
    expect(expandHome("/etc/k.yaml", "/home/me")).toBe("/etc/k.yaml");
  });
  it("uses current-context, or kubeContext when set", () => {
    expect(inspectKubeconfig(good, "x", undefined).detail).toBe(
      'context "prod-admin" → https://prod.example:6443',
    );
    expect(inspectKubeconfig(good, "x", "lab-admin").detail).toBe(
      'context "lab-admin" → https://lab.example:6443',
    );
  });
  it("unknown context: lists the available ones and the key to set", () => {
    const result = inspectKubeconfig(good, "/k", "staging");
    expect(result.status).toBe("fail");
    expect(result.detail).toBe(
      'context "staging" is not in /k (available: prod-admin, lab-admin, broken).\nFix: pulumi config set kubeContext <one of those>',
    );
  });
  it("a context pointing at an undefined cluster", () => {
    expect(inspectKubeconfig(good, "/k", "broken").detail).toContain(
      'points at cluster "gone", which /k does not define',
    );
  });
  it("no current-context", () => {
    const result = inspectKubeconfig(good.replace("current-context: prod-admin", ""), "/k", undefined);
    expect(result.detail).toBe(
      "/k has no current-context.\nFix: pulumi config set kubeContext <one of: prod-admin, lab-admin, broken>",
    );
  });
  it("not a kubeconfig", () => {
    expect(inspectKubeconfig("hello: world\n", "/k", undefined).detail).toBe(
      "/k lists no clusters, so it is not a kubeconfig.\nFix: pulumi config set kubeconfig ~/.kube/config",
    );
    expect(inspectKubeconfig("a: [", "/k", undefined).detail).toMatch(/^\/k is not valid YAML \(/);
  });
  it("a path that does not exist, or cannot be read", async () => {
    const missing = Object.assign(new Error("nope"), { code: "ENOENT" });
    const denied = Object.assign(new Error("nope"), { code: "EACCES" });
    const existing = { kubeconfig: "~/.kube/lab", loadBalancer: "provided" as const };
    const notFound = await checkKubeconfig(existing, {
      readFile: () => Promise.reject(missing),
      homeDir: "/home/me",
    });
    expect(notFound.detail).toBe(
      'kubeconfig file /home/me/.kube/lab does not exist.\nFix: pulumi config set kubeconfig ~/.kube/config (a path), or pulumi config set --secret kubeconfig "$(cat ~/.kube/config)"',
    );
    const unreadable = await checkKubeconfig(existing, {
      readFile: () => Promise.reject(denied),
      homeDir: "/home/me",
    });
    expect(unreadable.detail).toContain(
      "is not readable by this user (fix its permissions: chmod 600 /home/me/.kube/lab)",
    );
  });
  it("reads a path through the injected reader", async () => {
    const result = await checkKubeconfig(
      { kubeconfig: "/k.yaml", context: "lab-admin", loadBalancer: "provided" },
      {
        readFile: (p) => (p === "/k.yaml" ? Promise.resolve(good) : Promise.reject(new Error(p))),
        homeDir: "/h",
      },
    );
    expect(result).toEqual({
      check: "kubeconfig",
      status: "ok",
      detail: 'context "lab-admin" → https://lab.example:6443',
    });
  });
});

describe("renderDoctorReport", () => {
  it("prints the table and counts what blocks up", () => {
    const text = renderDoctorReport("dev", [
      { check: "Pulumi CLI", status: "ok", detail: "v3.192.0" },
      { check: "k3d", status: "fail", detail: "k3d not found on PATH.\nInstall k3d v5: curl ..." },
      { check: "istioctl", status: "skip", detail: "not needed" },
    ]);
    expect(text).toBe(
      [
        "npm run doctor: preflight for stack dev",
        "",
        "check       status  detail / fix",
        "----------  ------  ------------------------",
        "Pulumi CLI  ok      v3.192.0",
        "k3d         FAIL    k3d not found on PATH.",
        "                    Install k3d v5: curl ...",
        "istioctl    skip    not needed",
        "",
        '1 problem blocks "pulumi up" for stack dev; apply each FAIL row\'s fix and run npm run doctor again.',
        "",
      ].join("\n"),
    );
  });
  it("says ready when nothing fails (warnings do not block)", () => {
    expect(renderDoctorReport("dev", [{ check: "c", status: "warn", detail: "d" }])).toContain(
      'Ready: nothing blocks "pulumi up" for stack dev.',
    );
  });
});
