/**
 * The simulated cluster: a real kube-apiserver, kube-controller-manager, kube-scheduler and etcd,
 * with nodes and pods simulated by kwok, started by `kwokctl --runtime binary` from the toolchain's
 * own binaries (nothing is downloaded). The lane uses it directly for existing-mode stacks, and the
 * stand-in `k3d` uses the same settings (written to SIM_SETTINGS_ENV) for k3d-mode stacks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Processes } from "./processes";

/** Admission webhooks need a pod network to reach their servers; a simulated cluster has none. */
export const DISABLED_ADMISSION_PLUGINS = "MutatingAdmissionWebhook,ValidatingAdmissionWebhook";

/**
 * The Docker network subnet the stand-in `docker` reports for every k3d network: a loopback range,
 * so MetalLB's pool (derived from it) holds addresses that never leave the machine.
 */
export const SIMULATED_SUBNET = "127.18.0.0/16";

/** The environment variable through which the stand-ins find the settings file. */
export const SIM_SETTINGS_ENV = "ISTIO_SANDBOX_E2E_SIM";

/** What kwokctl needs, shared by the lane and the stand-ins. */
export interface SimSettings {
  readonly kwokctl: string;
  /** `kwokctl create cluster` arguments, before `--name`. */
  readonly createArgs: readonly string[];
  /** Added to the environment of every kwokctl call. */
  readonly env: Readonly<Record<string, string>>;
  readonly subnet: string;
  /** Where the stand-ins keep what k3d and Docker would know (labels of the nodes). */
  readonly stateDir: string;
}

export function simSettings(bin: string, workdir: string): SimSettings {
  const tool = (name: string) => path.join(bin, name);
  return {
    kwokctl: tool("kwokctl"),
    createArgs: [
      "create",
      "cluster",
      "--runtime=binary",
      `--kube-apiserver-binary=${tool("kube-apiserver")}`,
      `--kube-controller-manager-binary=${tool("kube-controller-manager")}`,
      `--kube-scheduler-binary=${tool("kube-scheduler")}`,
      `--etcd-binary=${tool("etcd")}`,
      `--kwok-controller-binary=${tool("kwok")}`,
      // Admission stays on (kwokctl's default) with the webhook plugins off: kwokctl's
      // --kube-admission=false passes --admission-control=, which the API server refuses beside
      // --disable-admission-plugins (https://github.com/kubernetes-sigs/kwok/blob/main/pkg/kwokctl/components/kube_apiserver.go).
      `--extra-args=kube-apiserver=disable-admission-plugins=${DISABLED_ADMISSION_PLUGINS}`,
      "--wait=3m",
      "--quiet-pull",
    ],
    env: {
      // Clusters, their certificates and logs live in the run's own directory, not ~/.kwok.
      KWOK_WORKDIR: path.join(workdir, "kwok"),
      KWOK_KUBECTL_BINARY: tool("kubectl"),
    },
    subnet: SIMULATED_SUBNET,
    stateDir: path.join(workdir, "stand-ins"),
  };
}

export function writeSimSettings(file: string, settings: SimSettings): void {
  fs.mkdirSync(settings.stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** A simulated cluster's kubeconfig file, as kwokctl writes it. */
export function simKubeconfigPath(settings: SimSettings, name: string): string {
  return path.join(settings.env.KWOK_WORKDIR, "clusters", name, "kubeconfig.yaml");
}

const TEN_MINUTES = 10 * 60_000;

async function kwokctl(
  processes: Processes,
  settings: SimSettings,
  args: string[],
  cleanup = false,
): Promise<string> {
  const result = await processes.run(settings.kwokctl, args, {
    env: { ...process.env, ...settings.env },
    timeoutMs: TEN_MINUTES,
    cleanup,
  });
  if (result.code !== 0) {
    throw new Error(
      `kwokctl ${args.slice(0, 3).join(" ")} failed (exit ${result.code}): ${result.output.slice(-2000)}`,
    );
  }
  return result.stdout;
}

/** Creates a cluster with `nodes` simulated nodes and returns its kubeconfig file. */
export async function createSimCluster(
  processes: Processes,
  settings: SimSettings,
  name: string,
  nodes: number,
): Promise<string> {
  await kwokctl(processes, settings, [...settings.createArgs, `--name=${name}`]);
  await kwokctl(processes, settings, ["scale", "node", `--replicas=${nodes}`, `--name=${name}`]);
  return simKubeconfigPath(settings, name);
}

export async function deleteSimCluster(
  processes: Processes,
  settings: SimSettings,
  name: string,
): Promise<void> {
  await kwokctl(processes, settings, ["delete", "cluster", `--name=${name}`], true);
}

/** The clusters that exist in the run's kwok work directory. */
export async function listSimClusters(processes: Processes, settings: SimSettings): Promise<string[]> {
  const out = await kwokctl(processes, settings, ["get", "clusters"], true);
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * The last resort after `kwokctl delete cluster`: kwokctl starts each component detached
 * (setsid) and records its pid in `<cluster>/pids/<component>.pid`; any still running is killed.
 * Returns the components it had to kill.
 */
export function killRemainingComponents(settings: SimSettings): string[] {
  const clusters = path.join(settings.env.KWOK_WORKDIR, "clusters");
  const killed: string[] = [];
  if (!fs.existsSync(clusters)) return killed;
  for (const cluster of fs.readdirSync(clusters)) {
    const pids = path.join(clusters, cluster, "pids");
    if (!fs.existsSync(pids)) continue;
    for (const file of fs.readdirSync(pids)) {
      const pid = Number(fs.readFileSync(path.join(pids, file), "utf8").trim());
      if (!Number.isInteger(pid) || pid <= 0) continue;
      try {
        process.kill(pid, "SIGKILL");
        killed.push(`${cluster}/${file.replace(/\.pid$/, "")}`);
      } catch {
        // Not running: stopped as it should be.
      }
    }
  }
  return killed;
}
