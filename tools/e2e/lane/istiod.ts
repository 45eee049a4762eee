/**
 * istiod (pilot-discovery) as a local process against the simulated cluster, in place of its
 * simulated pod, the way metallb-controller.ts runs MetalLB's controller: its gateway controller then
 * really makes the `<gateway>-istio` Deployment and Service of a Gateway API Gateway, and waypoints;
 * it picks up `cacerts`, writes Gateway status, and serves its validation webhook for e2e:objects.
 * It runs with the pod's own arguments and environment, the simulated cluster's kubeconfig, ports
 * free on this machine, and a private working directory for what the pod mounts or writes: istiod
 * resolves its paths (`./etc/cacerts`, `./var/lib/istio/inject`, `./etc/istio/config/mesh`) from it.
 * What needs a pod network (the API server calling istiod's webhooks) stays off.
 * Flags: https://github.com/istio/istio/blob/1.31.1/pilot/cmd/pilot-discovery/app/cmd.go
 * Without a mesh config file it reads the `istio` ConfigMap (`istio-<revision>`), as in the pod:
 * https://github.com/istio/istio/blob/1.31.1/pilot/pkg/bootstrap/mesh.go
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ChildProcess } from "node:child_process";
import { freePort, type PodEnvVar, podEnvironment } from "./local-pod";
import type { Processes } from "./processes";

/** istiod's pod labels (manifests/charts/istio-control/istio-discovery/templates/deployment.yaml). */
export const ISTIOD_SELECTOR = "app=istiod";

export interface IstiodPod {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly deletionTimestamp?: string;
  };
  readonly spec: {
    readonly serviceAccountName?: string;
    readonly containers: readonly {
      readonly name: string;
      readonly args?: readonly string[];
      readonly env?: readonly PodEnvVar[];
    }[];
  };
}

export interface IstiodPorts {
  readonly http: number;
  readonly https: number;
  readonly grpc: number;
  readonly secureGrpc: number;
  readonly monitoring: number;
  readonly ctrlz: number;
}

export interface IstiodCommand {
  readonly args: string[];
  readonly env: Record<string, string>;
}

/** Flags that mean something only inside the pod (its ports, its kubeconfig), and their arity. */
const POD_ONLY_FLAGS: Readonly<Record<string, "value" | "bool">> = {
  "--httpAddr": "value",
  "--httpsAddr": "value",
  "--grpcAddr": "value",
  "--secureGRPCAddr": "value",
  "--monitoringAddr": "value",
  "--ctrlz_port": "value",
  "--ctrlz_address": "value",
  "--kubeconfig": "value",
  // Plain lines read better in the run's log file than JSON ones.
  "--log_as_json": "bool",
};

/** The pod's arguments without the pod-only flags, in either `--flag value` or `--flag=value` form. */
function podArgs(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag] = args[i].split("=", 1);
    const arity = POD_ONLY_FLAGS[flag];
    if (arity === undefined) kept.push(args[i]);
    else if (arity === "value" && !args[i].includes("=")) i++;
  }
  return kept;
}

/** The revision the pod serves, from its REVISION variable (`default` when it has none). */
export function podRevision(pod: IstiodPod): string {
  const container = pod.spec.containers.find((c) => c.name === "discovery") ?? pod.spec.containers[0];
  return container?.env?.find((v) => v.name === "REVISION")?.value ?? "default";
}

/** The mesh config ConfigMap istiod reads for a revision (pilot/pkg/bootstrap/mesh.go, getMeshConfigMapName). */
export function meshConfigMapName(revision: string): string {
  return revision === "" || revision === "default" ? "istio" : `istio-${revision}`;
}

/**
 * pilot-discovery's command line from its simulated pod: the pod's arguments and environment (field
 * references resolved as the kubelet would), the simulated cluster's kubeconfig, loopback ports.
 */
