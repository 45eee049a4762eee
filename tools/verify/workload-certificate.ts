/**
 * meshCa sandbox: each app's workload certificate chains to the stack's CA, the root its ingress
 * certificate chains to. It is read the way `istioctl proxy-config secret` and `istioctl
 * ztunnel-config certificate` read it: the admin `config_dump` of the pod's Envoy, or of the node's
 * ztunnel in ambient mode, through a port-forward to port 15000
 * (https://github.com/istio/istio/blob/release-1.31/istioctl/pkg/util/constants.go#L19).
 */
import { X509Certificate } from "node:crypto";
import type { AppEndpoint, StackOutputs } from "../../components/outputs/contract";
import { ISTIO_NAMESPACE } from "../../components/config/defaults";
import { type ClusterApi, type Pod, labelSelector } from "./cluster-api";
import { hasSidecar, isLive } from "./sidecar-check";
import type { CheckRow } from "./types";

export const ADMIN_PORT = 15000;
/** istioctl's own query for secrets: https://github.com/istio/istio/blob/release-1.31/istioctl/pkg/proxyconfig/proxyconfig.go#L111 */
export const ENVOY_SECRETS_PATH = "config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets";
export const ZTUNNEL_DUMP_PATH = "config_dump";
/** Labels of ztunnel's pods, as `istioctl ztunnel-config` selects them. */
export const ZTUNNEL_SELECTOR = "app=ztunnel";

const CHECK = "workload certificate";
const EXPECTED = "chains to the stack's CA, which it trusts";

/** What a workload presents and trusts, as PEM text, and where it was read. */
export interface WorkloadCertificate {
  /** Leaf first. */
  readonly chain: string;
  /** Undefined when the dump shows no trust bundle. */
  readonly roots?: string;
  readonly source: string;
}

