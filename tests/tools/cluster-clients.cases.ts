/**
 * doctor's and verify's cluster clients, for real, against a fake API server: the paths, selectors and
 * contexts they ask for, and what they make of the answers (404 included).
 */
import * as path from "node:path";
import {
  type Answer,
  type FakeKubeApi,
  type RecordedRequest,
  runShell,
  startFakeKubeApi,
  status,
} from "../istio/fake-kube-api";

const DRIVER = path.join(__dirname, "cluster-clients-driver.ts");
const list = (kind: string, items: unknown[]): Answer => ({
  status: 200,
  body: { kind, apiVersion: "v1", metadata: {}, items },
});

function answer({ url }: RecordedRequest): Answer {
  const [route] = url.split("?");
  switch (route) {
    case "/version":
      return { status: 200, body: { major: "1", minor: "34", gitVersion: "v1.34.4" } };
    case "/apis/apps/v1/deployments":
      return list("DeploymentList", [
        { metadata: { name: "istiod", namespace: "istio-system", labels: { app: "istiod" } } },
        {
          metadata: {
            name: "istiod-canary",
            namespace: "istio-system",
            labels: { "istio.io/rev": "canary" },
          },
        },
      ]);
    case "/api/v1/services":
      return list("ServiceList", [
        { metadata: { name: "pending", namespace: "a" }, spec: { type: "LoadBalancer" }, status: {} },
        {
          metadata: { name: "served", namespace: "b" },
          spec: { type: "LoadBalancer" },
          status: { loadBalancer: { ingress: [{ ip: "10.0.0.5" }] } },
        },
      ]);
    case "/api/v1/namespaces/istio-system/services/gateway":
      return { status: 200, body: { kind: "Service", apiVersion: "v1", metadata: { name: "gateway" } } };
    case "/api/v1/namespaces/default/pods":
      return list("PodList", [
        { metadata: { name: "helloworld-1" } },
        { metadata: { name: "helloworld-2" } },
      ]);
    default:
      return status(404, "NotFound", `${route} not found`);
  }
}

describe("doctor's and verify's cluster clients against a fake API server", () => {
  let api: FakeKubeApi;
  let results: Record<string, unknown>;
  beforeAll(async () => {
    api = await startFakeKubeApi(answer);
    const run = await runShell(`"${process.execPath}" -r ts-node/register/transpile-only "${DRIVER}"`, {
      PATH: process.env.PATH ?? "",
      SANDBOX_KUBECONFIG: api.kubeconfig,
      SANDBOX_KUBE_CONTEXT: "other",
    });
    if (run.code !== 0) throw new Error(`the driver failed: ${run.stderr}`);
    results = JSON.parse(run.stdout) as Record<string, unknown>;
  });
  afterAll(() => api.close());

  test("doctor: the Kubernetes version, each istiod with its revision, and a Service with an address as evidence", () => {
    expect(results.version).toEqual({ value: "v1.34.4" });
    expect(results.istiods).toEqual({
      value: [
        { namespace: "istio-system", name: "istiod", revision: "default" },
        { namespace: "istio-system", name: "istiod-canary", revision: "canary" },
      ],
    });
    expect(results.loadBalancerEvidence).toEqual({ value: "Service b/served has an external address" });
    expect(api.requests.map((r) => r.url)).toContain("/apis/apps/v1/deployments?labelSelector=app%3Distiod");
  });

  test("doctor asks with the context it is given", () => {
    const doctorCalls = api.requests.filter((r) => r.url === "/version");
    expect(doctorCalls.map((r) => r.authorization)).toEqual(["Bearer other-token"]);
  });

  test("verify: a Service by name, none (not an error) for a missing one, pods by label", () => {
    expect(results.gateway).toEqual({ value: "gateway" });
    expect(results.missingService).toEqual({ value: null });
    expect(results.pods).toEqual({ value: ["helloworld-1", "helloworld-2"] });
    expect(api.requests.map((r) => r.url)).toContain(
      "/api/v1/namespaces/default/pods?labelSelector=app%3Dhelloworld",
    );
  });

  test("verify: deleting a namespace that is already gone succeeds, so cleanup can run twice", () => {
    expect(results.deleteGoneNamespace).toEqual({ value: null });
    expect(api.requests).toContainEqual(
      expect.objectContaining({ method: "DELETE", url: "/api/v1/namespaces/gone" }),
    );
  });
});
