import { CACERTS_PROBE_SCRIPT } from "../../components/mesh-ca";
import { nodeScriptCommand } from "../../components/local/shell";
import { sharedProbeHost } from "../harness/probe-host";
import { type FakeKubeApi, runShell, startFakeKubeApi, status } from "../istio/fake-kube-api";

describe("existing-cacerts check probe (run for real against a fake API server)", () => {
  let api: FakeKubeApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  // Cases run in one Node process; the first runs the script exactly as the Command does.
  const host = sharedProbeHost();
  const env = (kubeconfig: string) => ({ SANDBOX_KUBECONFIG: kubeconfig, SANDBOX_NAMESPACE: "istio-system" });
  const probe = (kubeconfig: string, asScript = false) =>
    asScript
      ? runShell(nodeScriptCommand(CACERTS_PROBE_SCRIPT), {
          PATH: process.env.PATH ?? "",
          ...env(kubeconfig),
        })
      : host.run(CACERTS_PROBE_SCRIPT, env(kubeconfig));

  test("stops, naming the Secret it found and the choices, and never prints its values", async () => {
    api = await startFakeKubeApi(() => ({
      status: 200,
      body: {
        kind: "Secret",
        apiVersion: "v1",
        metadata: {
          name: "cacerts",
          namespace: "istio-system",
          labels: { team: "platform" },
          creationTimestamp: "2026-01-02T03:04:05Z",
        },
        type: "Opaque",
        data: { "ca-cert.pem": "c2VjcmV0LWNlcnQ=", "ca-key.pem": "c2VjcmV0LWtleQ==" },
      },
    }));
    const result = await probe(api.kubeconfig, true);
    expect(result.code).toBe(1);
    expect(api.requests[0].url).toBe("/api/v1/namespaces/istio-system/secrets/cacerts");
    expect(result.stderr).toContain(
      "Secret istio-system/cacerts already exists, and this stack did not make it:\n" +
        "  - keys: ca-cert.pem, ca-key.pem; labels: team=platform; created 2026-01-02T03:04:05.000Z",
    );
    expect(result.stderr).toContain("Nothing was changed. Choices:");
    expect(result.stderr).toContain("npm run config -- set meshCa istiod");
    expect(result.stderr).toContain("kubectl -n istio-system delete secret cacerts");
    expect(result.stderr).not.toContain("c2VjcmV0");
    expect(result.stdout).toBe("");
  });

  test("passes silently when istio-system holds no cacerts", async () => {
    api = await startFakeKubeApi(() => status(404, "NotFound", 'secrets "cacerts" not found'));
    const result = await probe(api.kubeconfig);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  test("passes when istio-system does not exist yet (the API answers 404 for it too)", async () => {
    api = await startFakeKubeApi(() => status(404, "NotFound", 'namespaces "istio-system" not found'));
    expect((await probe(api.kubeconfig)).code).toBe(0);
  });

  test("a user who may not read Secrets is stopped with the fix, not waved through", async () => {
    api = await startFakeKubeApi(() =>
      status(403, "Forbidden", 'secrets "cacerts" is forbidden: User "dev" cannot get resource "secrets"'),
    );
    const result = await probe(api.kubeconfig);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'cacerts-probe: could not read Secret istio-system/cacerts to check that this stack will not overwrite it (HTTP 403: secrets "cacerts" is forbidden',
    );
    expect(result.stderr).toContain("Fix: check that the kubeconfig's user may get Secrets in istio-system");
  });

  test("without its settings it says which one is missing", async () => {
    const result = await host.run(CACERTS_PROBE_SCRIPT, { SANDBOX_KUBECONFIG: "apiVersion: v1\n" });
    expect(result).toMatchObject({ code: 2, stderr: "cacerts-probe: SANDBOX_NAMESPACE is not set\n" });
  });
});
