import { parseConfig } from "../../components/config";
import type { ExistingSettings } from "../../components/config/types";
import { checkCluster, type ClusterProbe } from "../../tools/doctor/cluster-check";

const existing = (raw: Record<string, unknown> = {}): ExistingSettings =>
  parseConfig({ mode: "existing", kubeconfig: "/k", ...raw }).existing!;

const probe = (over: Partial<ClusterProbe> = {}): ClusterProbe => ({
  version: () => Promise.resolve("v1.34.8+k3s1"),
  istiods: () => Promise.resolve([]),
  loadBalancerEvidence: () => Promise.resolve("MetalLB is installed"),
  ...over,
});

const check = (p: ClusterProbe, raw: Record<string, unknown> = {}, stackInstalledIstio = false) =>
  checkCluster(p, { existing: existing(raw), stackInstalledIstio, timeoutMs: 10_000 });

describe("doctor talks to an existing cluster", () => {
  test("reachable, a supported Kubernetes, no Istio, a load balancer: all ok", async () => {
    expect(await check(probe())).toEqual([
      {
        check: "cluster",
        status: "ok",
        detail: "reachable; Kubernetes v1.34.8+k3s1 (Istio supports 1.32 to 1.36)",
      },
      { check: "existing Istio", status: "ok", detail: "none; the stack installs its own" },
      { check: "load balancer", status: "ok", detail: "MetalLB is installed" },
    ]);
  });

  test("a Kubernetes outside Istio's range fails with the range", async () => {
    const [row] = await check(probe({ version: () => Promise.resolve("v1.29.4") }));
    expect(row.status).toBe("fail");
    expect(row.detail).toContain("Kubernetes v1.29.4 is outside 1.32 to 1.36");
  });

  test("an unreachable cluster fails naming the context, and asks nothing more", async () => {
    const results = await check(probe({ version: () => Promise.reject(new Error("connect ECONNREFUSED")) }), {
      kubeContext: "lab",
    });
    expect(results).toHaveLength(1);
    expect(results[0].status).toBe("fail");
    expect(results[0].detail).toContain(
      'not reachable with the configured kubeconfig and context "lab": connect ECONNREFUSED',
    );
  });

  test("a cluster that never answers is given up on after the bound", async () => {
    jest.useFakeTimers();
    try {
      const never = new Promise<string>(() => undefined);
      const pending = checkCluster(probe({ version: () => never }), {
        existing: existing(),
        stackInstalledIstio: false,
        timeoutMs: 10_000,
      });
      await jest.advanceTimersByTimeAsync(10_000);
      const [row] = await pending;
      expect(row).toMatchObject({ check: "cluster", status: "fail" });
      expect(row.detail).toContain("no answer to GET /version within 10s");
    } finally {
      jest.useRealTimers();
    }
  });

  test("an istiod the stack did not install fails; the stack's own is fine", async () => {
    const istiods = () =>
      Promise.resolve([{ namespace: "istio-system", name: "istiod", revision: "default" }]);
    const foreign = (await check(probe({ istiods })))[1];
    expect(foreign.status).toBe("fail");
    expect(foreign.detail).toContain(
      "the cluster already runs Istio that this stack did not install: istio-system/istiod (revision default)",
    );
    const own = (await check(probe({ istiods }), {}, true))[1];
    expect(own).toEqual({
      check: "existing Istio",
      status: "ok",
      detail: "istio-system/istiod (revision default), installed by this stack",
    });
  });

  test("loadBalancer provided with no sign of an implementation warns with the MetalLB fix", async () => {
    const row = (await check(probe({ loadBalancerEvidence: () => Promise.resolve(undefined) })))[2];
    expect(row.status).toBe("warn");
    expect(row.detail).toContain("npm run config -- set loadBalancer metallb");
  });

  test("loadBalancer metallb: the stack brings its own, so nothing is asked", async () => {
    const asked = jest.fn(() => Promise.resolve(undefined));
    const results = await check(probe({ loadBalancerEvidence: asked }), {
      loadBalancer: "metallb",
      metallbAddresses: "10.0.0.0/30",
    });
    expect(results.map((r) => r.check)).toEqual(["cluster", "existing Istio"]);
    expect(asked).not.toHaveBeenCalled();
  });
});
