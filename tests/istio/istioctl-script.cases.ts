import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  KUBECONFIG_ENV,
  OPERATOR_ENV,
  renderInstallScript,
  renderUninstallScript,
} from "../../components/istio/istioctl-script";
import { runShell } from "./fake-kube-api";

describe("istioctl install and uninstall scripts", () => {
  const STANDIN_BIN = path.resolve(__dirname, "../fixtures/bin");
  const NODE_BIN = path.dirname(process.execPath);
  const KUBECONFIG =
    "apiVersion: v1\nkind: Config\ncurrent-context: k3d-sandbox\n# the cluster's own, not the user's";
  const SPEC = "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  profile: demo\n";

  interface Call {
    subcommand: string;
    argv: string[];
    env: { KUBECONFIG: string | null; HOME: string | null };
    kubeconfigPath: string | null;
    kubeconfig: string | null;
    kubeconfigMode: string | null;
    specPath: string | null;
    spec: string | null;
  }

  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "istioctl-script-test-"));
    fs.mkdirSync(path.join(scratch, "home"));
    fs.mkdirSync(path.join(scratch, "tmp"));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  async function run(script: string, env: Record<string, string> = {}, stdin = SPEC) {
    const log = path.join(scratch, "calls.jsonl");
    const result = await runShell(
      script,
      {
        PATH: `${STANDIN_BIN}:${NODE_BIN}:/usr/bin:/bin`,
        HOME: path.join(scratch, "home"),
        TMPDIR: path.join(scratch, "tmp"),
        ISTIOCTL_STANDIN_LOG: log,
        [KUBECONFIG_ENV]: KUBECONFIG,
        ...env,
      },
      stdin,
    );
    const calls: Call[] = fs.existsSync(log)
      ? fs
          .readFileSync(log, "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as Call)
      : [];
    return { ...result, calls };
  }

  describe("install script, run against a stand-in istioctl", () => {
    test("checks the version, then installs the spec from stdin exactly as given", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.calls.map((c) => c.argv)).toEqual([
        ["version", "--remote=false"],
        ["install", "-y", "--kubeconfig", expect.any(String), "-f", expect.any(String)],
      ]);
      expect(result.calls[1].spec).toBe(SPEC);
    });

    test("points istioctl at a private copy of the cluster's kubeconfig, never at ~/.kube", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }));
      const install = result.calls[1];
      expect(install.kubeconfig).toBe(KUBECONFIG);
      expect(install.kubeconfigMode).toBe("600");
      expect(install.env.KUBECONFIG).toBe(install.kubeconfigPath);
      expect(install.kubeconfigPath?.startsWith(path.join(scratch, "tmp"))).toBe(true);
      expect(install.env.HOME).toBe(path.join(scratch, "home"));
      expect(fs.readdirSync(path.join(scratch, "home"))).toEqual([]);
    });

    test("removes the kubeconfig copy and the spec file afterwards", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }));
      expect(result.calls[1].kubeconfigPath).not.toBeNull();
      expect(fs.existsSync(result.calls[1].kubeconfigPath ?? "")).toBe(false);
      expect(fs.readdirSync(path.join(scratch, "tmp"))).toEqual([]);
    });

    test("passes the cluster's context when it has one", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1", context: "it's-mine" }));
      const argv = result.calls[1].argv;
      expect(argv.slice(argv.indexOf("--context"), argv.indexOf("--context") + 2)).toEqual([
        "--context",
        "it's-mine",
      ]);
    });

    test("also accepts a bare version line from istioctl version", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }), {
        ISTIOCTL_STANDIN_VERSION_PREFIX: "none",
      });
      expect(result.code).toBe(0);
      expect(result.calls.map((c) => c.subcommand)).toEqual(["version", "install"]);
    });

    test("refuses a different istioctl version, naming istioVersion and how to get the right one", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }), {
        ISTIOCTL_STANDIN_VERSION: "1.29.1",
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "istioctl on PATH is version 1.29.1, but the stack's istioVersion is 1.31.1",
      );
      expect(result.stderr).toContain("curl -sL https://istio.io/downloadIstio | ISTIO_VERSION=1.31.1 sh -");
      expect(result.stderr).toContain("pulumi config set istioInstaller helm");
      expect(result.calls.map((c) => c.subcommand)).toEqual(["version"]);
    });

    test("says unknown when istioctl version prints nothing", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }), {
        ISTIOCTL_STANDIN_FAIL: "version",
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "istioctl on PATH is version unknown, but the stack's istioVersion is 1.31.1",
      );
    });

    test("explains how to get istioctl when there is none on PATH", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }), { PATH: "/usr/bin:/bin" });
      expect(result.code).toBe(127);
      expect(result.stderr).toContain("istioctl was not found on PATH. Install istioctl 1.31.1");
    });

    test("fails when istioctl install fails, and still cleans up", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }), {
        ISTIOCTL_STANDIN_FAIL: "install",
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("install failed on purpose");
      expect(fs.readdirSync(path.join(scratch, "tmp"))).toEqual([]);
    });

    test("refuses to run without the kubeconfig rather than fall back to the user's", async () => {
      const result = await run(renderInstallScript({ version: "1.31.1" }), { [KUBECONFIG_ENV]: "" });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`the cluster kubeconfig was not passed in ${KUBECONFIG_ENV}`);
      expect(result.calls.map((c) => c.subcommand)).toEqual(["version"]);
    });
  });

  describe("uninstall script, run against a stand-in istioctl", () => {
    test("removes only what the stack's own IstioOperator installed: -f with that spec, never --purge", async () => {
      const result = await run(
        renderUninstallScript({ version: "1.30.3", context: "prod-like" }),
        { [OPERATOR_ENV]: SPEC },
        "",
      );
      expect(result.code).toBe(0);
      expect(result.calls).toHaveLength(1);
      expect(result.calls[0].spec).toBe(SPEC);
      expect(result.calls[0].argv).not.toContain("--purge");
      expect(result.calls[0].argv).toEqual([
        "uninstall",
        "-y",
        "-f",
        result.calls[0].specPath,
        "--kubeconfig",
        result.calls[0].kubeconfigPath,
        "--context",
        "prod-like",
      ]);
      expect(result.calls[0].kubeconfig).toBe(KUBECONFIG);
      expect(fs.readdirSync(path.join(scratch, "home"))).toEqual([]);
    });

    test("does not insist on the exact version: a destroy should not be blocked by an upgrade of istioctl", async () => {
      const result = await run(
        renderUninstallScript({ version: "1.30.3" }),
        { ISTIOCTL_STANDIN_VERSION: "1.31.0", [OPERATOR_ENV]: SPEC },
        "",
      );
      expect(result.code).toBe(0);
      expect(result.calls.map((c) => c.subcommand)).toEqual(["uninstall"]);
    });

    test("refuses to run without the spec rather than fall back to removing everything", async () => {
      const result = await run(renderUninstallScript({ version: "1.31.1" }), {}, "");
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`the IstioOperator to uninstall was not passed in ${OPERATOR_ENV}`);
      expect(result.calls).toEqual([]);
    });
  });
});
