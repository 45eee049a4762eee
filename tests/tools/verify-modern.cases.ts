/**
 * The dashboards check against a local HTTPS server standing in for the ingress (real certificates),
 * and the ambient enrolment check on pods shaped as the API returns them.
 */
import type * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { AddonEndpoint } from "../../components/outputs/contract";
import { addonChecks } from "../../tools/verify/addon-checks";
import { judgeAmbient } from "../../tools/verify/ambient-check";
import type { Pod } from "../../tools/verify/cluster-api";
import { gatewayEndpoints } from "../../tools/verify/endpoints";
import { type KeyPair, makeCa, makeLeaf, requireOpenssl } from "./certificates";
import { app, outputs } from "./verify-fixtures";

describe("verify's dashboard and ambient checks", () => {
  const kiali: AddonEndpoint = {
    name: "kiali",
    host: "kiali.fireflyclass.com",
    path: "/kiali",
    purpose: "the mesh's traffic graph",
    urls: { localHttps: "https://kiali.fireflyclass.com/kiali" },
    curl: "curl ...",
  };
  const grafana: AddonEndpoint = { ...kiali, name: "grafana", host: "grafana.fireflyclass.com", path: "/" };

  let ca: KeyPair;
  let leaf: KeyPair;
  let otherCa: KeyPair;
  beforeAll(() => {
    requireOpenssl();
    ca = makeCa("ca.fireflyclass.com");
    otherCa = makeCa("ca.other.test");
    leaf = makeLeaf(ca, { dnsNames: ["*.fireflyclass.com", "fireflyclass.com"] });
  });

  const servers: https.Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    );
  });

  /** The ingress as the add-on routes make it: Kiali answers under /kiali, Grafana redirects to /login. */
  async function ingress(handler?: http.RequestListener): Promise<number> {
    const server = https.createServer(
      { cert: leaf.cert, key: leaf.key },
      handler ??
        ((req, res) => {
          if (req.headers.host === "kiali.fireflyclass.com" && req.url === "/kiali")
            res.writeHead(200).end("<html>");
          else if (req.headers.host === "grafana.fireflyclass.com")
            res.writeHead(302, { location: "/login" }).end();
          else res.writeHead(404).end();
        }),
    );
    servers.push(server);
    return new Promise((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
    );
  }

  describe("dashboards over HTTPS", () => {
    it("passes UIs that answer at their path, directly or by a redirect within the UI", async () => {
      const port = await ingress();
      const stack = outputs({
        caCertificate: ca.cert,
        addons: [kiali, grafana],
        ingress: { localHttpsPort: port },
      });
      const rows = await addonChecks(stack, gatewayEndpoints(stack.ingress), 5000);
      expect(rows.map((r) => [r.app, r.status, r.seen])).toEqual([
        ["kiali", "pass", '200 "<html>"'],
        ["grafana", "pass", "302 → /login empty body"],
      ]);
      expect(rows[0].expected).toBe("https://kiali.fireflyclass.com/kiali answers (2xx/3xx) with the CA");
    });

    it("fails a UI the route does not reach, naming what to look at", async () => {
      const port = await ingress((_req, res) => res.writeHead(503).end("no healthy upstream"));
      const stack = outputs({ caCertificate: ca.cert, addons: [kiali], ingress: { localHttpsPort: port } });
      const [row] = await addonChecks(stack, gatewayEndpoints(stack.ingress), 5000);
      expect(row).toMatchObject({ status: "fail" });
      expect(row.seen).toBe(
        '503 "no healthy upstream"; is the add-on running? (kubectl -n istio-system get pods -l app.kubernetes.io/name=kiali)',
      );
    });

    it("fails when the certificate does not chain to the stack's CA", async () => {
      const port = await ingress();
      const stack = outputs({
        caCertificate: otherCa.cert,
        addons: [kiali],
        ingress: { localHttpsPort: port },
      });
      const [row] = await addonChecks(stack, gatewayEndpoints(stack.ingress), 5000);
      expect(row.status).toBe("fail");
      expect(row.seen).toMatch(/^certificate rejected: /);
    });

    it("checks nothing when the stack has no add-ons", async () => {
      const stack = outputs({});
      expect(await addonChecks(stack, gatewayEndpoints(stack.ingress), 100)).toEqual([]);
    });
  });

  describe("ambient enrolment", () => {
    const pod = (name: string, annotations: Record<string, string>, containers = ["helloworld"]): Pod => ({
      metadata: { name, annotations },
      spec: { containers: containers.map((c) => ({ name: c })) },
      status: { phase: "Running" },
    });
    const captured = { "ambient.istio.io/redirection": "enabled" };

    it("passes pods captured by ztunnel without a sidecar", () => {
      expect(judgeAmbient(app, [pod("a", captured), pod("b", captured)])).toMatchObject({
        status: "pass",
        seen: "2/2 pods captured, none with istio-proxy",
      });
    });

    it("fails a pod that still carries a sidecar", () => {
      const row = judgeAmbient(app, [pod("a", captured, ["helloworld", "istio-proxy"])]);
      expect(row.status).toBe("fail");
      expect(row.seen).toBe(
        "1/1 pods carry istio-proxy, e.g. a; remove istio-injection from namespace default and restart them (kubectl rollout restart deployment/helloworld -n default)",
      );
    });

    it("fails a pod ztunnel did not capture", () => {
      const row = judgeAmbient(app, [pod("a", captured), pod("b", {})]);
      expect(row.status).toBe("fail");
      expect(row.seen).toContain(
        "1/2 pods not captured, e.g. b; is namespace default labelled istio.io/dataplane-mode=ambient",
      );
    });

    it("fails when no pod runs", () => {
      expect(judgeAmbient(app, []).seen).toBe("no running pods behind Service default/helloworld");
    });
  });
});