export type Reading = { readonly certificate: WorkloadCertificate } | { readonly problem: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

function parse(text: string, what: string): Json | string {
  try {
    return obj(JSON.parse(text));
  } catch {
    return `${what} is not JSON: ${text.trim().slice(0, 60) || "(empty)"}`;
  }
}

/**
 * Envoy's SecretsConfigDump: the SDS secret `default` holds the workload's chain and `ROOTCA` its trust
 * bundle, each as base64 `inline_bytes` (the shape of istioctl's test data:
 * https://github.com/istio/istio/blob/release-1.31/istioctl/pkg/writer/envoy/configdump/testdata/secret/istio/config_dump.json).
 */
export function envoyCertificate(dump: string, source: string): Reading {
  const parsed = parse(dump, `${source}'s config_dump`);
  if (typeof parsed === "string") return { problem: parsed };
  const secrets = list(parsed.configs)
    .map(obj)
    .filter((c) => str(c["@type"]).endsWith("SecretsConfigDump"))
    .flatMap((c) => list(c.dynamic_active_secrets).map(obj));
  const bytes = (name: string, ...path: string[]) => {
    const secret = secrets.find((s) => s.name === name);
    const value = path.reduce<unknown>((v, key) => obj(v)[key], secret?.secret);
    return typeof value === "string" ? Buffer.from(value, "base64").toString("utf8") : undefined;
  };
  const chain = bytes("default", "tls_certificate", "certificate_chain", "inline_bytes");
  if (chain === undefined)
    return { problem: `${source} has no active workload certificate (SDS secret "default") yet` };
  return {
    certificate: {
      chain,
      roots: bytes("ROOTCA", "validation_context", "trusted_ca", "inline_bytes"),
      source,
    },
  };
}

/**
 * ztunnel's dump lists a certificate per identity it serves on its node, with `certChain` and
 * `rootCerts` as PEM (https://github.com/istio/istio/blob/release-1.31/istioctl/pkg/writer/ztunnel/configdump/api.go#L165-L177).
 */
export function ztunnelCertificate(dump: string, identitySuffix: string, source: string): Reading {
  const parsed = parse(dump, `${source}'s config_dump`);
  if (typeof parsed === "string") return { problem: parsed };
  const entry = list(parsed.certificates)
    .map(obj)
    .find((c) => str(c.identity).endsWith(identitySuffix));
  if (entry === undefined)
    return { problem: `${source} holds no certificate for ${identitySuffix.slice(1)}` };
  const pems = (v: unknown) =>
    list(v)
      .map((c) => obj(c).pem)
      .filter((p): p is string => typeof p === "string")
      .join("");
  const chain = pems(entry.certChain);
  if (chain === "")
    return {
      problem: `${source}'s certificate for ${str(entry.identity)} is ${str(entry.state, "empty")}`,
    };
  const roots = pems(entry.rootCerts);
  return { certificate: { chain, roots: roots === "" ? undefined : roots, source } };
}

/** The certificates of a PEM bundle; throws on one that does not parse. */
export function certificatesIn(pem: string): X509Certificate[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map(
    (block) => new X509Certificate(block[0]),
  );
}

function commonName(subject: string): string {
  return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? subject.replace(/\n/g, ", ");
}

const signs = (issuer: X509Certificate, cert: X509Certificate) =>
  cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/**
 * The leaf's path through the chain it presents must reach the CA: each certificate signed by the
 * next, until one is the CA or is signed by it; and the workload must trust the CA.
 */
export function judgeWorkloadCertificate(
  app: string,
  found: WorkloadCertificate,
  caPem: string,
  now: Date,
): CheckRow {
  const row = (seen: string, ok: boolean): CheckRow => ({
    app,
    check: CHECK,
    expected: EXPECTED,
    seen,
    status: ok ? "pass" : "fail",
  });
  let chain: X509Certificate[];
  let roots: X509Certificate[];
  try {
    chain = certificatesIn(found.chain);
    roots = found.roots === undefined ? [] : certificatesIn(found.roots);
  } catch (error) {
    return row(`${found.source}: a certificate does not parse (${(error as Error).message})`, false);
  }
  const ca = new X509Certificate(caPem);
  const leaf = chain[0];
  if (leaf === undefined) return row(`${found.source}: no certificate in the chain`, false);
  const findings: string[] = [`${found.source}:`];
  const uri = (leaf.subjectAltName ?? "").split(/,\s*/).find((n) => n.startsWith("URI:"));
  findings.push(`${uri?.slice(4) ?? commonName(leaf.subject)}, issued by ${commonName(leaf.issuer)}`);

  let chained = false;
  for (let i = 0; i < chain.length && !chained; i++) {
    const cert = chain[i];
    if (cert.fingerprint256 === ca.fingerprint256 || signs(ca, cert)) chained = true;
    else if (chain[i + 1] === undefined || !signs(chain[i + 1], cert)) break;
  }
  const trusted = roots.some((root) => root.fingerprint256 === ca.fingerprint256);
  const caName = commonName(ca.subject);
  findings.push(chained ? `chains to ${caName}` : `does not chain to the stack's CA ${caName}`);
  findings.push(
    found.roots === undefined
      ? "no trust bundle seen"
      : trusted
        ? `trusts ${caName}`
        : `trusts [${roots.map((r) => commonName(r.subject)).join(", ")}], not ${caName}`,
  );
  const notAfter = new Date(leaf.validTo);
  const current = now >= new Date(leaf.validFrom) && now <= notAfter;
  findings.push(
    current
      ? `valid until ${notAfter.toISOString()}`
      : `not valid now (${leaf.validFrom} to ${leaf.validTo})`,
  );
  const ok = chained && trusted && current;
  if (!ok && (!chained || !trusted)) {
    findings.push(
      `was istiod started after cacerts, and the workload after istiod? (kubectl -n ${ISTIO_NAMESPACE} rollout restart deployment/istiod, then the app)`,
    );
  }
  return row(findings.join(" "), ok);
}

/** Reads one app's workload certificate from its first live pod's sidecar, or its node's ztunnel. */
async function readCertificate(
  api: ClusterApi,
  app: AppEndpoint,
  pod: Pod,
  ambient: boolean,
): Promise<Reading> {
  const podName = pod.metadata?.name ?? "?";
  if (!ambient) {
    if (!hasSidecar(pod)) return { problem: `pod ${app.namespace}/${podName} has no istio-proxy to read` };
    const dump = await api.getFromPod(app.namespace, podName, ADMIN_PORT, ENVOY_SECRETS_PATH);
    return envoyCertificate(dump, `pod ${podName}`);
  }
  const node = pod.spec?.nodeName;
  const ztunnel = (await api.listPods(ISTIO_NAMESPACE, ZTUNNEL_SELECTOR)).find(
    (z) => isLive(z) && z.spec?.nodeName === node,
  );
  if (ztunnel?.metadata?.name === undefined)
    return { problem: `no running ztunnel on node ${node ?? "(unscheduled)"} of pod ${podName}` };
  const dump = await api.getFromPod(ISTIO_NAMESPACE, ztunnel.metadata.name, ADMIN_PORT, ZTUNNEL_DUMP_PATH);
  const account = pod.spec?.serviceAccountName ?? "default";
  return ztunnelCertificate(dump, `/ns/${app.namespace}/sa/${account}`, `ztunnel ${ztunnel.metadata.name}`);
}

export async function workloadCertificateChecks(
  api: ClusterApi,
  outputs: StackOutputs,
  now: Date,
): Promise<CheckRow[]> {
  if (outputs.meshCa !== "sandbox") {
    return [
      {
        app: "-",
        check: CHECK,
        expected: "only with meshCa sandbox",
        seen: `meshCa is ${outputs.meshCa ?? "istiod"}: workloads chain to istiod's own root`,
        status: "skip",
      },
    ];
  }
  const ambient = outputs.dataplaneMode === "ambient";
  const rows: CheckRow[] = [];
  for (const app of outputs.apps) {
    const fail = (seen: string): CheckRow => ({
      app: app.name,
      check: CHECK,
      expected: EXPECTED,
      seen,
      status: "fail",
    });
    try {
      const selector = (await api.readService(app.namespace, app.name))?.spec?.selector;
      if (!selector || Object.keys(selector).length === 0) {
        rows.push(fail(`Service ${app.namespace}/${app.name} not found, or has no selector`));
        continue;
      }
      const pod = (await api.listPods(app.namespace, labelSelector(selector))).find(isLive);
      if (pod === undefined) {
        rows.push(fail(`no running pods behind Service ${app.namespace}/${app.name}`));
        continue;
      }
      const reading = await readCertificate(api, app, pod, ambient);
      rows.push(
        "problem" in reading
          ? fail(reading.problem)
          : judgeWorkloadCertificate(app.name, reading.certificate, outputs.caCertificate, now),
      );
    } catch (error) {
      rows.push(fail(`Kubernetes API error: ${(error as Error).message}`));
    }
  }
  return rows;
}
