/**
 * Doctor against stand-in docker/k3d/pulumi/istioctl executables on PATH (tests/fixtures/bin),
 * whose behaviour each test picks with STUB_* environment variables.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { processRunner } from "../../tools/common/run";
import { runDoctor, doctorExitCode, type DoctorDeps } from "../../tools/doctor/doctor";
import type { ClusterProbe } from "../../tools/doctor/cluster-check";
import type { PortProbe } from "../../tools/doctor/port-checks";
import { checkDocker, checkIstioctl, checkK3d, checkPulumi } from "../../tools/doctor/tool-checks";
import type { CheckResult } from "../../tools/doctor/types";

describe("doctor's tool checks", () => {
  const BIN = path.resolve(__dirname, "../fixtures/bin");
  let emptyDir: string;
  let logFile: string;

  beforeAll(() => {
    for (const tool of ["docker", "k3d", "pulumi", "istioctl"]) fs.chmodSync(path.join(BIN, tool), 0o755);
    emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-empty-path-"));
    logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doctor-log-")), "argv.log");
  });

  beforeEach(() => fs.writeFileSync(logFile, ""));

  /** The stand-ins' calls, one per line, arguments separated by spaces. */
  const loggedCalls = () => fs.readFileSync(logFile, "utf8").replace(/\t/g, " ");

  /**
   * Runner whose PATH holds the stand-ins first (then node, which the istioctl stand-in runs on), or
   * only an empty folder, for "missing".
   */
  function runner(fake: Record<string, string> = {}, pathDir = BIN) {
    const PATH = pathDir === BIN ? `${BIN}:${path.dirname(process.execPath)}` : pathDir;
    return processRunner({ env: { PATH, STUB_LOG: logFile, ...fake } });
  }

  const istio = {
    version: "1.30.3",
    hub: "docker.io/istio",
    chartRepo: "https://blob.istio.io/istio-release/charts",
    installer: "istioctl" as const,
    profile: "demo" as const,
    ingressGateway: true,
    meshConfig: {},
    values: {},
    nodePorts: { http: 30080, https: 30443 },
  };

  describe("missing tools", () => {
    const run = () => runner({}, emptyDir);
    it("docker: names the install page", async () => {
      expect(await checkDocker(run())).toEqual({
        check: "Docker daemon",
        status: "fail",
        detail: "docker CLI not found on PATH.\nInstall Docker: https://docs.docker.com/get-docker/",
      });
    });
    it("k3d: gives the install command", async () => {
      const result = await checkK3d(run());
      expect(result.status).toBe("fail");
      expect(result.detail).toContain("k3d not found on PATH.");
      expect(result.detail).toContain(
        "curl -s https://raw.githubusercontent.com/k3d-io/k3d/main/install.sh | bash",
      );
    });
    it("pulumi: gives the install command", async () => {
      const result = await checkPulumi(run());
      expect(result.status).toBe("fail");
      expect(result.detail).toContain(
        "pulumi not found on PATH.\nInstall: curl -fsSL https://get.pulumi.com | sh",
      );
    });
    it("istioctl: gives the download command for the configured version, and the Helm alternative", async () => {
      const result = await checkIstioctl(run(), istio);
      expect(result.status).toBe("fail");
      expect(result.detail).toContain("curl -L https://istio.io/downloadIstio | ISTIO_VERSION=1.30.3 sh -");
      expect(result.detail).toContain('export PATH="$PWD/istio-1.30.3/bin:$PATH"');
      expect(result.detail).toContain("pulumi config set istioInstaller helm");
    });
  });

  describe("docker", () => {
    it("reports the server version when the daemon answers", async () => {
      expect(await checkDocker(runner())).toEqual({
        check: "Docker daemon",
        status: "ok",
        detail: "server 28.3.2",
      });
      expect(loggedCalls()).toBe("docker info --format {{.ServerVersion}}\n");
    });
    it("daemon down: quotes Docker and says how to start it", async () => {
      const result = await checkDocker(runner({ STUB_DOCKER_DAEMON: "down" }));
      expect(result.status).toBe("fail");
      expect(result.detail).toBe(
        "daemon not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\nFix: start Docker Desktop, or on Linux: sudo systemctl start docker",
      );
    });
    it("socket permission denied: says to join the docker group", async () => {
      const result = await checkDocker(runner({ STUB_DOCKER_DAEMON: "denied" }));
      expect(result.status).toBe("fail");
      expect(result.detail).toContain('Fix: sudo usermod -aG docker "$USER"');
    });
  });

  describe("k3d", () => {
    it("accepts v5.5+", async () => {
      expect(await checkK3d(runner())).toEqual({ check: "k3d", status: "ok", detail: "v5.9.0" });
    });
    it("too old (the walkthrough's v1.7.0): explains the v1alpha5 config and how to upgrade", async () => {
      const result = await checkK3d(runner({ STUB_K3D_VERSION: "v1.7.0" }));
      expect(result.status).toBe("fail");
      expect(result.detail).toContain(
        "k3d v1.7.0 is too old: the cluster config is k3d.io/v1alpha5, which needs k3d v5.5.0 or later.",
      );
      expect(result.detail).toContain(
        "Upgrade: curl -s https://raw.githubusercontent.com/k3d-io/k3d/main/install.sh | bash",
      );
    });
    it("too old within v5 (before v1alpha5)", async () => {
      const result = await checkK3d(runner({ STUB_K3D_VERSION: "v5.4.9" }));
      expect(result.status).toBe("fail");
      expect(result.detail).toContain("k3d v5.4.9 is too old");
    });
    it("a future major version is a warning, not a block", async () => {
      const result = await checkK3d(runner({ STUB_K3D_VERSION: "v6.0.0" }));
      expect(result.status).toBe("warn");
      expect(result.detail).toContain("k3d v6.0.0 is newer than the v5");
    });
    it("unreadable version output", async () => {
      const result = await checkK3d(runner({ STUB_K3D_VERSION: "dev" }));
      expect(result.status).toBe("fail");
      expect(result.detail).toContain('could not read the version from "k3d version" (k3d version dev)');
    });
  });

  describe("pulumi", () => {
    it("accepts v3", async () => {
      expect(await checkPulumi(runner())).toEqual({ check: "Pulumi CLI", status: "ok", detail: "v3.192.0" });
    });
    it("too old", async () => {
      const result = await checkPulumi(runner({ STUB_PULUMI_VERSION: "v2.25.2" }));
      expect(result.status).toBe("fail");
      expect(result.detail).toContain("pulumi v2.25.2 is too old; this program needs v3.");
    });
  });

  describe("istioctl", () => {
    it("matches the configured version (`client version: X`, as every current release prints it)", async () => {
      expect(await checkIstioctl(runner({ ISTIOCTL_STANDIN_VERSION: "1.30.3" }), istio)).toEqual({
        check: "istioctl",
        status: "ok",
        detail: "client 1.30.3 (matches istioVersion)",
      });
      expect(loggedCalls()).toBe("istioctl version --remote=false\n");
    });
    it("matches the configured version (a bare version line)", async () => {
      const result = await checkIstioctl(runner({ ISTIOCTL_STANDIN_VERSION_OUTPUT: "1.30.3" }), istio);
      expect(result.status).toBe("ok");
    });
    it("mismatch: both fixes, download or re-pin istioVersion", async () => {
      const result = await checkIstioctl(runner({ ISTIOCTL_STANDIN_VERSION_OUTPUT: "1.29.0" }), istio);
      expect(result.status).toBe("fail");
      expect(result.detail).toContain(
        "istioctl 1.29.0 does not match istioVersion 1.30.3; istioctl installs its own release, so the cluster would run 1.29.0.",
      );
      expect(result.detail).toContain("ISTIO_VERSION=1.30.3");
      expect(result.detail).toContain("pulumi config set istioVersion 1.29.0");
    });
    it("the walkthrough's 1.5.1 long form is read, and mismatches", async () => {
      const output =
        'version.BuildInfo{Version:"1.5.1", GitRevision:"9d07e185b0dd50e6fb1418caa4b4d879788807e3", GolangVersion:"go1.13.4"}';
      const result = await checkIstioctl(runner({ ISTIOCTL_STANDIN_VERSION_OUTPUT: output }), istio);
      expect(result.status).toBe("fail");
      expect(result.detail).toContain("istioctl 1.5.1 does not match");
    });
    it("is skipped when Istio is installed with Helm", async () => {
      const result = await checkIstioctl(runner({}, emptyDir), { ...istio, installer: "helm" });
      expect(result).toEqual({
        check: "istioctl",
        status: "skip",
        detail: "not needed: istioInstaller is helm",
      });
    });
  });

  const healthyCluster: ClusterProbe = {
    version: () => Promise.resolve("v1.34.8"),
    istiods: () => Promise.resolve([]),
    loadBalancerEvidence: () => Promise.resolve("nodes run on a cloud provider (aws)"),
  };

  describe("runDoctor end to end", () => {
    const freeProbe: PortProbe = () => Promise.resolve("free");
    const deps = (over: Partial<DoctorDeps> = {}): DoctorDeps => ({
      stack: "dev",
      readStackFile: () => Promise.resolve("config:\n  istio-sandbox:domain: fireflyclass.com\n"),
      run: runner(),
      probe: freeProbe,
      readFile: (file) => fs.promises.readFile(file, "utf8"),
      homeDir: os.homedir(),
      connect: () => Promise.resolve(healthyCluster),
      ...over,
    });
    const statuses = (results: readonly CheckResult[]) =>
      Object.fromEntries(results.map((r) => [r.check, r.status]));

    it("all good: every check ok, exit 0", async () => {
      const results = await runDoctor(deps());
      expect(statuses(results)).toEqual({
        "config (Pulumi.dev.yaml)": "ok",
        "Pulumi CLI": "ok",
        "Docker daemon": "ok",
        k3d: "ok",
        "host port 80 (http)": "ok",
        "host port 443 (https)": "ok",
        istioctl: "ok",
      });
      expect(doctorExitCode(results)).toBe(0);
    });

    it("nothing installed (this machine's state): every tool fails with its fix, exit 1", async () => {
      const results = await runDoctor(deps({ run: runner({}, emptyDir) }));
      expect(results.filter((r) => r.status === "fail").map((r) => r.check)).toEqual([
        "Pulumi CLI",
        "Docker daemon",
        "k3d",
        "istioctl",
      ]);
      expect(doctorExitCode(results)).toBe(1);
    });

    it("existing mode skips Docker, k3d and ports, and checks the kubeconfig instead", async () => {
      const kubeconfig =
        "apiVersion: v1\nclusters: [{name: c, cluster: {server: 'https://10.0.0.1:6443'}}]\ncontexts: [{name: ctx, context: {cluster: c, user: u}}]\ncurrent-context: ctx\nusers: [{name: u, user: {}}]\n";
      const results = await runDoctor(
        deps({
          readStackFile: () =>
            Promise.resolve(
              `config:\n  istio-sandbox:mode: existing\n  istio-sandbox:kubeconfig:\n    secure: v1:AAAA\n`,
            ),
          run: runner({ STUB_PULUMI_SECRET: kubeconfig }),
        }),
      );
      expect(statuses(results)).toEqual({
        "config (Pulumi.dev.yaml)": "ok",
        "Pulumi CLI": "ok",
        "Docker daemon": "skip",
        k3d: "skip",
        kubeconfig: "ok",
        cluster: "ok",
        "existing Istio": "ok",
        "load balancer": "ok",
        istioctl: "ok",
      });
      expect(results.find((r) => r.check === "kubeconfig")?.detail).toBe(
        'context "ctx" → https://10.0.0.1:6443',
      );
      expect(loggedCalls()).toContain("pulumi config get kubeconfig --stack dev");
    });

    it("existing mode with a secret that cannot be decrypted says how to unlock it", async () => {
      const results = await runDoctor(
        deps({
          readStackFile: () =>
            Promise.resolve(
              `config:\n  istio-sandbox:mode: existing\n  istio-sandbox:kubeconfig:\n    secure: v1:AAAA\n`,
            ),
          run: runner({ STUB_PULUMI_SECRET_ERROR: "incorrect passphrase" }),
        }),
      );
      const row = results.find((r) => r.check === "kubeconfig");
      expect(row?.status).toBe("fail");
      expect(row?.detail).toContain(
        "kubeconfig is a secret and could not be decrypted: error: incorrect passphrase.",
      );
      // The wrapper already supplied a passphrase: the fix is the one the stack was made with.
      expect(row?.detail).toContain("this machine's passphrase (~/.config/istio-sandbox/passphrase)");
      expect(row?.detail).toContain("export the one this stack was made with");
    });

    it("every fix goes through npm run config, which supplies the passphrase", async () => {
      const results = await runDoctor(
        deps({ readStackFile: () => Promise.resolve("config:\n  istio-sandbox:servers: 2\n") }),
      );
      const config = results.find((r) => r.check === "config (Pulumi.dev.yaml)");
      expect(config?.status).toBe("fail");
      expect(config?.detail).toContain("Fix: npm run config -- set servers <value>");
      for (const result of results) expect(result.detail).not.toMatch(/pulumi config (set|rm|get)/);
    });
  });
});
