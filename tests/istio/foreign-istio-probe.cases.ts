import { FOREIGN_ISTIO_PROBE_SCRIPT, UPDATE_STEP_ENV } from "../../components/istio/foreign-istio-check";
import { nodeScriptCommand } from "../../components/local/shell";
import { sharedProbeHost } from "../harness/probe-host";
import { type FakeKubeApi, runShell, startFakeKubeApi } from "./fake-kube-api";

describe("existing-Istio check probe", () => {
  let api: FakeKubeApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  const deployments = (items: unknown[]) => ({
    status: 200,
    body: { kind: "DeploymentList", apiVersion: "apps/v1", metadata: {}, items },
  });

  // Cases run in one Node process; the first runs the script exactly as the Command does.
  const host = sharedProbeHost();

  const SERVER = "https://prod.example:6443";
  const probe = (kubeconfig: string, asScript = false, extra: Record<string, string> = {}) => {
    const env = { SANDBOX_KUBECONFIG: kubeconfig, SANDBOX_TARGET_SERVER: SERVER, ...extra };
    return asScript
      ? runShell(nodeScriptCommand(FOREIGN_ISTIO_PROBE_SCRIPT), { PATH: process.env.PATH ?? "", ...env })
      : host.run(FOREIGN_ISTIO_PROBE_SCRIPT, env);
  };
  /** The Command's update run, as @pulumi/command starts it: the last stdout in PULUMI_COMMAND_STDOUT. */
  const update = (kubeconfig: string, lastStdout?: string) =>
    runShell(`${UPDATE_STEP_ENV} ${nodeScriptCommand(FOREIGN_ISTIO_PROBE_SCRIPT)}`, {
      PATH: process.env.PATH ?? "",
      SANDBOX_KUBECONFIG: kubeconfig,
      SANDBOX_TARGET_SERVER: SERVER,
      ...(lastStdout === undefined ? {} : { PULUMI_COMMAND_STDOUT: lastStdout }),
    });
  const foreignIstiod = {
    metadata: {
      name: "istiod-1-29",
      namespace: "istio-system",
      labels: { app: "istiod", "istio.io/rev": "1-29", "app.kubernetes.io/managed-by": "Helm" },
    },
    spec: {
      template: {
        spec: { containers: [{ name: "discovery", image: "docker.io/istio/pilot:1.29.9" }] },
      },
    },
  };

  describe("existing-Istio check (run for real against a fake API server)", () => {
    test("stops, naming the istiod it found and the choices, when the cluster already runs Istio", async () => {
      api = await startFakeKubeApi(() => deployments([foreignIstiod]));
      const result = await probe(api.kubeconfig, true);
      expect(result.code).toBe(1);
      expect(api.requests[0].url).toBe("/apis/apps/v1/deployments?labelSelector=app%3Distiod");
      expect(result.stderr).toContain(
        "This cluster already runs an Istio control plane that this stack did not install:\n" +
          "  - Deployment istio-system/istiod-1-29 (revision 1-29, docker.io/istio/pilot:1.29.9, installed by Helm)",
      );
      expect(result.stderr).toContain("Nothing was changed. Choices:");
      expect(result.stderr).toContain("npm run config -- set kubeContext <context>");
      expect(result.stdout).toBe("");
    });

    test("passes on a cluster without istiod, printing the API server it checked", async () => {
      api = await startFakeKubeApi(() => deployments([]));
      const result = await probe(api.kubeconfig);
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        code: 0,
        stdout: `no other Istio control plane at ${SERVER}\n`,
        stderr: "",
      });
    });

    test("without the target's server it says which setting is missing", async () => {
      const result = await host.run(FOREIGN_ISTIO_PROBE_SCRIPT, { SANDBOX_KUBECONFIG: "unused" });
      expect({ code: result.code, stderr: result.stderr }).toEqual({
        code: 2,
        stderr: "foreign-istio-probe: SANDBOX_TARGET_SERVER is not set\n",
      });
    });
  });

  describe("on the Command's update", () => {
    test("the same cluster as the last check: no second look (the istiod there is the stack's own by now)", async () => {
      api = await startFakeKubeApi(() => deployments([foreignIstiod]));
      const result = await update(api.kubeconfig, `no other Istio control plane at ${SERVER}`);
      expect({ code: result.code, stdout: result.stdout }).toEqual({
        code: 0,
        stdout: `no other Istio control plane at ${SERVER}\n`,
      });
      expect(api.requests).toEqual([]);
    });

    test("another cluster than the last check's: it looks again, and stops on a foreign istiod there", async () => {
      api = await startFakeKubeApi(() => deployments([foreignIstiod]));
      const result = await update(api.kubeconfig, "no other Istio control plane at https://lab.example:6443");
      expect(result.code).toBe(1);
      expect(api.requests.map((r) => r.url)).toEqual([
        "/apis/apps/v1/deployments?labelSelector=app%3Distiod",
      ]);
      expect(result.stderr).toContain("  - Deployment istio-system/istiod-1-29 (revision 1-29");
    });

    test("another cluster without istiod passes, and records the new server", async () => {
      api = await startFakeKubeApi(() => deployments([]));
      const result = await update(api.kubeconfig, "no other Istio control plane at https://lab.example:6443");
      expect({ code: result.code, stdout: result.stdout }).toEqual({
        code: 0,
        stdout: `no other Istio control plane at ${SERVER}\n`,
      });
    });

    test("a check recorded before the server was (empty stdout) is kept, not repeated", async () => {
      api = await startFakeKubeApi(() => deployments([foreignIstiod]));
      const result = await update(api.kubeconfig);
      expect({ code: result.code, stdout: result.stdout }).toEqual({
        code: 0,
        stdout: `no other Istio control plane at ${SERVER}\n`,
      });
      expect(api.requests).toEqual([]);
    });
  });
});
