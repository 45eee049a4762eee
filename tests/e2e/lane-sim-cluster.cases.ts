import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  DISABLED_ADMISSION_PLUGINS,
  killRemainingComponents,
  simKubeconfigPath,
  simSettings,
} from "../../tools/e2e/lane/sim-cluster";
import { tempDir } from "./harness/temp-dirs";

describe("the simulated cluster's kwokctl settings", () => {
  const sim = simSettings("/cache/bin", "/tmp/run");

  test("binary runtime, every component from the toolchain's bin, nothing downloaded", () => {
    expect(sim.kwokctl).toBe("/cache/bin/kwokctl");
    expect(sim.createArgs).toEqual(
      expect.arrayContaining([
        "--runtime=binary",
        "--kube-apiserver-binary=/cache/bin/kube-apiserver",
        "--kube-controller-manager-binary=/cache/bin/kube-controller-manager",
        "--kube-scheduler-binary=/cache/bin/kube-scheduler",
        "--etcd-binary=/cache/bin/etcd",
        "--kwok-controller-binary=/cache/bin/kwok",
      ]),
    );
    expect(sim.env.KWOK_KUBECTL_BINARY).toBe("/cache/bin/kubectl");
  });

  test("admission webhooks off on the API server, never with kwokctl's --kube-admission=false", () => {
    expect(DISABLED_ADMISSION_PLUGINS).toBe("MutatingAdmissionWebhook,ValidatingAdmissionWebhook");
    expect(sim.createArgs).toContain(
      "--extra-args=kube-apiserver=disable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook",
    );
    expect(sim.createArgs.join(" ")).not.toContain("--kube-admission");
  });

  test("clusters live in the run's directory; the subnet is loopback", () => {
    expect(sim.env.KWOK_WORKDIR).toBe("/tmp/run/kwok");
    expect(simKubeconfigPath(sim, "dev")).toBe("/tmp/run/kwok/clusters/dev/kubeconfig.yaml");
    expect(sim.subnet).toMatch(/^127\./);
  });
});

describe("the last-resort cleanup", () => {
  test("kills a component kwokctl left running, by its pid file, and names it", async () => {
    const work = tempDir("lane-pids-");
    const sim = simSettings("/cache/bin", work);
    const pids = path.join(sim.env.KWOK_WORKDIR, "clusters", "dev", "pids");
    fs.mkdirSync(pids, { recursive: true });
    const component = spawn("sleep", ["600"], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      component.on("exit", (_code, signal) => resolve(signal)),
    );
    fs.writeFileSync(path.join(pids, "etcd.pid"), String(component.pid));
    fs.writeFileSync(path.join(pids, "kube-apiserver.pid"), "999999999");
    expect(killRemainingComponents(sim)).toEqual(["dev/etcd"]);
    expect(await exited).toBe("SIGKILL");
  });

  test("nothing to do when no cluster is left", () => {
    expect(killRemainingComponents(simSettings("/cache/bin", tempDir("lane-pids-")))).toEqual([]);
  });
});
