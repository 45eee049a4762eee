import * as fs from "node:fs";
import * as path from "node:path";
import {
  CREATE_SCRIPT,
  DELETE_SCRIPT,
  REFRESH_SCRIPT,
  SUBNET_SCRIPT,
} from "../../components/cluster/k3d-scripts";
import { runScript } from "../harness/run-script";

const env = { K3D_CLUSTER: "sandbox", K3D_OWNER: "istio-sandbox/dev" };
const config = "apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: sandbox\n";

describe("k3d create script", () => {
  test("creates from the config on stdin, through a temporary .yaml file, and prints only the kubeconfig", () => {
    const run = runScript(CREATE_SCRIPT, { env, stdin: config });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      ["k3d", "cluster", "list", "sandbox"],
      ["k3d", "cluster", "create", "--config", expect.stringMatching(/\/istio-sandbox-k3d\.\w+\/k3d\.yaml$/)],
      ["k3d", "kubeconfig", "get", "sandbox"],
    ]);
    expect(run.createConfig).toBe(config);
    // The temporary config is gone afterwards.
    expect(fs.readdirSync(run.work).filter((f) => f.startsWith("istio-sandbox-k3d"))).toEqual([]);
    expect(run.stdout).toBe("apiVersion: v1\nkind: Config\ncurrent-context: k3d-sandbox\n");
    expect(run.stderr).toContain("Cluster created");
  });

  test("never writes the user's kubeconfig", () => {
    const run = runScript(CREATE_SCRIPT, { env, stdin: config });
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(run.home, ".kube"))).toBe(false);
    expect(run.calls.flat()).not.toContain("--kubeconfig-update-default");
  });

  test("removes a half-created cluster that this stack labelled, then creates it again", () => {
    const run = runScript(CREATE_SCRIPT, {
      env: { ...env, STUB_K3D_EXISTING: "sandbox", STUB_DOCKER_OWNER: "istio-sandbox/dev" },
      stdin: config,
    });
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.slice(0, 3).join(" "))).toEqual([
      "k3d cluster list",
      "docker inspect --format",
      "k3d cluster delete",
      "k3d cluster create",
      "k3d kubeconfig get",
    ]);
    expect(run.calls[1]).toContain("k3d-sandbox-server-0");
    expect(run.stderr).toContain("left half-created by an interrupted run");
  });

  test("records which stack is creating the cluster before k3d starts, outside the project", () => {
    const run = runScript(CREATE_SCRIPT, { env, stdin: config });
    expect(run.status).toBe(0);
    const marker = path.join(run.home, ".local/state/istio-sandbox/k3d/sandbox.owner");
    expect(fs.readFileSync(marker, "utf8")).toBe("istio-sandbox/dev\n");
  });

  test("an interrupted first create (registry made, no server node yet) is this stack's: rebuilt", () => {
    // The first run was stopped during the image pull: k3d lists the cluster, but server-0 never existed.
    const run = runScript(
      `mkdir -p "$HOME/.local/state/istio-sandbox/k3d" && printf 'istio-sandbox/dev\\n' > "$HOME/.local/state/istio-sandbox/k3d/sandbox.owner"\n${CREATE_SCRIPT}`,
      { env: { ...env, STUB_K3D_EXISTING: "sandbox" }, stdin: config },
    );
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.slice(0, 3).join(" "))).toEqual([
      "k3d cluster list",
      "docker inspect --format",
      "k3d cluster delete",
      "k3d cluster create",
      "k3d kubeconfig get",
    ]);
    expect(run.stderr).toContain("left half-created by an interrupted run");
  });

  test("a nodeless cluster of that name with no record of this stack is left alone", () => {
    const run = runScript(CREATE_SCRIPT, {
      env: { ...env, STUB_K3D_EXISTING: "sandbox" },
      stdin: config,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("it has no server node yet, and no record of this stack creating it");
    expect(run.calls.map((c) => c.slice(0, 3).join(" "))).not.toContain("k3d cluster delete");
  });

  test("refuses to touch a cluster of the same name that another owner made", () => {
    const run = runScript(CREATE_SCRIPT, {
      env: { ...env, STUB_K3D_EXISTING: "sandbox", STUB_DOCKER_OWNER: "" },
      stdin: config,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "k3d already has a cluster named 'sandbox' that this stack did not create (its first server node is labelled '(no owner)').",
    );
    expect(run.stderr).toContain("pulumi config set clusterName <name>");
    expect(run.calls.map((c) => c.slice(0, 3).join(" "))).not.toContain("k3d cluster delete");
  });

  test("fails with k3d's own error when create fails", () => {
    const run = runScript(CREATE_SCRIPT, { env: { ...env, STUB_K3D_FAIL_CREATE: "1" }, stdin: config });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("port 80 is already allocated");
    expect(run.stdout).toBe("");
  });
});

describe("k3d delete and refresh scripts", () => {
  test("delete removes the cluster by name", () => {
    const run = runScript(
      `mkdir -p "$HOME/.local/state/istio-sandbox/k3d" && : > "$HOME/.local/state/istio-sandbox/k3d/sandbox.owner"\n${DELETE_SCRIPT}`,
      { env },
    );
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([["k3d", "cluster", "delete", "sandbox"]]);
    // The record of this stack creating it goes with the cluster.
    expect(fs.existsSync(path.join(run.home, ".local/state/istio-sandbox/k3d/sandbox.owner"))).toBe(false);
  });

  test("refresh only reads the kubeconfig", () => {
    const run = runScript(REFRESH_SCRIPT, { env });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([["k3d", "kubeconfig", "get", "sandbox"]]);
    expect(run.stdout).toContain("current-context: k3d-sandbox");
  });

  test("a cluster name with shell characters is passed as one argument, not run", () => {
    const run = runScript(DELETE_SCRIPT, { env: { ...env, K3D_CLUSTER: "x; touch pwned" } });
    expect(run.calls).toEqual([["k3d", "cluster", "delete", "x; touch pwned"]]);
  });
});

describe("docker network subnet script", () => {
  test("prints the subnet of the k3d-<name> network", () => {
    const run = runScript(SUBNET_SCRIPT, { env: { ...env, STUB_DOCKER_SUBNETS: "172.18.0.0/16" } });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("172.18.0.0/16\n");
    expect(run.calls[0].slice(0, 3)).toEqual(["docker", "network", "inspect"]);
    expect(run.calls[0][3]).toBe("k3d-sandbox");
  });

  test("picks the IPv4 subnet on a dual-stack network, whatever the order", () => {
    const run = runScript(SUBNET_SCRIPT, {
      env: { ...env, STUB_DOCKER_SUBNETS: "fd00:1::/64 172.19.0.0/16" },
    });
    expect(run.stdout).toBe("172.19.0.0/16\n");
  });

  test("fails with the fix when the network has no IPv4 subnet", () => {
    const run = runScript(SUBNET_SCRIPT, { env: { ...env, STUB_DOCKER_SUBNETS: "fd00:1::/64" } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("The Docker network k3d-sandbox has no IPv4 subnet (found: fd00:1::/64).");
    expect(run.stderr).toContain("pulumi config set metallbAddresses <first>-<last>");
  });

  test("fails when the network does not exist", () => {
    const run = runScript(SUBNET_SCRIPT, { env: { ...env, STUB_DOCKER_SUBNETS: "missing" } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("network k3d-sandbox not found");
  });
});