export function istiodCommand(pod: IstiodPod, kubeconfig: string, ports: IstiodPorts): IstiodCommand {
  const container = pod.spec.containers.find((c) => c.name === "discovery") ?? pod.spec.containers[0];
  const fields: Record<string, string> = {
    "metadata.name": pod.metadata.name,
    "metadata.namespace": pod.metadata.namespace,
    "spec.serviceAccountName": pod.spec.serviceAccountName ?? "istiod",
  };
  const env = podEnvironment(container?.env ?? [], fields);
  const local = (port: number) => `127.0.0.1:${port}`;
  return {
    args: [
      ...podArgs(container?.args ?? ["discovery"]),
      `--kubeconfig=${kubeconfig}`,
      `--httpAddr=${local(ports.http)}`,
      `--httpsAddr=${local(ports.https)}`,
      `--grpcAddr=${local(ports.grpc)}`,
      `--secureGRPCAddr=${local(ports.secureGrpc)}`,
      `--monitoringAddr=${local(ports.monitoring)}`,
      `--ctrlz_port=${ports.ctrlz}`,
      "--ctrlz_address=127.0.0.1",
    ],
    env: {
      ...env,
      // The pod's KUBECONFIG names a mounted remote-cluster secret; here it is the simulated cluster.
      KUBECONFIG: kubeconfig,
      POD_NAMESPACE: pod.metadata.namespace,
      // The validation webhook's controller proves the webhook serves by having the API server call it,
      // which needs a pod network; the webhook itself still serves (e2e:objects calls it directly).
      // https://github.com/istio/istio/blob/1.31.1/pilot/pkg/bootstrap/validation.go#L47
      VALIDATION_WEBHOOK_CONFIG_NAME: "",
    },
  };
}

/**
 * The files the pod would see of the optional `cacerts` Secret (mounted at ./etc/cacerts, istiod's
 * ROOT_CA_DIR): each key of its data, decoded. Empty when there is no such Secret.
 * https://github.com/istio/istio/blob/1.31.1/pilot/pkg/bootstrap/istio_ca.go#L84
 */
export function cacertsFiles(
  secret: { readonly data?: Readonly<Record<string, string>> } | undefined,
): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(secret?.data ?? {}))
    if (/^[A-Za-z0-9._-]+$/.test(key)) files[key] = Buffer.from(value, "base64");
  return files;
}

export interface IstiodRunnerOptions {
  readonly processes: Processes;
  readonly binary: string;
  readonly kubectl: string;
  /** Istio's namespace: where istiod's pod, its ConfigMaps and `cacerts` live. */
  readonly namespace: string;
  /** The cluster's kubeconfig file, once the cluster exists. */
  readonly kubeconfig: () => string | undefined;
  /** A private directory: istiod's working directory (its relative paths), and where cacerts goes. */
  readonly workdir: string;
  readonly logFile: string;
  readonly intervalMs: number;
  /**
   * Start only once a `cacerts` Secret exists: where the program plugs in its CA, it makes the Secret
   * before istiod starts, and istiod reads it only at start. e2e:objects applies objects after the
   * install, so it waits here; the lane follows the program's own order and need not.
   */
  readonly awaitCacerts?: boolean;
}

/** What the runner knows of the process it started: where its webhooks answer. */
export interface RunningIstiod {
  readonly pod: string;
  readonly revision: string;
  readonly ports: IstiodPorts;
}

/**
 * Watches for istiod's simulated pods and keeps one pilot-discovery running for each (one per
 * revision) once Istio's install has made that revision's mesh config ConfigMap; stops one when its
 * pod goes (as the kubelet would, so that an uninstall really removes istiod), and all on `stop`
 * (and Processes.stopAll).
 */
export class IstiodRunner {
  private readonly started = new Map<string, { child: ChildProcess; running: RunningIstiod }>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = false;
  /** How many times a pilot-discovery process was started. */
  starts = 0;

  constructor(private readonly options: IstiodRunnerOptions) {}

  /** What runs now, the default revision first. */
  get running(): RunningIstiod[] {
    return [...this.started.values()]
      .map((s) => s.running)
      .sort((a, b) => Number(b.revision === "default") - Number(a.revision === "default"));
  }

