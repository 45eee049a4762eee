import {
  WEBHOOK_PROBE_SCRIPT,
  webhookWaitCommand,
  webhookWaitEnvironment,
} from "../../components/metallb/webhook-wait";
import { sharedProbeHost } from "../harness/probe-host";
import { type Answer, type FakeKubeApi, runShell, startFakeKubeApi, status } from "../istio/fake-kube-api";

describe("MetalLB webhook probe", () => {
  const WEBHOOK_DOWN = status(
    500,
    "InternalError",
    'Internal error occurred: failed calling webhook "ipaddresspoolvalidationwebhook.metallb.io": failed to call webhook: Post "https://metallb-webhook-service.metallb-system.svc:443/validate-metallb-io-v1beta1-ipaddresspool?timeout=10s": dial tcp 10.43.12.7:443: connect: connection refused',
  );
  const CRD_MISSING = status(404, "NotFound", "the server could not find the requested resource");
  const CREATED: Answer = { status: 201, body: { kind: "IPAddressPool" } };

  // Cases run in one Node process; the first runs the script exactly as the Command does.
  const host = sharedProbeHost();

  let api: FakeKubeApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  function probe(
    kubeconfig: string,
    overrides: Partial<Parameters<typeof webhookWaitEnvironment>[0]> = {},
    asScript = false,
  ) {
    const env = {
      PATH: process.env.PATH ?? "",
      SANDBOX_KUBECONFIG: kubeconfig,
      ...webhookWaitEnvironment({
        namespace: "metallb-system",
        timeoutSeconds: 5,
        intervalMs: 10,
        ...overrides,
      }),
    };
    return asScript ? runShell(webhookWaitCommand(), env) : host.run(WEBHOOK_PROBE_SCRIPT, env);
  }

  describe("MetalLB webhook probe (run for real against a fake API server)", () => {
    test("retries while the webhook fails, and succeeds once it answers", async () => {
      api = await startFakeKubeApi((_, i) => (i === 0 ? CRD_MISSING : i < 4 ? WEBHOOK_DOWN : CREATED));
      const result = await probe(api.kubeconfig, {}, true);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/answered after 5 attempt\(s\)/);
      expect(api.requests).toHaveLength(5);
    });

    test("asks for a server-side dry run of an IPAddressPool, so nothing is stored", async () => {
      api = await startFakeKubeApi(() => CREATED);
      await probe(api.kubeconfig, { namespace: "lb-system" });
      const [request] = api.requests;
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/apis/metallb.io/v1beta1/namespaces/lb-system/ipaddresspools?dryRun=All");
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({
        apiVersion: "metallb.io/v1beta1",
        kind: "IPAddressPool",
        metadata: { namespace: "lb-system" },
        spec: { addresses: ["192.0.2.1/32"] },
      });
    });

    test.each([
      [
        "the webhook denies the probe pool",
        status(
          400,
          "BadRequest",
          'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: overlaps',
        ),
      ],
      ["the name is taken after admission", status(409, "AlreadyExists", "already exists")],
    ])("counts it as serving when %s", async (_, answer) => {
      api = await startFakeKubeApi(() => answer);
      const result = await probe(api.kubeconfig);
      expect(result.code).toBe(0);
      expect(api.requests).toHaveLength(1);
    });

    test("gives up after the timeout with the last error and where to look", async () => {
      api = await startFakeKubeApi(() => WEBHOOK_DOWN);
      const result = await probe(api.kubeconfig, { timeoutSeconds: 0.2, intervalMs: 20 });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/MetalLB's validating webhook did not answer within 0\.2s/);
      expect(result.stderr).toMatch(/Last error: HTTP 500: Internal error occurred: failed calling webhook/);
      expect(result.stderr).toMatch(/https:\/\/github\.com\/metallb\/metallb\/issues\/1597/);
      // At least one attempt; how many fit in the window depends on the machine (retries: the first test).
      expect(api.requests.length).toBeGreaterThanOrEqual(1);
    });

    test("uses the named context of the kubeconfig it is given", async () => {
      api = await startFakeKubeApi(() => CREATED);
      await probe(api.kubeconfig, { context: "other" });
      expect(api.requests[0].authorization).toBe("Bearer other-token");
    });

    test("uses the kubeconfig's current context when none is named", async () => {
      api = await startFakeKubeApi(() => CREATED);
      await probe(api.kubeconfig);
      expect(api.requests[0].authorization).toBe("Bearer sandbox-token");
    });

    test("refuses to run without a kubeconfig", async () => {
      const result = await probe("");
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/SANDBOX_KUBECONFIG is not set/);
    });
  });

  describe("webhookWaitEnvironment", () => {
    test("passes namespace, timeout and interval, and the context only when there is one", () => {
      expect(
        webhookWaitEnvironment({ namespace: "metallb-system", timeoutSeconds: 300, intervalMs: 2000 }),
      ).toEqual({
        METALLB_NAMESPACE: "metallb-system",
        PROBE_TIMEOUT_SECONDS: "300",
        PROBE_INTERVAL_MS: "2000",
      });
      expect(
        webhookWaitEnvironment({ namespace: "m", context: "k3d-x", timeoutSeconds: 1, intervalMs: 1 })
          .SANDBOX_KUBE_CONTEXT,
      ).toBe("k3d-x");
    });

    test("the command runs the probe script with node, quoted", () => {
      expect(webhookWaitCommand("/a b/it's.mjs")).toBe(`node '/a b/it'\\''s.mjs'`);
    });
  });
});
