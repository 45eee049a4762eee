import { addressProbeEnvironment, LB_ADDRESS_PROBE_SCRIPT } from "../../components/istio/ingress-address";
import { sharedProbeHost } from "../harness/probe-host";
import { type FakeKubeApi, startFakeKubeApi, status } from "./fake-kube-api";

describe("load-balancer address probe: a gateway Service that never appears", () => {
  const host = sharedProbeHost();
  const NOT_FOUND = status(404, "NotFound", 'services "ingress-istio" not found');

  let api: FakeKubeApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  function probe(kubeconfig: string, required: boolean) {
    return host.run(LB_ADDRESS_PROBE_SCRIPT, {
      SANDBOX_KUBECONFIG: kubeconfig,
      ...addressProbeEnvironment({
        namespace: "istio-system",
        serviceName: "ingress-istio",
        required,
        timeoutSeconds: 0.2,
        intervalMs: 20,
      }),
    });
  }

  test("asks whether istiod runs and accepted the Gateway, and does not blame MetalLB's pool", async () => {
    api = await startFakeKubeApi(() => NOT_FOUND);
    const result = await probe(api.kubeconfig, true);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      'Service istio-system/ingress-istio does not exist (0.2s; last: HTTP 404: services "ingress-istio" not found)',
    );
    expect(result.stderr).toContain("is istiod running, and was the Gateway accepted?");
    expect(result.stderr).toContain("kubectl -n istio-system get gateway");
    expect(result.stderr).not.toMatch(/metallbAddresses|IPAddressPool/);
  });

  test("without MetalLB it still says why, and reports no address", async () => {
    api = await startFakeKubeApi(() => NOT_FOUND);
    const result = await probe(api.kubeconfig, false);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("is istiod running, and was the Gateway accepted?");
  });

  test("a Service that appears late is not reported missing: MetalLB's pool is named again", async () => {
    api = await startFakeKubeApi((_, i) =>
      i === 0
        ? NOT_FOUND
        : {
            status: 200,
            body: {
              kind: "Service",
              apiVersion: "v1",
              metadata: { name: "ingress-istio", namespace: "istio-system" },
              spec: { type: "LoadBalancer" },
              status: { loadBalancer: {} },
            },
          },
    );
    const result = await probe(api.kubeconfig, true);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain("does not exist");
    expect(result.stderr).toContain("pulumi config set metallbAddresses");
  });
});
