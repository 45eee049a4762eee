/**
 * MetalLB's controller as a local process against the simulated cluster, so LoadBalancer Services
 * really get addresses from the pool the program creates. The Helm release's controller pod is only
 * simulated (no container runs), so the lane runs the real controller binary in its place, with the
 * pod's own arguments and environment, and without its webhook (admission webhooks are off).
 * Flags: https://github.com/metallb/metallb/blob/v0.16.1/controller/main.go
 */
import * as fs from "node:fs";
import type { ChildProcess } from "node:child_process";
import { freePort, type PodEnvVar, podEnvironment } from "./local-pod";
import type { Processes } from "./processes";

/** The chart's labels on the controller pod (charts/metallb/templates/controller.yaml). */
export const CONTROLLER_SELECTOR = "app.kubernetes.io/name=metallb,app.kubernetes.io/component=controller";

export interface ControllerPod {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly containers: readonly {
      readonly name: string;
      readonly args?: readonly string[];
      readonly env?: readonly PodEnvVar[];
    }[];
  };
}

export interface ControllerCommand {
  readonly args: string[];
  readonly env: Record<string, string>;
}

/** Flags the pod carries that mean something only inside the pod: ports and mounted paths. */
const POD_ONLY_FLAGS = [
  "--port",
  "--health-probe-port",
  "--metrics-cert-dir",
  "--cert-dir",
  "--webhook-mode",
];

/**
 * The controller's command line from its simulated pod: the pod's arguments and environment (field
 * references resolved as the kubelet would), the webhook off, and ports free on this machine.
 */
export function controllerCommand(
  pod: ControllerPod,
  kubeconfig: string,
  ports: { readonly metrics: number; readonly health: number },
): ControllerCommand {
  const container = pod.spec.containers.find((c) => c.name === "controller") ?? pod.spec.containers[0];
  const args = (container?.args ?? []).filter(
    (a) => !POD_ONLY_FLAGS.some((f) => a === f || a.startsWith(`${f}=`)),
  );
  const fields: Record<string, string> = {
    "metadata.name": pod.metadata.name,
    "metadata.namespace": pod.metadata.namespace,
  };
  const env = podEnvironment(container?.env ?? [], fields);
  return {
    args: [
      ...args,
      "--webhook-mode=disabled",
      `--port=${ports.metrics}`,
      `--health-probe-port=${ports.health}`,
      `--namespace=${pod.metadata.namespace}`,
      `--pod-name=${pod.metadata.name}`,
    ],
    env: { ...env, KUBECONFIG: kubeconfig },
  };
}

export interface ControllerRunnerOptions {
  readonly processes: Processes;
  readonly controllerBinary: string;
  readonly kubectl: string;
  readonly namespace: string;
  /** The cluster's kubeconfig file, once the cluster exists (in k3d mode, `pulumi up` makes it). */
  readonly kubeconfig: () => string | undefined;
  readonly logFile: string;
  readonly intervalMs: number;
}

/**
 * Watches for the simulated controller pod and keeps one controller process running for it, for as
 * long as the lane runs; stopped by `stop` (and by Processes.stopAll).
 */
export class MetalLbControllerRunner {
  private child: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = false;
  /** How many times a controller process was started. */
  starts = 0;

  constructor(private readonly options: ControllerRunnerOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.child?.pid !== undefined) {
      try {
        process.kill(-this.child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }

  private log(text: string): void {
    fs.appendFileSync(this.options.logFile, text);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped || this.child) return;
    this.busy = true;
    try {
      const kubeconfig = this.options.kubeconfig();
      if (kubeconfig === undefined || !fs.existsSync(kubeconfig)) return;
      const found = await this.options.processes.run(
        this.options.kubectl,
        ["get", "pods", "-n", this.options.namespace, "-l", CONTROLLER_SELECTOR, "-o", "json"],
        { env: { ...process.env, KUBECONFIG: kubeconfig }, timeoutMs: 30_000 },
      );
      if (found.code !== 0 || this.stopped) return;
      const pods = (JSON.parse(found.stdout) as { items?: ControllerPod[] }).items ?? [];
      const pod = pods[0];
      if (pod === undefined) return;
      const command = controllerCommand(pod, kubeconfig, {
        metrics: await freePort(),
        health: await freePort(),
      });
      this.log(`--- starting metallb-controller for pod ${pod.metadata.name}: ${command.args.join(" ")}\n`);
      this.starts += 1;
      const child = this.options.processes.start(
        this.options.controllerBinary,
        command.args,
        { ...process.env, ...command.env },
        (chunk) => this.log(chunk),
      );
      this.child = child;
      child.on("close", (code) => {
        this.log(`--- metallb-controller exited (${code})\n`);
        if (this.child === child) this.child = undefined;
      });
    } catch (error) {
      this.log(`--- watcher: ${(error as Error).message}\n`);
    } finally {
      this.busy = false;
    }
  }
}
