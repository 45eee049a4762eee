/**
 * verify's GET through a pod port-forward, for real: @kubernetes/client-node's PortForward and Node's
 * HTTP client, against an API server that speaks the port-forward WebSocket protocol.
 */
import * as path from "node:path";
import { runShell } from "../istio/fake-kube-api";
import { type FakePortForwardApi, startFakePortForwardApi } from "./fake-port-forward";

const DRIVER = path.join(__dirname, "port-forward-driver.ts");
const DUMP = JSON.stringify({
  configs: [{ "@type": "type.googleapis.com/envoy.admin.v3.SecretsConfigDump" }],
});

describe("verify's port-forward GET against a fake API server", () => {
  let api: FakePortForwardApi;
  let results: Record<string, unknown>;
  beforeAll(async () => {
    api = await startFakePortForwardApi(({ pod }) =>
      pod === "gone"
        ? undefined
        : pod === "starting"
          ? { status: 503, body: "not ready" }
          : { status: 200, body: pod === "ztunnel-a" ? '{"certificates":[]}' : DUMP },
    );
    const run = await runShell(`"${process.execPath}" -r ts-node/register/transpile-only "${DRIVER}"`, {
      PATH: process.env.PATH ?? "",
      SANDBOX_KUBECONFIG: api.kubeconfig,
    });
    if (run.code !== 0) throw new Error(`the driver failed: ${run.stderr}`);
    results = JSON.parse(run.stdout) as Record<string, unknown>;
  });
  afterAll(() => api.close());

  test("returns the body, having asked the pod's port what istioctl asks Envoy", () => {
    expect(results.secrets).toEqual({ value: DUMP });
    expect(api.forwarded[0]).toMatchObject({
      namespace: "default",
      pod: "helloworld-1",
      port: 15000,
      requestLine: "GET /config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets HTTP/1.1",
      authorization: "Bearer sandbox-token",
    });
    expect(api.forwarded[0].protocols).toContain("v4.channel.k8s.io");
  });

  test("each GET opens its own tunnel and closes it: the driver ended by itself, nothing is left open", () => {
    expect(results.again).toEqual({ value: '{"certificates":[]}' });
    expect(api.forwarded.map((f) => `${f.namespace}/${f.pod}`)).toEqual([
      "default/helloworld-1",
      "istio-system/ztunnel-a",
      "default/starting",
    ]);
    expect(api.openConnections()).toBe(0);
  });

  test("an answer other than 200 is an error naming the pod, port and path", () => {
    expect(results.notOk).toEqual({ error: "HTTP 503 from default/starting:15000/config_dump" });
  });

  test("a refused port-forward is an error naming the pod and the API server's answer", () => {
    expect(results.missingPod).toEqual({
      error: "port-forward to default/gone:15000 failed: Unexpected server response: 404",
    });
  });
});