  /** The pilot-discovery processes running now. */
  get children(): ChildProcess[] {
    return [...this.started.values()].map((s) => s.child);
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const { child } of this.started.values()) kill(child);
  }

  private log(text: string): void {
    fs.appendFileSync(this.options.logFile, text);
  }

  private kubectl(kubeconfig: string, args: string[]) {
    return this.options.processes.run(this.options.kubectl, [...args, "-n", this.options.namespace], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
      timeoutMs: 30_000,
    });
  }

  /** One look at the cluster: start pilot-discovery for each new istiod pod, stop it when its pod is gone. */
  async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      const kubeconfig = this.options.kubeconfig();
      if (kubeconfig === undefined || !fs.existsSync(kubeconfig)) return;
      const found = await this.kubectl(kubeconfig, ["get", "pods", "-l", ISTIOD_SELECTOR, "-o", "json"]);
      if (found.code !== 0 || this.stopped) return;
      const pods = ((JSON.parse(found.stdout) as { items?: IstiodPod[] }).items ?? []).filter(
        (p) => p.metadata.deletionTimestamp === undefined,
      );
      // The pod each process stands in for is gone (an uninstall, a destroy): so is that istiod.
      for (const [name, { child }] of this.started)
        if (!pods.some((p) => p.metadata.name === name)) {
          this.log(`--- pod ${name} is gone: stopping its pilot-discovery\n`);
          kill(child);
        }
      for (const pod of pods) {
        if (this.stopped || this.started.has(pod.metadata.name)) continue;
        // One process per revision: a second pod of a running revision (a rollout) waits its turn.
        if (this.running.some((r) => r.revision === podRevision(pod))) continue;
        await this.startFor(pod, kubeconfig);
      }
    } catch (error) {
      this.log(`--- watcher: ${(error as Error).message}\n`);
    } finally {
      this.busy = false;
    }
  }

  private async startFor(pod: IstiodPod, kubeconfig: string): Promise<void> {
    const revision = podRevision(pod);
    const mesh = await this.kubectl(kubeconfig, [
      "get",
      "configmap",
      meshConfigMapName(revision),
      "-o",
      "name",
    ]);
    if (mesh.code !== 0 || this.stopped) return;
    const cacerts = await this.kubectl(kubeconfig, ["get", "secret", "cacerts", "-o", "json"]);
    if (cacerts.code !== 0 && this.options.awaitCacerts === true) return;
    const files = cacertsFiles(
      cacerts.code === 0 ? (JSON.parse(cacerts.stdout) as { data?: Record<string, string> }) : undefined,
    );
    // Each revision's istiod has a directory of its own, as each pod has its own volumes.
    const workdir = path.join(this.options.workdir, revision);
    const root = path.join(workdir, "etc", "cacerts");
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    for (const [name, content] of Object.entries(files))
      fs.writeFileSync(path.join(root, name), content, { mode: 0o600 });
    const ports: IstiodPorts = {
      http: await freePort(),
      https: await freePort(),
      grpc: await freePort(),
      secureGrpc: await freePort(),
      monitoring: await freePort(),
      ctrlz: await freePort(),
    };
    const command = istiodCommand(pod, kubeconfig, ports);
    const name = pod.metadata.name;
    this.log(
      `--- starting pilot-discovery for pod ${name} (revision ${revision}` +
        `${Object.keys(files).length > 0 ? `, cacerts: ${Object.keys(files).join(", ")}` : ""}): ` +
        `${command.args.join(" ")}\n`,
    );
    this.starts += 1;
    const child = this.options.processes.start(
      this.options.binary,
      command.args,
      { ...process.env, ...command.env },
      (chunk) => this.log(chunk),
      workdir,
    );
    this.started.set(name, { child, running: { pod: name, revision, ports } });
    child.on("close", (code) => {
      this.log(`--- pilot-discovery for pod ${name} exited (${code})\n`);
      if (this.started.get(name)?.child === child) this.started.delete(name);
    });
  }
}

function kill(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
