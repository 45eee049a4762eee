/** Runs probe scripts' `run(env, out)` in one long-lived Node process (probe-host-process.mjs), case by case. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import type { Socket } from "node:net";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { RunResult } from "../istio/fake-kube-api";

const HOST_SCRIPT = path.join(__dirname, "probe-host-process.mjs");

export class ProbeHost {
  private child?: ChildProcessWithoutNullStreams;
  private next = 0;
  private readonly waiting = new Map<number, (result: RunResult) => void>();

  /** Runs one case; the probe sees `env` as its environment. */
  run(script: string, env: Record<string, string>): Promise<RunResult> {
    const child = this.start();
    const id = this.next++;
    return new Promise((done) => {
      this.waiting.set(id, done);
      child.stdin.write(`${JSON.stringify({ id, script, env })}\n`);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(process.execPath, [HOST_SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    createInterface({ input: child.stdout }).on("line", (line) => {
      const { id, code, stdout, stderr } = JSON.parse(line) as RunResult & { id: number };
      this.waiting.get(id)?.({ code, stdout, stderr });
      this.waiting.delete(id);
    });
    child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    // A host that dies answers every waiting case with its exit, instead of leaving it to the test timeout.
    child.on("exit", (code, signal) => {
      for (const done of this.waiting.values()) {
        done({ code: code ?? 1, stdout: "", stderr: `probe host exited (${signal ?? `code ${code}`})\n` });
      }
      this.waiting.clear();
      this.child = undefined;
    });
    // The host never holds the test process open; when that process ends, the host's stdin closes and it ends too.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref();
    this.child = child;
    return child;
  }
}

let shared: ProbeHost | undefined;

/**
 * The host that every probe suite in this test file shares: starting Node and loading the Kubernetes
 * client takes about a second, once per file.
 */
export function sharedProbeHost(): ProbeHost {
  return (shared ??= new ProbeHost());
}
