/** Runs probe scripts' `run(env, out)` in one long-lived Node process (probe-host-process.mjs), case by case. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
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

  /** Ends the host process; call it in afterAll. */
  stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return Promise.resolve();
    return new Promise((done) => {
      child.on("close", () => done());
      child.stdin.end();
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
    this.child = child;
    return child;
  }
}
