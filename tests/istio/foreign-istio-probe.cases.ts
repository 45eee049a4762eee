import { FOREIGN_ISTIO_PROBE_SCRIPT } from "../../components/istio/foreign-istio-check";
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

  const probe = (kubeconfig: string, asScript = false) =>
    asScript
      ? runShell(nodeScriptCommand(FOREIGN_ISTIO_PROBE_SCRIPT), {
          PATH: process.env.PATH ?? "",
          SANDBOX_KUBECONFIG: kubeconfig,
        })
      : host.run(FOREIGN_ISTIO_PROBE_SCRIPT, { SANDBOX_KUBECONFIG: kubeconfig });

  describe("existing-Istio check (run for real against a fake API server)", () => {
    test("stops, naming the istiod it found and the choices, when the cluster already runs Istio", async () => {
      api = await startFakeKubeApi(() =>
        deployments([
          {
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
          },
        ]),
      );
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

    test("passes silently on a cluster without istiod", async () => {
      api = await startFakeKubeApi(() => deployments([]));
      const result = await probe(api.kubeconfig);
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        code: 0,
        stdout: "",
        stderr: "",
      });
    });
  });
});
