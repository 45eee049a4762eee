/**
 * The lane's stand-in k3d and docker answer exactly what the program's own k3d scripts ask
 * (components/cluster/k3d-scripts.ts), by driving kwokctl (a fake here that records its calls).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderK3dConfigYaml } from "../../components/cluster/k3d-config";
import {
  CREATE_SCRIPT,
  DELETE_SCRIPT,
  REFRESH_SCRIPT,
  SUBNET_SCRIPT,
} from "../../components/cluster/k3d-scripts";
import { parseConfig } from "../../components/config";
import { SIM_SETTINGS_ENV, simSettings, writeSimSettings } from "../../tools/e2e/lane/sim-cluster";
import { tempDir } from "./harness/temp-dirs";

describe("the lane's k3d and docker stand-ins", () => {
  const STAND_INS = path.resolve(__dirname, "../../tools/e2e/stand-ins/bin");
  const FAKE_KWOK = path.resolve(__dirname, "../fixtures/kwok");

  function sandbox() {
    const work = tempDir("lane-stand-ins-");
    const sim = { ...simSettings(FAKE_KWOK, work) };
    const file = path.join(work, "sim.json");
    writeSimSettings(file, sim);
    const log = path.join(work, "kwokctl.log");
    const env = {
      PATH: `${STAND_INS}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      [SIM_SETTINGS_ENV]: file,
      FAKE_KWOK_LOG: log,
      TMPDIR: work,
      HOME: path.join(work, "home"),
      XDG_STATE_HOME: path.join(work, "state-home"),
    };
    const calls = () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => l.split("\t").slice(1))
        : [];
    const sh = (script: string, extra: Record<string, string> = {}, stdin = "") =>
      spawnSync("/bin/sh", ["-c", script], {
        env: { ...env, ...extra },
        input: stdin,
        encoding: "utf8",
        timeout: 20000,
      });
    return { work, sim, env, calls, sh };
  }

  const config = parseConfig({ clusterName: "lane", servers: 1, agents: 5 });
  const owner = "istio-sandbox/dev";
  const configYaml = renderK3dConfigYaml({
    settings: config.cluster,
    nodePorts: config.istio.nodePorts,
    owner,
  });
  const scriptEnv = { K3D_CLUSTER: "lane", K3D_OWNER: owner };

  // One cluster for the questions that leave it as it is; each test that changes a cluster makes its own.
  let shared: ReturnType<typeof sandbox>;
  let created: ReturnType<ReturnType<typeof sandbox>["sh"]>;
  beforeAll(() => {
    shared = sandbox();
    created = shared.sh(CREATE_SCRIPT, scriptEnv, configYaml);
  });

  describe("the program's k3d scripts against the stand-ins", () => {
    test("create makes a simulated cluster with servers+agents nodes and prints its kubeconfig only", () => {
      expect(created.stderr).not.toMatch(/unsupported|unexpected/);
      expect(created.status).toBe(0);
      expect(created.stdout).toBe("apiVersion: v1\nkind: Config\ncurrent-context: kwok-lane\n");
      const creates = shared.calls().filter((c) => c[0] === "create");
      expect(creates).toHaveLength(1);
      expect(creates[0]).toEqual([...shared.sim.createArgs, "--name=lane"]);
      expect(shared.calls()).toContainEqual(["scale", "node", "--replicas=6", "--name=lane"]);
    });

    test("the network's subnet is a loopback range the derived MetalLB pool stays inside", () => {
      const run = shared.sh(SUBNET_SCRIPT, scriptEnv);
      expect(run.status).toBe(0);
      expect(run.stdout.trim()).toBe("127.18.0.0/16");
    });

    test("a second create finds its own cluster by the owner label, deletes it and makes it again", () => {
      const s = sandbox();
      expect(s.sh(CREATE_SCRIPT, scriptEnv, configYaml).status).toBe(0);
      const again = s.sh(CREATE_SCRIPT, scriptEnv, configYaml);
      expect(again.status).toBe(0);
      expect(again.stderr).toContain("left half-created by an interrupted run");
      const lifecycle = s.calls().filter((c) => c[0] === "create" || c[0] === "delete");
      expect(lifecycle.map((c) => `${c[0]} ${c[c.length - 1]}`)).toEqual([
        "create --name=lane",
        "delete --name=lane",
        "create --name=lane",
      ]);
    });

    test("a cluster of the same name with another owner is left alone", () => {
      const other = shared.sh(CREATE_SCRIPT, { ...scriptEnv, K3D_OWNER: "istio-sandbox/other" }, configYaml);
      expect(other.status).toBe(1);
      expect(other.stderr).toContain("that this stack did not create");
      expect(shared.calls().filter((c) => c[0] === "delete")).toEqual([]);
    });

    test("refresh prints the kubeconfig; delete removes the cluster and succeeds when it is already gone", () => {
      const s = sandbox();
      expect(s.sh(CREATE_SCRIPT, scriptEnv, configYaml).status).toBe(0);
      expect(s.sh(REFRESH_SCRIPT, scriptEnv).stdout).toContain("current-context: kwok-lane");
      expect(s.sh(DELETE_SCRIPT, scriptEnv).status).toBe(0);
      expect(fs.existsSync(path.join(s.work, "kwok", "clusters", "lane"))).toBe(false);
      const again = s.sh(DELETE_SCRIPT, scriptEnv);
      expect(again.status).toBe(0);
      expect(s.calls().filter((c) => c[0] === "delete")).toHaveLength(1);
      const subnet = s.sh(SUBNET_SCRIPT, scriptEnv);
      expect(subnet.status).not.toBe(0);
      expect(subnet.stderr).toContain("network k3d-lane not found");
    });

    test("a failed kwokctl create fails k3d create with kwokctl's reason on stderr", () => {
      const s = sandbox();
      const run = s.sh(CREATE_SCRIPT, { ...scriptEnv, FAKE_KWOK_FAIL_CREATE: "1" }, configYaml);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("etcd did not start");
      expect(run.stdout).toBe("");
    });
  });

  describe("stand-in k3d and docker, other questions", () => {
    test("cluster list -o json lists clusters with their node counts", () => {
      const run = shared.sh("k3d cluster list -o json");
      expect(JSON.parse(run.stdout)).toEqual([
        { name: "lane", serversCount: 1, serversRunning: 1, agentsCount: 5, agentsRunning: 5 },
      ]);
    });

    test("docker inspect of a node that does not exist fails as Docker does", () => {
      const run = shared.sh(`docker inspect --format '{{ index .Config.Labels "x" }}' k3d-lane-agent-5`);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("No such object: k3d-lane-agent-5");
    });

    test("anything else is refused, naming the arguments", () => {
      const s = sandbox();
      const run = s.sh("k3d node create extra");
      expect(run.status).toBe(64);
      expect(run.stderr).toContain("unsupported arguments: node create extra");
      const outside = spawnSync(path.join(STAND_INS, "docker"), ["ps"], {
        env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` },
        encoding: "utf8",
      });
      expect(outside.status).toBe(64);
      expect(outside.stderr).toContain("run it through npm run e2e");
    });
  });
});
