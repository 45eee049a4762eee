/**
 * Checks 1-4 against local HTTP/HTTPS servers on 127.0.0.1 standing in for the ingress gateway,
 * with real certificates: the right CA, another CA, the wrong host, an expired leaf, and MUTUAL TLS.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { StackOutputs } from "../../components/outputs/contract";
import { gatewayEndpoints } from "../../tools/verify/endpoints";
import { gatewayChecks, judgeGateway } from "../../tools/verify/gateway-checks";
import type { CheckRow } from "../../tools/verify/types";
import { type KeyPair, makeCa, makeLeaf, requireOpenssl } from "./certificates";
import { HELLO, HOST, app, outputs } from "./verify-fixtures";

describe("verify's gateway checks", () => {
  let ca: KeyPair;
  let good: KeyPair;
  let otherCaLeaf: KeyPair;
  let wrongHost: KeyPair;
  let expired: KeyPair;
  let client: KeyPair;

  beforeAll(() => {
    requireOpenssl();
    ca = makeCa("ca.fireflyclass.com");
    const otherCa = makeCa("ca.other.test");
    const wildcard = ["*.fireflyclass.com", "fireflyclass.com"];
    good = makeLeaf(ca, { dnsNames: wildcard });
    otherCaLeaf = makeLeaf(otherCa, { dnsNames: wildcard });
    wrongHost = makeLeaf(ca, { dnsNames: ["*.example.org"] });
    expired = makeLeaf(ca, { dnsNames: wildcard, startDate: "20200101000000Z", endDate: "20200201000000Z" });
    client = makeLeaf(ca, { dnsNames: ["client.fireflyclass.com"], extendedKeyUsage: "clientAuth" });
  });

  type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

  /** What the gateway does once the VirtualService routes the host: the hello-app's answer. */
  const routed: Handler = (req, res) => {
    if (req.headers.host === HOST) {
      res.writeHead(200, { "content-type": "text/plain", server: "istio-envoy" }).end(HELLO);
    } else {
      res.writeHead(404, { server: "istio-envoy" }).end();
    }
  };

  const redirecting: Handler = (req, res) => {
    res.writeHead(301, { location: `https://${req.headers.host ?? ""}/`, server: "istio-envoy" }).end();
  };

  const servers: (http.Server | https.Server)[] = [];

  function listen<T extends http.Server | https.Server>(server: T): Promise<number> {
    servers.push(server);
    return new Promise((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
    );
  }

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

  interface Gateway {
    readonly httpHandler?: Handler;
    readonly leaf?: KeyPair;
    /** MUTUAL: the gateway demands a client certificate signed by the CA. */
    readonly mutual?: boolean;
  }

  async function gateway(options: Gateway = {}): Promise<{ localHttpPort: number; localHttpsPort: number }> {
    const leaf = options.leaf ?? good;
    const localHttpPort = await listen(http.createServer(options.httpHandler ?? routed));
    const localHttpsPort = await listen(
      https.createServer(
        options.mutual
          ? { cert: leaf.cert, key: leaf.key, ca: ca.cert, requestCert: true, rejectUnauthorized: true }
          : { cert: leaf.cert, key: leaf.key },
        routed,
      ),
    );
    return { localHttpPort, localHttpsPort };
  }

  async function check(stack: StackOutputs): Promise<Record<string, CheckRow>> {
    const rows = await gatewayChecks(stack, gatewayEndpoints(stack.ingress), {
      timeoutMs: 5000,
      now: () => new Date(),
    });
    return Object.fromEntries(rows.map((r) => [r.check, r]));
  }

  const NOW = new Date();

  describe("a correct gateway", () => {
    it("passes every check, the way the walkthrough's curls did", async () => {
      const ports = await gateway();
      const rows = await check(outputs({ caCertificate: ca.cert, ingress: ports }));
      expect(Object.keys(rows)).toEqual([
        "HTTP via gateway",
        "HTTPS without CA",
        "HTTPS with CA",
        "certificate",
        "httpsRedirect (off)",
      ]);
      expect(Object.values(rows).map((r) => [r.check, r.status])).toEqual(
        Object.keys(rows).map((k) => [k, "pass"]),
      );
      expect(rows["HTTP via gateway"].seen).toBe('200 "Hello, world!" (server: istio-envoy)');
      expect(rows["HTTPS without CA"].seen).toBe("rejected: UNABLE_TO_VERIFY_LEAF_SIGNATURE");
      expect(rows["HTTPS with CA"].seen).toBe('200 "Hello, world!" (server: istio-envoy)');
      expect(rows.certificate.seen).toMatch(
        /^chains to ca\.fireflyclass\.com; SAN \*\.fireflyclass\.com covers helloworld\.fireflyclass\.com; valid until \d{4}-\d\d-\d\d$/,
      );
    });
  });

  describe("HTTP through the gateway", () => {
    it("fails on the walkthrough's 404 (VirtualService bound to an unqualified gateway name)", async () => {
      const ports = await gateway({
        httpHandler: (_req, res) => res.writeHead(404, { server: "istio-envoy" }).end(),
      });
      const rows = await check(outputs({ caCertificate: ca.cert, ingress: ports }));
      expect(rows["HTTP via gateway"]).toMatchObject({
        status: "fail",
        seen: "404 empty body (server: istio-envoy)",
      });
    });
    it("fails on 200 without the greeting", async () => {
      const ports = await gateway({ httpHandler: (_req, res) => res.writeHead(200).end("It works\n") });
      const rows = await check(outputs({ caCertificate: ca.cert, ingress: ports }));
      expect(rows["HTTP via gateway"]).toMatchObject({ status: "fail", seen: '200 "It works"' });
    });
    it("fails with the connection error when nothing listens (the walkthrough's reset)", async () => {
      const ports = await gateway();
      const closed = await listen(http.createServer());
      await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
      const rows = await check(
        outputs({ caCertificate: ca.cert, ingress: { ...ports, localHttpPort: closed } }),
      );
      expect(rows["HTTP via gateway"].status).toBe("fail");
      expect(rows["HTTP via gateway"].seen).toMatch(/^ECONNREFUSED \(/);
    });
    it("times out on a gateway that accepts but never answers", async () => {
      const ports = await gateway({ httpHandler: () => undefined });
      const stack = outputs({ caCertificate: ca.cert, ingress: ports });
      const rows = await gatewayChecks(stack, gatewayEndpoints(stack.ingress), {
        timeoutMs: 100,
        now: () => NOW,
      });
      expect(rows[0]).toMatchObject({
        check: "HTTP via gateway",
        status: "fail",
        seen: "ETIMEDOUT (no answer within 100 ms)",
      });
    });
  });

  describe("TLS", () => {
    it("a certificate from another CA: trusted by neither, and the report says whose it is", async () => {
      const ports = await gateway({ leaf: otherCaLeaf });
      const rows = await check(outputs({ caCertificate: ca.cert, ingress: ports }));
      expect(rows["HTTPS without CA"].status).toBe("pass");
      expect(rows["HTTPS with CA"]).toMatchObject({
        status: "fail",
        seen: "certificate rejected: UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      });
      expect(rows.certificate.status).toBe("fail");
      expect(rows.certificate.seen).toContain(
        "issued by ca.other.test, not by the stack's CA ca.fireflyclass.com",
      );
    });
    it("a certificate for the wrong host", async () => {
      const ports = await gateway({ leaf: wrongHost });
      const rows = await check(outputs({ caCertificate: ca.cert, ingress: ports }));
      expect(rows["HTTPS with CA"]).toMatchObject({
        status: "fail",
        seen: "certificate rejected: ERR_TLS_CERT_ALTNAME_INVALID",
      });
      expect(rows.certificate.status).toBe("fail");
      expect(rows.certificate.seen).toContain(
        "SANs [*.example.org] do not cover helloworld.fireflyclass.com",
      );
    });
    it("an expired certificate", async () => {
      const ports = await gateway({ leaf: expired });
      const rows = await check(outputs({ caCertificate: ca.cert, ingress: ports }));
      expect(rows["HTTPS with CA"]).toMatchObject({
        status: "fail",
        seen: "certificate rejected: CERT_HAS_EXPIRED",
      });
      expect(rows.certificate.status).toBe("fail");
      expect(rows.certificate.seen).toContain("expired 2020-02-01T00:00:00.000Z");
    });
    it("MUTUAL: presents the client certificate from the outputs", async () => {
      const ports = await gateway({ mutual: true });
      const rows = await check(
        outputs({
          caCertificate: ca.cert,
          clientCertificate: client.cert,
          clientPrivateKey: client.key,
          ingress: { ...ports, tlsMode: "MUTUAL" },
        }),
      );
      expect(rows["HTTPS with CA"]).toMatchObject({
        status: "pass",
        seen: '200 "Hello, world!" (server: istio-envoy)',
      });
    });
    it("a MUTUAL gateway refuses a client without a certificate", async () => {
      const ports = await gateway({ mutual: true });
      const rows = await check(outputs({ caCertificate: ca.cert, ingress: ports }));
      expect(rows["HTTPS with CA"].status).toBe("fail");
      expect(rows["HTTPS with CA"].seen).toMatch(
        /^(ECONNRESET|ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED) \(/,
      );
    });
    it("a certificate the system trust store accepts fails check 2: the CA would not matter", () => {
      const rows = judgeGateway(
        app,
        {
          http: { status: 200, body: HELLO },
          httpsWithoutCa: { authorized: true, chain: [] },
          httpsWithCa: { error: "ECONNRESET", message: "socket hang up" },
        },
        { httpsRedirect: false, caCertificate: "unused", now: NOW },
      );
      expect(rows.find((r) => r.check === "HTTPS without CA")).toMatchObject({
        status: "fail",
        seen: "verified against the system trust store",
      });
      expect(rows.find((r) => r.check === "certificate")).toMatchObject({
        status: "fail",
        seen: "no certificate served",
      });
    });
  });

  describe("httpsRedirect", () => {
    it("on, and the HTTP server redirects: passes, and the content is checked over HTTPS", async () => {
      const ports = await gateway({ httpHandler: redirecting });
      const rows = await check(
        outputs({ caCertificate: ca.cert, ingress: { ...ports, httpsRedirect: true } }),
      );
      expect(rows["httpsRedirect (on)"]).toMatchObject({
        status: "pass",
        expected: `301/308 → https://${HOST}/`,
        seen: `301 → https://${HOST}/ empty body (server: istio-envoy)`,
      });
      expect(rows["HTTP via gateway"].status).toBe("pass");
    });
    it("on, but HTTP answers 200 (the walkthrough put httpsRedirect on the HTTPS server): fails", async () => {
      const ports = await gateway();
      const rows = await check(
        outputs({ caCertificate: ca.cert, ingress: { ...ports, httpsRedirect: true } }),
      );
      expect(rows["httpsRedirect (on)"].status).toBe("fail");
      expect(rows["HTTP via gateway"].status).toBe("fail");
    });
    it("on, but redirecting somewhere else: fails", async () => {
      const ports = await gateway({
        httpHandler: (_req, res) => res.writeHead(301, { location: "https://elsewhere.example/" }).end(),
      });
      const rows = await check(
        outputs({ caCertificate: ca.cert, ingress: { ...ports, httpsRedirect: true } }),
      );
      expect(rows["httpsRedirect (on)"].status).toBe("fail");
    });
    it("off, but the gateway redirects: fails", async () => {
      const ports = await gateway({ httpHandler: redirecting });
      const rows = await check(outputs({ caCertificate: ca.cert, ingress: ports }));
      expect(rows["httpsRedirect (off)"]).toMatchObject({ status: "fail", expected: "200, no redirect" });
    });
  });
});
