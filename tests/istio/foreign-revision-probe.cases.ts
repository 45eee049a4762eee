/** The existing-Istio check of one revision, run for real against a fake API server. */
import { FOREIGN_ISTIO_PROBE_SCRIPT } from "../../components/istio/foreign-istio-check";
import { sharedProbeHost } from "../harness/probe-host";
import { type FakeKubeApi, startFakeKubeApi } from "./fake-kube-api";

describe("existing-revision check", () => {
  let api: FakeKubeApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  const host = sharedProbeHost();
  const SERVER = "https://lab.example:6443";

  const istiod = (name: string, revision?: string) => ({
    metadata: {
      name,
      namespace: "istio-system",
      labels: {
        app: "istiod",
        ...(revision === undefined ? {} : { "istio.io/rev": revision }),
        "install.operator.istio.io/owning-resource": "someone-else",
      },
    },
    spec: {
      template: { spec: { containers: [{ name: "discovery", image: "docker.io/istio/pilot:1.31.1" }] } },
    },
  });
  const serve = (items: unknown[]) =>
    startFakeKubeApi(() => ({
      status: 200,
      body: { kind: "DeploymentList", apiVersion: "apps/v1", metadata: {}, items },
    }));

  test("stops on an istiod-<revision> the stack did not make, naming it and the key to rename", async () => {
    api = await serve([istiod("istiod-1-30-3", "1-30-3"), istiod("istiod-1-31-1", "1-31-1")]);
    const result = await host.run(FOREIGN_ISTIO_PROBE_SCRIPT, {
      SANDBOX_KUBECONFIG: api.kubeconfig,
      SANDBOX_TARGET_SERVER: SERVER,
      ISTIO_REVISION: "1-31-1",
      ISTIO_REVISION_KEY: "istioCanary.revision",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "This cluster already runs Istio revision 1-31-1, which this stack did not install:\n" +
        "  - Deployment istio-system/istiod-1-31-1 (revision 1-31-1, docker.io/istio/pilot:1.31.1, installed by istioctl)\n",
    );
    expect(result.stderr).not.toContain("istiod-1-30-3");
    expect(result.stderr).toContain("npm run config -- set --path 'istioCanary.revision' <name>");
    expect(result.stderr).toContain("istioctl uninstall --revision 1-31-1, or helm uninstall istiod-1-31-1");
  });

  test("recognises the revision by the Deployment's name too, where the label is missing", async () => {
    api = await serve([istiod("istiod-canary")]);
    const result = await host.run(FOREIGN_ISTIO_PROBE_SCRIPT, {
      SANDBOX_KUBECONFIG: api.kubeconfig,
      SANDBOX_TARGET_SERVER: SERVER,
      ISTIO_REVISION: "canary",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("npm run config -- set istioRevision <name>");
  });

  test("passes beside other revisions: another istiod is not this revision", async () => {
    api = await serve([istiod("istiod-1-30-3", "1-30-3"), istiod("istiod")]);
    const result = await host.run(FOREIGN_ISTIO_PROBE_SCRIPT, {
      SANDBOX_KUBECONFIG: api.kubeconfig,
      SANDBOX_TARGET_SERVER: SERVER,
      ISTIO_REVISION: "1-31-1",
    });
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 0,
      stdout: `no other Istio control plane at ${SERVER}\n`,
      stderr: "",
    });
  });
});
