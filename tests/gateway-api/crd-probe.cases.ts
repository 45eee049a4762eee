/**
 * The program's question to an existing cluster about its Gateway API CRDs, for real: the probe script
 * against a fake API server, and the child process the program runs it in, with its time limit.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { CRD_PROBE_SCRIPT, probeClusterCrds } from "../../components/gateway-api";
import { sharedProbeHost } from "../harness/probe-host";
import {
  type Answer,
  type FakeKubeApi,
  kubeconfigFor,
  startFakeKubeApi,
  status,
} from "../istio/fake-kube-api";

const GATEWAYS = "gateways.gateway.networking.k8s.io";
const HTTPROUTES = "httproutes.gateway.networking.k8s.io";
const PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/";

function answer(url: string): Answer {
  if (url === `${PATH}${GATEWAYS}`) {
    return {
      status: 200,
      body: {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: {
          name: GATEWAYS,
          annotations: {
            "gateway.networking.k8s.io/bundle-version": "v1.6.0",
            "gateway.networking.k8s.io/channel": "standard",
            "kubectl.kubernetes.io/last-applied-configuration": "{...a whole CRD...}",
          },
          managedFields: [
            { manager: "kube-addon-manager", operation: "Apply" },
            { manager: "kube-apiserver", operation: "Update", subresource: "status" },
            { manager: "kube-addon-manager", operation: "Update" },
          ],
        },
      },
    };
  }
  return status(
    404,
    "NotFound",
    `customresourcedefinitions.apiextensions.k8s.io "${url.split("/").pop()}" not found`,
  );
}

describe("the Gateway API CRD probe (run for real against a fake API server)", () => {
  let api: FakeKubeApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  const host = sharedProbeHost();

  test("reads each CRD by name: the release annotations and field managers of one that exists, null for one that does not", async () => {
    api = await startFakeKubeApi(({ url }) => answer(url));
    const result = await host.run(CRD_PROBE_SCRIPT, {
      SANDBOX_KUBECONFIG: api.kubeconfig,
      CRD_NAMES: `${GATEWAYS},${HTTPROUTES}`,
    });
    expect(result.code).toBe(0);
    expect(api.requests.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      `GET ${PATH}${GATEWAYS}`,
      `GET ${PATH}${HTTPROUTES}`,
    ]);
    expect(JSON.parse(result.stdout)).toEqual({
      [GATEWAYS]: {
        annotations: {
          "gateway.networking.k8s.io/bundle-version": "v1.6.0",
          "gateway.networking.k8s.io/channel": "standard",
        },
        managers: ["kube-addon-manager", "kube-apiserver"],
      },
      [HTTPROUTES]: null,
    });
  });

  test("an API error other than 404 fails the probe with the server's answer", async () => {
    api = await startFakeKubeApi(() => status(403, "Forbidden", "customresourcedefinitions is forbidden"));
    const result = await host.run(CRD_PROBE_SCRIPT, {
      SANDBOX_KUBECONFIG: api.kubeconfig,
      CRD_NAMES: GATEWAYS,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "gateway-api-crd-probe: could not read CustomResourceDefinitions (HTTP 403: customresourcedefinitions is forbidden).\n",
    );
    expect(result.stdout).toBe("");
  });
});

describe("the program's CRD lookup (a child process with a time limit)", () => {
  test("runs the probe with the cluster's kubeconfig and context, and returns its answer", async () => {
    const api = await startFakeKubeApi(({ url }) => answer(url));
    try {
      const live = await probeClusterCrds()({
        kubeconfig: api.kubeconfig,
        context: "other",
        names: [GATEWAYS, HTTPROUTES],
      });
      expect(live[HTTPROUTES]).toBeNull();
      expect(live[GATEWAYS]?.annotations["gateway.networking.k8s.io/bundle-version"]).toBe("v1.6.0");
      // The context's user, not the current one's: the token says which.
      expect(api.requests.map((r) => r.authorization)).toEqual(["Bearer other-token", "Bearer other-token"]);
    } finally {
      await api.close();
    }
  });

  test("a cluster that cannot be reached stops the program, naming kubeconfig and the fix", async () => {
    await expect(
      probeClusterCrds()({ kubeconfig: kubeconfigFor("http://127.0.0.1:9"), names: [GATEWAYS] }),
    ).rejects.toThrow(
      /^istio-sandbox:kubeconfig: could not ask the cluster for its Gateway API CRDs: gateway-api-crd-probe: could not read CustomResourceDefinitions \(.*ECONNREFUSED.*\)\.\. Fix: check that the cluster answers and the kubeconfig's user may read CustomResourceDefinitions \(npm run doctor\), then run again$/,
    );
  });

  test("a cluster that does not answer is given up at the time limit", async () => {
    // Holds every request until the test ends: the probe's only way out is the time limit.
    const held: http.ServerResponse[] = [];
    const server = http.createServer((_req, res) => held.push(res));
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(
        probeClusterCrds(1500)({ kubeconfig: kubeconfigFor(`http://127.0.0.1:${port}`), names: [GATEWAYS] }),
      ).rejects.toThrow(
        "istio-sandbox:kubeconfig: the cluster did not say within 2 s which Gateway API CRDs it has. Fix: check that the cluster answers",
      );
    } finally {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
