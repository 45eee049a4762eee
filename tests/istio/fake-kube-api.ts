/**
 * A tiny in-process stand-in for the Kubernetes API server, for running the probe scripts for real.
 * The test decides each answer; every request is recorded.
 */
import { spawn } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly authorization?: string;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export interface FakeKubeApi {
  readonly requests: RecordedRequest[];
  /** A kubeconfig whose only context points at this server. */
  readonly kubeconfig: string;
  close(): Promise<void>;
}

export async function startFakeKubeApi(
  answer: (request: RecordedRequest, index: number) => Answer,
): Promise<FakeKubeApi> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        body,
        authorization: req.headers.authorization,
      };
      requests.push(recorded);
      const { status, body: reply } = answer(recorded, requests.length - 1);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    kubeconfig: kubeconfigFor(`http://127.0.0.1:${port}`),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Two contexts: `sandbox` (current) reaches `server`; `elsewhere` points at a closed port. */
export function kubeconfigFor(server: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: sandbox",
    // client-node refuses plain http unless TLS verification is off; the server is local and fake.
    `  cluster: { server: "${server}", insecure-skip-tls-verify: true }`,
    "- name: elsewhere",
    '  cluster: { server: "http://127.0.0.1:9", insecure-skip-tls-verify: true }',
    "users:",
    "- name: sandbox",
    "  user: { token: sandbox-token }",
    "- name: other",
    "  user: { token: other-token }",
    "contexts:",
    "- name: sandbox",
    "  context: { cluster: sandbox, user: sandbox }",
    "- name: other",
    "  context: { cluster: sandbox, user: other }",
    "- name: elsewhere",
    "  context: { cluster: elsewhere, user: sandbox }",
    "current-context: sandbox",
    "",
  ].join("\n");
}

/** A Kubernetes Status body, as the API server sends with errors. */
export function status(code: number, reason: string, message: string): Answer {
  return {
    status: code,
    body: { kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code },
  };
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a shell command line asynchronously (the fake server lives in this process). */
export function runShell(commandLine: string, env: Record<string, string>, stdin = ""): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn("/bin/sh", ["-c", commandLine], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    // A script that fails early exits without reading its input; the EPIPE that follows is expected.
    child.stdin.on("error", () => undefined);
    child.stdin.end(stdin);
  });
}
