/**
 * Remote sources for tests, never the network: an HTTP server on the loopback address that serves
 * the files a test gives it (and records each request), and a fresh cache directory per test file.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface SourceServer {
  /** `http://127.0.0.1:<port><path>`. */
  url(urlPath: string): string;
  /** Paths asked for, in order. */
  readonly requests: string[];
  /** Replaces what a path answers. */
  serve(urlPath: string, answer: string | { readonly status: number; readonly body: string }): void;
  /** Stops answering: later downloads fail as they would offline. */
  stop(): Promise<void>;
}

export async function startSourceServer(files: Readonly<Record<string, string>>): Promise<SourceServer> {
  const answers = new Map<string, { status: number; body: string }>(
    Object.entries(files).map(([p, body]) => [p, { status: 200, body }]),
  );
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const urlPath = req.url ?? "";
    requests.push(urlPath);
    const answer = answers.get(urlPath) ?? { status: 404, body: "404: Not Found" };
    res.writeHead(answer.status, { "content-type": "text/plain", connection: "close" });
    res.end(answer.body);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: (urlPath) => `http://127.0.0.1:${port}${urlPath}`,
    requests,
    serve: (urlPath, answer) =>
      answers.set(urlPath, typeof answer === "string" ? { status: 200, body: answer } : { ...answer }),
    stop: () =>
      (stopped ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      })),
  };
}

/** A fresh, empty directory under the system's temporary directory (a cache, or any scratch space); `remove` deletes it. */
export function emptyCacheDir(): { readonly dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "istio-sandbox-sources-"));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
