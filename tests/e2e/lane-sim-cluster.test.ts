import { DISABLED_ADMISSION_PLUGINS, simKubeconfigPath, simSettings } from "../../tools/e2e/lane/sim-cluster";

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
