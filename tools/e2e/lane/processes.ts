/**
 * Every process the lane starts, and every cluster it makes, in one place, so that all of them are
 * stopped at the end: after success, after a failure, and on Ctrl-C.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Ceiling for the whole command; it is stopped (SIGINT, then SIGKILL) when reached. */
  readonly timeoutMs: number;
  readonly input?: string;
  /** Each chunk of output as it arrives (the lane's console shows progress). */
  readonly onOutput?: (chunk: string) => void;
  /** A cleanup command: it runs even after stopAll began. */
  readonly cleanup?: boolean;
}

export interface RunResult {
  /** Exit status; null when a signal or the timeout ended it. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  readonly output: string;
  readonly timedOut: boolean;
}

type Cleanup = () => Promise<void> | void;

export class Processes {
  private readonly children = new Set<ChildProcess>();
  private readonly cleanups: { readonly name: string; readonly run: Cleanup }[] = [];
  private stoppingAll = false;

  /** True once stopAll began: nothing new is started after that. */
  get stopping(): boolean {
    return this.stoppingAll;
  }

  /**
   * Runs a command to completion in its own process group, so that stopping it stops whatever it
   * started (the engine's language host and providers, kwokctl's components).
   */
  run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    if (this.stoppingAll && options.cleanup !== true) {
      const output = `${command} not started: the lane is stopping\n`;
      return Promise.resolve({ code: null, stdout: "", stderr: output, output, timedOut: false });
    }
    return new Promise((resolve) => {
      const child = spawn(command, [...args], {
        env: options.env,
        cwd: options.cwd,
        detached: true,
        stdio: ["pipe", "pipe", "pipe"],
      });
      this.children.add(child);
      let stdout = "";
      let stderr = "";
      let output = "";
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        void stopChild(child, 30_000);
      }, options.timeoutMs);
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        output += chunk;
        options.onOutput?.(chunk);
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        output += chunk;
        options.onOutput?.(chunk);
      });
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input ?? "");
      const finish = (code: number | null, extra = "") => {
        clearTimeout(timer);
        this.children.delete(child);
        resolve({ code, stdout, stderr, output: output + extra, timedOut });
      };
      child.on("error", (error) => finish(null, `\n${command}: ${error.message}\n`));
      child.on("close", (code) => finish(code));
      // A process the command left behind in its group would hold the output open forever.
      child.on("exit", () => setTimeout(() => signalGroup(child.pid!, "SIGKILL"), 5000).unref());
    });
  }

  /** Starts a long-running process (the MetalLB controller, istiod); it is stopped by stopAll. */
  start(
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    onOutput: (chunk: string) => void,
    cwd?: string,
  ): ChildProcess {
    const child = spawn(command, [...args], { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    this.children.add(child);
    child.stdout?.setEncoding("utf8").on("data", onOutput);
    child.stderr?.setEncoding("utf8").on("data", onOutput);
    child.on("error", (error) => onOutput(`${command}: ${error.message}\n`));
    child.on("close", () => this.children.delete(child));
    return child;
  }

  /** Registers something to undo at the end (a cluster to delete); run last-registered first. */
  onCleanup(name: string, run: Cleanup): void {
    this.cleanups.push({ name, run });
  }

  /** Stops every child, then runs the cleanups; returns what could not be cleaned up. */
  async stopAll(): Promise<string[]> {
    if (this.stoppingAll) return [];
    this.stoppingAll = true;
    await Promise.all([...this.children].map((c) => stopChild(c, 30_000)));
    const problems: string[] = [];
    for (const cleanup of [...this.cleanups].reverse()) {
      try {
        await cleanup.run();
      } catch (error) {
        problems.push(`cleanup "${cleanup.name}" failed: ${(error as Error).message}`);
      }
    }
    return problems;
  }
}

/** SIGINT to the child's process group (what Ctrl-C would send), SIGKILL after a grace period. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const kill = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
    // "exit", not "close": a process it started may hold its output open until the group is killed.
    child.once("exit", () => {
      clearTimeout(kill);
      // Whatever the child left running in its group goes too.
      signalGroup(pid, "SIGKILL");
      resolve();
    });
    signalGroup(pid, "SIGINT");
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
