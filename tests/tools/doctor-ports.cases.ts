/** The host-port check, against a real listener this test binds on an ephemeral port. */
import * as net from "node:net";
import {
  bindProbe,
  checkPort,
  checkPorts,
  k3dClusterExists,
  type PortProbe,
} from "../../tools/doctor/port-checks";
import type { Run } from "../../tools/common/run";

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen({ port: 0, host: "0.0.0.0" }, () => resolve(server));
  });
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const noCluster = () => Promise.resolve(false);

describe("bindProbe", () => {
  it("sees a port held by another listener as in use, and a released one as free", async () => {
    const server = await listen();
    const port = portOf(server);
    expect(await bindProbe()(port)).toBe("in-use");
    await close(server);
    expect(await bindProbe()(port)).toBe("free");
  });
});

describe("checkPort", () => {
  it("in use by another process: names the port, how to find the owner, and the key to change", async () => {
    const server = await listen();
    const port = portOf(server);
    try {
      const result = await checkPort(bindProbe(), "http", port, noCluster, "istio-sandbox");
      expect(result).toEqual({
        check: `host port ${port} (http)`,
        status: "fail",
        detail: `port ${port} is already in use by another process.\nFix: stop it (find the owner: sudo lsof -nP -iTCP:${port} -sTCP:LISTEN (Linux/macOS) or netstat -ano | findstr :${port} (Windows)), or use another port: pulumi config set httpPort 8080`,
      });
    } finally {
      await close(server);
    }
  });
  it("in use by this stack's own running k3d cluster is fine (re-running up)", async () => {
    const inUse: PortProbe = () => Promise.resolve("in-use");
    const result = await checkPort(inUse, "https", 443, () => Promise.resolve(true), "istio-sandbox");
    expect(result).toEqual({
      check: "host port 443 (https)",
      status: "ok",
      detail: 'in use by this stack\'s k3d cluster "istio-sandbox" (already up)',
    });
  });
  it("EACCES below 1024 is explained, not blocking", async () => {
    const denied: PortProbe = () => Promise.resolve("denied");
    const result = await checkPort(denied, "https", 443, noCluster, "istio-sandbox");
    expect(result.status).toBe("ok");
    expect(result.detail).toContain(
      "not testable without root (EACCES on a port below 1024); Docker's port proxy binds it for k3d",
    );
    expect(result.detail).toContain("pulumi config set httpsPort 8443");
  });
  it("other bind errors are warnings that quote the error", async () => {
    const odd: PortProbe = () => Promise.resolve({ error: "EADDRNOTAVAIL: cannot assign" });
    expect(await checkPort(odd, "http", 80, noCluster, "x")).toEqual({
      check: "host port 80 (http)",
      status: "warn",
      detail: "could not test the port (EADDRNOTAVAIL: cannot assign)",
    });
  });
});

describe("k3dClusterExists / checkPorts", () => {
  const answering =
    (stdout: string, code = 0): Run =>
    () =>
      Promise.resolve({ kind: "exited", code, stdout, stderr: "" });
  it("finds the cluster by name in k3d's JSON list", async () => {
    expect(await k3dClusterExists(answering('[{"name":"istio-sandbox"}]'), "istio-sandbox")).toBe(true);
    expect(await k3dClusterExists(answering('[{"name":"other"}]'), "istio-sandbox")).toBe(false);
    expect(await k3dClusterExists(answering("not json"), "istio-sandbox")).toBe(false);
    expect(await k3dClusterExists(answering("[]", 1), "istio-sandbox")).toBe(false);
    expect(await k3dClusterExists(() => Promise.resolve({ kind: "missing" }), "istio-sandbox")).toBe(false);
  });
  it("checks both configured ports and asks k3d at most once", async () => {
    const calls: string[] = [];
    const run: Run = (cmd, args) => {
      calls.push([cmd, ...args].join(" "));
      return Promise.resolve({ kind: "exited", code: 0, stdout: '[{"name":"lab"}]', stderr: "" });
    };
    const seen: number[] = [];
    const probe: PortProbe = (port) => {
      seen.push(port);
      return Promise.resolve("in-use");
    };
    const cluster = {
      name: "lab",
      servers: 1,
      agents: 0,
      k3sImage: "",
      registry: true,
      storagePath: "/",
      ports: { http: 8080, https: 8443 },
    };
    const results = await checkPorts(probe, run, cluster);
    expect(seen).toEqual([8080, 8443]);
    expect(results.map((r) => r.status)).toEqual(["ok", "ok"]);
    expect(calls).toEqual(["k3d cluster list --output json"]);
  });
});
