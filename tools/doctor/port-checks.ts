/**
 * Host-port preflight for k3d mode: k3d publishes cluster.ports on 0.0.0.0, and a port that is
 * already taken makes `k3d cluster create` fail halfway with "port is already allocated".
 */
import * as net from "node:net";
import type { K3dSettings } from "../../components/config/types";
import type { Run } from "../common/run";
import type { CheckResult } from "./types";

export type PortState = "free" | "in-use" | "denied" | { readonly error: string };

export type PortProbe = (port: number) => Promise<PortState>;

/** Binds the port on every IPv4 interface, as Docker's port proxy will, and releases it at once. */
export function bindProbe(host = "0.0.0.0"): PortProbe {
  return (port) =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EADDRINUSE") resolve("in-use");
        else if (error.code === "EACCES") resolve("denied");
        else resolve({ error: `${error.code ?? "error"}: ${error.message}` });
      });
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve("free")));
    });
}

/** True when k3d already runs a cluster of this name: then its own load balancer holds the ports. */
export async function k3dClusterExists(run: Run, name: string): Promise<boolean> {
  const result = await run("k3d", ["cluster", "list", "--output", "json"]);
  if (result.kind === "missing" || result.code !== 0) return false;
  try {
    const clusters = JSON.parse(result.stdout) as unknown;
    return Array.isArray(clusters) && clusters.some((c) => (c as { name?: unknown } | null)?.name === name);
  } catch {
    return false;
  }
}

function freeHint(port: number): string {
  return `find the owner: sudo lsof -nP -iTCP:${port} -sTCP:LISTEN (Linux/macOS) or netstat -ano | findstr :${port} (Windows)`;
}

export async function checkPort(
  probe: PortProbe,
  which: "http" | "https",
  port: number,
  ownClusterRunning: () => Promise<boolean>,
  clusterName: string,
): Promise<CheckResult> {
  const check = `host port ${port} (${which})`;
  const key = which === "http" ? "httpPort" : "httpsPort";
  const alternative = which === "http" ? 8080 : 8443;
  const state = await probe(port);
  if (state === "free") return { check, status: "ok", detail: "free" };
  if (state === "denied") {
    // Ports below 1024 are privileged for this process, but not for Docker, whose port proxy binds
    // them for k3d; so this cannot be tested here and is normally fine.
    return {
      check,
      status: "ok",
      detail: `not testable without root (EACCES on a port below 1024); Docker's port proxy binds it for k3d, so this is fine unless k3d reports "port is already allocated" (then ${freeHint(port)}, or: pulumi config set ${key} ${alternative})`,
    };
  }
  if (state === "in-use") {
    if (await ownClusterRunning()) {
      return {
        check,
        status: "ok",
        detail: `in use by this stack's k3d cluster "${clusterName}" (already up)`,
      };
    }
    return {
      check,
      status: "fail",
      detail: `port ${port} is already in use by another process.\nFix: stop it (${freeHint(port)}), or use another port: pulumi config set ${key} ${alternative}`,
    };
  }
  return { check, status: "warn", detail: `could not test the port (${state.error})` };
}

export async function checkPorts(probe: PortProbe, run: Run, cluster: K3dSettings): Promise<CheckResult[]> {
  let exists: Promise<boolean> | undefined;
  const ownClusterRunning = () => (exists ??= k3dClusterExists(run, cluster.name));
  return [
    await checkPort(probe, "http", cluster.ports.http, ownClusterRunning, cluster.name),
    await checkPort(probe, "https", cluster.ports.https, ownClusterRunning, cluster.name),
  ];
}
