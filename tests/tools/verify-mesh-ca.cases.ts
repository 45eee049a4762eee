/** meshCa sandbox in verify: the stack outputs that say so, and each workload certificate's chain. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Pod } from "../../tools/verify/cluster-api";
import { parseStackOutputs } from "../../tools/verify/outputs";
import {
  ENVOY_SECRETS_PATH,
  envoyCertificate,
  judgeWorkloadCertificate,
  workloadCertificateChecks,
  ztunnelCertificate,
} from "../../tools/verify/workload-certificate";
import { type KeyPair, makeCa, requireOpenssl } from "./certificates";
import { FakeCluster } from "./fake-cluster";
import { makeIntermediate, makeWorkload } from "./mesh-certificates";
import { outputs } from "./verify-fixtures";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("verify reads what decides its checks from the stack outputs", () => {
  test("meshCa, the data plane, the ingress API and the add-ons survive the parse", () => {
    const addon = {
      name: "kiali",
      host: "kiali.fireflyclass.com",
      path: "/kiali",
      purpose: "the mesh's traffic graph",
      urls: { localHttps: "https://kiali.fireflyclass.com/kiali" },
      curl: "curl https://kiali.fireflyclass.com/kiali",
    } as const;
    const stack = outputs({
      caCertificate: PEM,
      meshCa: "sandbox",
      dataplaneMode: "ambient",
      ingressApi: "gateway-api",
      waypoint: true,
      addons: [addon],
    });
    const parsed = parseStackOutputs(JSON.stringify(stack));
    expect(parsed).toMatchObject({
      meshCa: "sandbox",
      dataplaneMode: "ambient",
      ingressApi: "gateway-api",
      waypoint: true,
      addons: [addon],
    });
  });

  test("a stack from before these outputs parses, without them", () => {
    const parsed = parseStackOutputs(JSON.stringify(outputs({ caCertificate: PEM })));
    expect(parsed.meshCa).toBeUndefined();
    expect(parsed.dataplaneMode).toBeUndefined();
  });

  test("a meshCa that this version does not know is named", () => {
    const stack = { ...outputs({ caCertificate: PEM }), meshCa: "vault" };
    expect(() => parseStackOutputs(JSON.stringify(stack))).toThrow("  - meshCa: Invalid option");
  });
});

const FIXTURES = path.resolve(__dirname, "../fixtures/tools");
const recorded = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as T;
const SPIFFE = "spiffe://cluster.local/ns/default/sa/default";
/** Set once the certificates exist: they are valid from the second they were made. */
let NOW: Date;
const b64 = (text: string) => Buffer.from(text).toString("base64");

/** Envoy's answer to istioctl's secrets query, in the shape of istioctl's own test data. */
function envoyDump(chain: string, roots?: string): string {
  return JSON.stringify({
    configs: [
      { "@type": "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump" },
      {
        "@type": "type.googleapis.com/envoy.admin.v3.SecretsConfigDump",
        dynamic_active_secrets: [
          {
            name: "default",
            secret: {
              "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
              name: "default",
              tls_certificate: {
                certificate_chain: { inline_bytes: b64(chain) },
                private_key: { inline_bytes: "W3JlZGFjdGVkXQ==" },
              },
            },
          },
          ...(roots === undefined
            ? []
            : [
                {
                  name: "ROOTCA",
                  secret: {
                    name: "ROOTCA",
                    validation_context: { trusted_ca: { inline_bytes: b64(roots) } },
                  },
                },
              ]),
        ],
      },
    ],
  });
}

function ztunnelDump(identity: string, chain: string[], roots: string[], state = "Available"): string {
  return JSON.stringify({
    workloads: [],
    certificates: [
      {
        identity: "spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway",
        state,
        certChain: [],
        rootCerts: [],
      },
      {
        identity,
        state,
        certChain: chain.map((pem) => ({ pem, serialNumber: "1", validFrom: "", expirationTime: "" })),
        rootCerts: roots.map((pem) => ({ pem, serialNumber: "2", validFrom: "", expirationTime: "" })),
      },
    ],
  });
}

