import {
  addressProbeEnvironment,
  LB_ADDRESS_PROBE_SCRIPT,
  parseProbeOutput,
} from "../../components/istio/ingress-address";
import { nodeScriptCommand } from "../../components/local/shell";
import { sharedProbeHost } from "../harness/probe-host";
import { type Answer, type FakeKubeApi, runShell, startFakeKubeApi, status } from "./fake-kube-api";

describe("load-balancer address probe", () => {
  // Cases run in one Node process; the settings check runs the script exactly as the Command does.
  const host = sharedProbeHost();

  const service = (ingress?: { ip?: string; hostname?: string }[]): Answer => ({
    status: 200,
    body: {
      kind: "Service",
      apiVersion: "v1",
      metadata: { name: "istio-ingressgateway", namespace: "istio-system" },
      spec: { type: "LoadBalancer" },
      status: { loadBalancer: ingress === undefined ? {} : { ingress } },
    },
  });
  const NOT_FOUND = status(404, "NotFound", 'services "istio-ingressgateway" not found');

  let api: FakeKubeApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  function probe(kubeconfig: string, overrides: Partial<Parameters<typeof addressProbeEnvironment>[0]> = {}) {
    return host.run(LB_ADDRESS_PROBE_SCRIPT, {
      SANDBOX_KUBECONFIG: kubeconfig,
      ...addressProbeEnvironment({
        namespace: "istio-system",
        serviceName: "istio-ingressgateway",
        required: true,
        timeoutSeconds: 5,
        intervalMs: 10,
        ...overrides,
      }),
    });
  }

  describe("load-balancer address probe (run for real against a fake API server)", () => {
    test("waits while the Service is missing or pending, then prints only the address", async () => {
      api = await startFakeKubeApi((_, i) =>
        i === 0 ? NOT_FOUND : i < 3 ? service() : service([{ ip: "172.18.255.200" }]),
      );
      const result = await probe(api.kubeconfig);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("172.18.255.200");
      expect(api.requests).toHaveLength(4);
      expect(api.requests[0]).toMatchObject({
        method: "GET",
        url: "/api/v1/namespaces/istio-system/services/istio-ingressgateway",
      });
    });

    test("reports a hostname where the load balancer gives one (a cloud LB in existing mode)", async () => {
      api = await startFakeKubeApi(() => service([{ hostname: "a1b2.elb.example.com" }]));
      const result = await probe(api.kubeconfig, { required: false });
      expect(result.stdout).toBe("a1b2.elb.example.com");
    });

    test("with MetalLB, no address in time fails the update and says where to look", async () => {
      api = await startFakeKubeApi(() => service());
      const result = await probe(api.kubeconfig, { timeoutSeconds: 0.2, intervalMs: 20 });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(
        /No load-balancer address for istio-system\/istio-ingressgateway within 0\.2s/,
      );
      expect(result.stderr).toMatch(/has no load-balancer address yet \(type LoadBalancer\)/);
      expect(result.stderr).toMatch(/pulumi config set metallbAddresses/);
    });

    test("with the cluster's own load balancer, no address in time is reported as none", async () => {
      api = await startFakeKubeApi(() => service());
      const result = await probe(api.kubeconfig, { required: false, timeoutSeconds: 0.2, intervalMs: 20 });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/the cluster may have no load balancer\. Reporting none/);
    });

    test("reads the Service through the named context", async () => {
      api = await startFakeKubeApi(() => service([{ ip: "10.0.0.9" }]));
      await probe(api.kubeconfig, { context: "other" });
      expect(api.requests[0].authorization).toBe("Bearer other-token");
    });

    test("refuses to run without its settings", async () => {
      const result = await runShell(nodeScriptCommand(LB_ADDRESS_PROBE_SCRIPT), {
        PATH: process.env.PATH ?? "",
        SANDBOX_KUBECONFIG: "x",
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/SERVICE_NAMESPACE is not set/);
    });
  });

  describe("parseProbeOutput", () => {
    test.each([
      ["172.18.255.200", "172.18.255.200"],
      [" 172.18.255.200\n", "172.18.255.200"],
      ["", undefined],
      ["\n", undefined],
    ])("%j → %j", (stdout, expected) => {
      expect(parseProbeOutput(stdout)).toBe(expected);
    });
  });
});
