/**
 * What the lane needs to run a pod's binary as a local process in place of a simulated pod: the
 * container's environment as the kubelet would give it, and free loopback ports for its listeners.
 */
import * as net from "node:net";

export interface PodEnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly fieldRef?: { readonly fieldPath?: string } };
}

/**
 * The container's environment: plain values, and the downward-API fields among `fields` (by field path);
 * any other source (a Secret, a resource field) is left out, since no kubelet resolves it here.
 */
export function podEnvironment(
  vars: readonly PodEnvVar[],
  fields: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of vars) {
    const value = v.value ?? fields[v.valueFrom?.fieldRef?.fieldPath ?? ""];
    if (value !== undefined) env[v.name] = value;
  }
  return env;
}

/** A TCP port that is free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