describe("workload certificates (meshCa sandbox)", () => {
  let ca: KeyPair;
  let intermediate: KeyPair;
  let workload: KeyPair;
  let istiodRoot: KeyPair;
  let istiodWorkload: KeyPair;
  let strayIntermediate: KeyPair;
  beforeAll(() => {
    requireOpenssl();
    ca = makeCa("ca.fireflyclass.com");
    intermediate = makeIntermediate(ca, "istiod-ca.fireflyclass.com");
    workload = makeWorkload(intermediate, SPIFFE);
    // istiod's own self-signed root, as `meshCa: istiod` (or an istiod started before cacerts) has.
    istiodRoot = makeCa("cluster.local");
    istiodWorkload = makeWorkload(istiodRoot, SPIFFE);
    strayIntermediate = makeIntermediate(istiodRoot, "another intermediate");
    NOW = new Date();
  });

  const found = (chain: string, roots?: string) => ({ chain, roots, source: "pod helloworld-1" });

  describe("judging a chain against the stack's CA", () => {
    test("passes the workload, intermediate and root that istiod presents, trusting the CA", () => {
      const row = judgeWorkloadCertificate(
        "helloworld",
        found(`${workload.cert}${intermediate.cert}${ca.cert}`, ca.cert),
        ca.cert,
        NOW,
      );
      expect(row).toMatchObject({ app: "helloworld", check: "workload certificate", status: "pass" });
      expect(row.seen).toMatch(
        new RegExp(
          `^pod helloworld-1: ${SPIFFE}, issued by istiod-ca.fireflyclass.com chains to ca.fireflyclass.com trusts ca.fireflyclass.com valid until `,
        ),
      );
    });

    test("passes a chain that stops at the intermediate: the CA signed it", () => {
      const row = judgeWorkloadCertificate(
        "helloworld",
        found(`${workload.cert}${intermediate.cert}`, ca.cert),
        ca.cert,
        NOW,
      );
      expect(row.status).toBe("pass");
    });

    test("fails istiod's own root, with the restart that fixes an istiod started before cacerts", () => {
      const row = judgeWorkloadCertificate(
        "helloworld",
        found(`${istiodWorkload.cert}${istiodRoot.cert}`, istiodRoot.cert),
        ca.cert,
        NOW,
      );
      expect(row.status).toBe("fail");
      expect(row.seen).toContain(
        "issued by cluster.local does not chain to the stack's CA ca.fireflyclass.com",
      );
      expect(row.seen).toContain("trusts [cluster.local], not ca.fireflyclass.com");
      expect(row.seen).toContain("kubectl -n istio-system rollout restart deployment/istiod, then the app");
    });

    test("fails a chain broken between the leaf and the next certificate", () => {
      const row = judgeWorkloadCertificate(
        "helloworld",
        found(`${workload.cert}${strayIntermediate.cert}`, ca.cert),
        ca.cert,
        NOW,
      );
      expect(row.status).toBe("fail");
      expect(row.seen).toContain("does not chain to the stack's CA");
    });

    test("fails a workload that does not trust the CA, or shows no trust bundle", () => {
      const chain = `${workload.cert}${intermediate.cert}${ca.cert}`;
      const other = judgeWorkloadCertificate("helloworld", found(chain, istiodRoot.cert), ca.cert, NOW);
      expect(other.status).toBe("fail");
      expect(other.seen).toContain(
        "chains to ca.fireflyclass.com trusts [cluster.local], not ca.fireflyclass.com",
      );
      const none = judgeWorkloadCertificate("helloworld", found(chain), ca.cert, NOW);
      expect(none.status).toBe("fail");
      expect(none.seen).toContain("no trust bundle seen");
    });

    test("fails a certificate that is not valid now", () => {
      const later = new Date(Date.now() + 400 * 86_400_000);
      const row = judgeWorkloadCertificate(
        "helloworld",
        found(`${workload.cert}${intermediate.cert}`, ca.cert),
        ca.cert,
        later,
      );
      expect(row.status).toBe("fail");
      expect(row.seen).toContain("not valid now");
    });

    test("fails text that is not a certificate", () => {
      const row = judgeWorkloadCertificate(
        "helloworld",
        found("-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n", ca.cert),
        ca.cert,
        NOW,
      );
      expect(row.status).toBe("fail");
      expect(row.seen).toContain("pod helloworld-1: a certificate does not parse");
      expect(judgeWorkloadCertificate("helloworld", found("", ca.cert), ca.cert, NOW).seen).toBe(
        "pod helloworld-1: no certificate in the chain",
      );
    });
  });

  describe("reading the dumps", () => {
    test("Envoy: the SDS secrets default (the chain) and ROOTCA (the trust bundle)", () => {
      const chain = `${workload.cert}${intermediate.cert}`;
      expect(envoyCertificate(envoyDump(chain, ca.cert), "pod p")).toEqual({
        certificate: { chain, roots: ca.cert, source: "pod p" },
      });
    });

    test("Envoy: no workload certificate yet, or not JSON, is a problem to report", () => {
      const noDefault = JSON.stringify({
        configs: [{ "@type": "x.SecretsConfigDump", dynamic_active_secrets: [] }],
      });
      expect(envoyCertificate(noDefault, "pod p")).toEqual({
        problem: 'pod p has no active workload certificate (SDS secret "default") yet',
      });
      expect(envoyCertificate("upstream connect error", "pod p")).toEqual({
        problem: "pod p's config_dump is not JSON: upstream connect error",
      });
    });

    test("ztunnel: the certificate of the workload's identity, chain and roots", () => {
      const dump = ztunnelDump(SPIFFE, [workload.cert, intermediate.cert], [ca.cert]);
      expect(ztunnelCertificate(dump, "/ns/default/sa/default", "ztunnel z")).toEqual({
        certificate: { chain: `${workload.cert}${intermediate.cert}`, roots: ca.cert, source: "ztunnel z" },
      });
      expect(ztunnelCertificate(dump, "/ns/shop/sa/default", "ztunnel z")).toEqual({
        problem: "ztunnel z holds no certificate for ns/shop/sa/default",
      });
      expect(
        ztunnelCertificate(
          ztunnelDump(SPIFFE, [], [], "Initializing"),
          "/ns/default/sa/default",
          "ztunnel z",
        ),
      ).toEqual({
        problem: `ztunnel z's certificate for ${SPIFFE} is Initializing`,
      });
    });
  });

  describe("the checks against a cluster", () => {
    const injected = () => recorded<{ items: Pod[] }>("pods-helloworld-injected.json").items;
    const cluster = (pods: Pod[]) => {
      const fake = new FakeCluster();
      fake.services.set("default/helloworld", recorded("service-helloworld.json"));
      fake.podLists.set("default app=helloworld", pods);
      return fake;
    };

    test("meshCa istiod: one skipped row, nothing asked of the cluster", async () => {
      const fake = cluster(injected());
      const rows = await workloadCertificateChecks(fake, outputs({ caCertificate: "" }), NOW);
      expect(rows).toEqual([
        {
          app: "-",
          check: "workload certificate",
          expected: "only with meshCa sandbox",
          seen: "meshCa is istiod: workloads chain to istiod's own root",
          status: "skip",
        },
      ]);
      expect(fake.calls).toEqual([]);
    });

    test("sidecars: reads the first live pod's Envoy through a port-forward, as istioctl does", async () => {
      const fake = cluster(injected());
      fake.podAnswers.set(
        `default/helloworld-695c77f7bd-wptgw:15000/${ENVOY_SECRETS_PATH}`,
        envoyDump(`${workload.cert}${intermediate.cert}${ca.cert}`, ca.cert),
      );
      const rows = await workloadCertificateChecks(
        fake,
        outputs({ caCertificate: ca.cert, meshCa: "sandbox" }),
        NOW,
      );
      expect(rows).toEqual([expect.objectContaining({ app: "helloworld", status: "pass" })]);
      expect(fake.calls).toContain(
        "getFromPod default/helloworld-695c77f7bd-wptgw:15000/config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets",
      );
    });

    test("ambient: reads the ztunnel on the pod's node, for the pod's service account", async () => {
      const [pod] = injected();
      const ambientPod: Pod = {
        ...pod,
        spec: { containers: [{ name: "hello-app" }], nodeName: "agent-1", serviceAccountName: "hello" },
      };
      const fake = cluster([ambientPod]);
      const ztunnel = (name: string, nodeName: string): Pod => ({
        metadata: { name, namespace: "istio-system" },
        spec: { containers: [{ name: "istio-proxy" }], nodeName },
        status: { phase: "Running" },
      });
      fake.podLists.set("istio-system app=ztunnel", [
        ztunnel("ztunnel-a", "agent-0"),
        ztunnel("ztunnel-b", "agent-1"),
      ]);
      fake.podAnswers.set(
        "istio-system/ztunnel-b:15000/config_dump",
        ztunnelDump(
          "spiffe://cluster.local/ns/default/sa/hello",
          [workload.cert, intermediate.cert],
          [ca.cert],
        ),
      );
      const rows = await workloadCertificateChecks(
        fake,
        outputs({ caCertificate: ca.cert, meshCa: "sandbox", dataplaneMode: "ambient" }),
        NOW,
      );
      expect(rows).toEqual([
        expect.objectContaining({ status: "pass", seen: expect.stringContaining("ztunnel ztunnel-b:") }),
      ]);
      expect(fake.calls).not.toContain("getFromPod istio-system/ztunnel-a:15000/config_dump");
    });

    test("each way it cannot read a certificate is a failed row that says why", async () => {
      const sandbox = outputs({ caCertificate: ca.cert, meshCa: "sandbox" });
      const refused = cluster(injected());
      refused.podAnswers.set(
        `default/helloworld-695c77f7bd-wptgw:15000/${ENVOY_SECRETS_PATH}`,
        new Error(
          "port-forward to default/helloworld-695c77f7bd-wptgw:15000 failed: Unexpected server response: 403",
        ),
      );
      expect((await workloadCertificateChecks(refused, sandbox, NOW))[0].seen).toBe(
        "Kubernetes API error: port-forward to default/helloworld-695c77f7bd-wptgw:15000 failed: Unexpected server response: 403",
      );
      const uninjected = cluster(recorded<{ items: Pod[] }>("pods-helloworld-uninjected.json").items);
      expect((await workloadCertificateChecks(uninjected, sandbox, NOW))[0].seen).toMatch(
        /has no istio-proxy to read$/,
      );
      const empty = cluster([]);
      expect((await workloadCertificateChecks(empty, sandbox, NOW))[0]).toMatchObject({
        status: "fail",
        seen: "no running pods behind Service default/helloworld",
      });
      const noService = new FakeCluster();
      expect((await workloadCertificateChecks(noService, sandbox, NOW))[0].seen).toBe(
        "Service default/helloworld not found, or has no selector",
      );
      const ambientPod: Pod = {
        ...injected()[0],
        spec: { containers: [{ name: "hello-app" }], nodeName: "agent-9" },
      };
      const noZtunnel = cluster([ambientPod]);
      expect(
        (await workloadCertificateChecks(noZtunnel, { ...sandbox, dataplaneMode: "ambient" }, NOW))[0].seen,
      ).toBe("no running ztunnel on node agent-9 of pod helloworld-695c77f7bd-wptgw");
    });
  });
});
