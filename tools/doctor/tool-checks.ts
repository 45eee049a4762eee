/**
 * Checks for the command-line tools `pulumi up` shells out to. Each takes a Run, so tests drive them
 * with stand-in executables or recorded answers.
 */
import type { IstioSettings } from "../../components/config/types";
import { firstLine, type Run } from "../common/run";
import type { CheckResult } from "./types";
import { compareSemver, parseIstioctlVersion, parseK3dVersion, parsePulumiVersion } from "./versions";

export const INSTALL = {
  docker: "https://docs.docker.com/get-docker/",
  dockerPostInstall: "https://docs.docker.com/engine/install/linux-postinstall/",
  k3d: "curl -s https://raw.githubusercontent.com/k3d-io/k3d/main/install.sh | bash\n  or: brew install k3d (https://k3d.io/#installation)",
  pulumi:
    "curl -fsSL https://get.pulumi.com | sh\n  or: brew install pulumi/tap/pulumi (https://www.pulumi.com/docs/iac/download-install/)",
  istioctl: (version: string) =>
    `curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${version} sh - && export PATH="$PWD/istio-${version}/bin:$PATH"`,
};

/**
 * k3d.io/v1alpha5, the config format this project writes, is read by k3d v5.5.0 and later.
 * https://k3d.io/stable/usage/configfile/
 */
export const MIN_K3D = { major: 5, minor: 5, patch: 0 } as const;

export async function checkDocker(run: Run): Promise<CheckResult> {
  const check = "Docker daemon";
  // --format keeps the answer to one line; without a daemon the CLI exits non-zero and says why on stderr.
  const result = await run("docker", ["info", "--format", "{{.ServerVersion}}"]);
  if (result.kind === "missing") {
    return {
      check,
      status: "fail",
      detail: `docker CLI not found on PATH.\nInstall Docker: ${INSTALL.docker}`,
    };
  }
  if (result.code !== 0) {
    const reason =
      firstLine(result.stderr) || firstLine(result.stdout) || `exit status ${String(result.code)}`;
    if (/permission denied/i.test(reason)) {
      return {
        check,
        status: "fail",
        detail: `${reason}\nFix: sudo usermod -aG docker "$USER", then log out and back in (${INSTALL.dockerPostInstall})`,
      };
    }
    return {
      check,
      status: "fail",
      detail: `daemon not reachable: ${reason}\nFix: start Docker Desktop, or on Linux: sudo systemctl start docker`,
    };
  }
  return { check, status: "ok", detail: `server ${firstLine(result.stdout) || "reachable"}` };
}

export async function checkK3d(run: Run): Promise<CheckResult> {
  const check = "k3d";
  const result = await run("k3d", ["version"]);
  if (result.kind === "missing") {
    return { check, status: "fail", detail: `k3d not found on PATH.\nInstall k3d v5: ${INSTALL.k3d}` };
  }
  const version = result.code === 0 ? parseK3dVersion(result.stdout) : undefined;
  if (!version) {
    const seen = firstLine(result.stdout) || firstLine(result.stderr) || "no output";
    return {
      check,
      status: "fail",
      detail: `could not read the version from "k3d version" (${seen}).\nReinstall k3d v5: ${INSTALL.k3d}`,
    };
  }
  const wanted = `${MIN_K3D.major}.${MIN_K3D.minor}.${MIN_K3D.patch}`;
  if (compareSemver(version, MIN_K3D) < 0) {
    return {
      check,
      status: "fail",
      detail: `k3d v${version.text} is too old: the cluster config is k3d.io/v1alpha5, which needs k3d v${wanted} or later.\nUpgrade: ${INSTALL.k3d}`,
    };
  }
  if (version.major > MIN_K3D.major) {
    return {
      check,
      status: "warn",
      detail: `k3d v${version.text} is newer than the v5 this project is tested with; if cluster creation fails, install v5: ${INSTALL.k3d}`,
    };
  }
  return { check, status: "ok", detail: `v${version.text}` };
}

export async function checkPulumi(run: Run): Promise<CheckResult> {
  const check = "Pulumi CLI";
  const result = await run("pulumi", ["version"]);
  if (result.kind === "missing") {
    return { check, status: "fail", detail: `pulumi not found on PATH.\nInstall: ${INSTALL.pulumi}` };
  }
  const version = result.code === 0 ? parsePulumiVersion(result.stdout) : undefined;
  if (!version) {
    const seen = firstLine(result.stdout) || firstLine(result.stderr) || "no output";
    return {
      check,
      status: "fail",
      detail: `could not read the version from "pulumi version" (${seen}).\nReinstall: ${INSTALL.pulumi}`,
    };
  }
  if (version.major < 3) {
    return {
      check,
      status: "fail",
      detail: `pulumi v${version.text} is too old; this program needs v3.\nUpgrade: ${INSTALL.pulumi}`,
    };
  }
  return { check, status: "ok", detail: `v${version.text}` };
}

export async function checkIstioctl(run: Run, istio: IstioSettings): Promise<CheckResult> {
  const check = "istioctl";
  if (istio.installer !== "istioctl") {
    return { check, status: "skip", detail: `not needed: istioInstaller is ${istio.installer}` };
  }
  const install = INSTALL.istioctl(istio.version);
  const result = await run("istioctl", ["version", "--remote=false"]);
  if (result.kind === "missing") {
    return {
      check,
      status: "fail",
      detail: `istioctl not found on PATH; the istioctl installer needs istioctl ${istio.version}.\nInstall: ${install}\nOr install with Helm instead: pulumi config set istioInstaller helm`,
    };
  }
  const version = result.code === 0 ? parseIstioctlVersion(result.stdout) : undefined;
  if (!version) {
    const seen = firstLine(result.stdout) || firstLine(result.stderr) || "no output";
    return {
      check,
      status: "fail",
      detail: `could not read the client version from "istioctl version --remote=false" (${seen}).\nReinstall: ${install}`,
    };
  }
  if (version.text !== istio.version) {
    return {
      check,
      status: "fail",
      detail: `istioctl ${version.text} does not match istioVersion ${istio.version}; istioctl installs its own release, so the cluster would run ${version.text}.\nFix: ${install}\nOr pin the stack to this istioctl: pulumi config set istioVersion ${version.text}`,
    };
  }
  return { check, status: "ok", detail: `client ${version.text} (matches istioVersion)` };
}
