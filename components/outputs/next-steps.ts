/** The `nextSteps` stack output: what to type after `pulumi up`, in order. */
import type { AddonEndpoint, AppEndpoint } from "./contract";
import {
  ADDRESS_VARIABLE,
  CA_FILE,
  CLIENT_CERT_FILE,
  CLIENT_KEY_FILE,
  type EndpointIngress,
} from "./endpoints";

export interface NextStepsInput {
  readonly apps: readonly AppEndpoint[];
  readonly ingress: EndpointIngress & { readonly namespace: string };
  readonly mtlsMode: "STRICT" | "PERMISSIVE";
  /** Name of the gateway's Service, for the address lookup when there is no address yet. */
  readonly gatewayService: string;
  /** The add-on UIs, if any. */
  readonly addons?: readonly AddonEndpoint[];
  /** What verify checks of the data plane; default sidecar. */
  readonly dataplaneMode?: "sidecar" | "ambient";
  /** The CA's common name, as a browser's certificate manager lists it; default: the CA. */
  readonly caCommonName?: string;
  /** Who signs workload certificates; default istiod (its own root). */
  readonly meshCa?: "istiod" | "sandbox";
  /** Istio's namespace, where istiod and its `cacerts` Secret live. */
  readonly istioNamespace?: string;
  /** The stack, for the npm scripts that read its outputs; they pick `dev` unless told. */
  readonly stack?: string;
}

/** `pulumi stack output` through the npm wrapper, which finds the stack's passphrase (tools/with-passphrase.sh). */
function outputsCommand(stack: string | undefined): string {
  const select = stack === undefined || stack === "dev" ? "" : `PULUMI_STACK=${stack} `;
  return `${select}npm run -s outputs --`;
}

export function nextSteps(input: NextStepsInput): string {
  if (input.apps.length === 0) throw new Error("nextSteps needs at least one app endpoint");
  const mutual = input.ingress.tlsMode === "MUTUAL";
  const lines: string[] = ["Next steps, from the project folder:", ""];
  lines.push(`1. Save the CA certificate${mutual ? " and the client certificate and key" : ""}:`);
  const outputs = outputsCommand(input.stack);
  lines.push(`     ${outputs} caCertificate > ${CA_FILE}`);
  if (mutual) {
    lines.push(`     ${outputs} clientCertificate > ${CLIENT_CERT_FILE}`);
    // umask 077: the private key is readable by its owner only (the project's .gitignore lists it).
    lines.push(`     (umask 077 && ${outputs} --show-secrets clientPrivateKey > ${CLIENT_KEY_FILE})`);
  }
  lines.push("");
  const usesVariable = input.apps.some((app) => app.curl.http.includes(ADDRESS_VARIABLE));
  if (usesVariable) {
    lines.push("   The ingress gateway has no address yet; look it up first:");
    lines.push(
      `     export INGRESS_ADDRESS=$(kubectl -n ${input.ingress.namespace} get service ${input.gatewayService} -o jsonpath='{.status.loadBalancer.ingress[0].ip}')`,
    );
    lines.push("");
  }
  lines.push("2. Call each app through the gateway (no /etc/hosts entry needed):");
  for (const app of input.apps) {
    lines.push(`   ${app.name} (${app.namespace}), https://${app.host}:`);
    lines.push(
      `     ${app.curl.http}   # ${input.ingress.httpsRedirect ? "301 redirect to https" : "answers over HTTP"}`,
    );
    lines.push(`     ${app.curl.https}   # trusted: answers over HTTPS`);
    lines.push(
      `     ${app.curl.httpsWithoutCa}   # fails: without ${CA_FILE} the certificate is not trusted`,
    );
  }
  lines.push("");
  const addons = input.addons ?? [];
  let step = 3;
  if (addons.length > 0) {
    lines.push(
      `${step++}. Open the dashboards (trust ${CA_FILE} in your browser, and point each host at the gateway in /etc/hosts):`,
    );
    // @pulumi/tls cannot give the CA X.509 name constraints (no such input on SelfSignedCert), so a
    // browser that trusts it accepts whatever its key signs.
    // https://github.com/hashicorp/terraform-provider-tls/blob/v4.2.1/internal/provider/resource_self_signed_cert.go#L48-L332
    const ca = input.caCommonName ? `"${input.caCommonName}"` : `in ${CA_FILE}`;
    lines.push(
      `   A browser that trusts ${CA_FILE} accepts any site's certificate signed with its key, and anyone who`,
      "   can read this stack's state has that key: use a separate browser profile, and after npm run destroy",
      `   delete the CA ${ca} from the browser's trusted authorities.`,
    );
    for (const addon of addons) {
      const url = addon.urls.localHttps ?? addon.urls.https ?? `https://${addon.host}${addon.path}`;
      lines.push(`   ${addon.name}: ${url}   # ${addon.purpose}`);
      lines.push(`     ${addon.curl}   # 200`);
    }
    lines.push("");
  }
  const sandboxCa = input.meshCa === "sandbox";
  if (sandboxCa) {
    lines.push(...meshCaStep(step++, input));
    lines.push("");
  }
  const dataplane =
    input.dataplaneMode === "ambient" ? "ambient enrolment (ztunnel, no sidecars)" : "sidecars";
  lines.push(
    `${step}. Run the acceptance checks (HTTP, HTTPS with and without the CA, ${dataplane}, ${input.mtlsMode} mTLS${addons.length > 0 ? ", dashboards" : ""}${sandboxCa ? `, workload certificates from ${CA_FILE}` : ""}):`,
  );
  lines.push("     npm run verify");
  return lines.join("\n");
}

/**
 * `meshCa: sandbox`: how to see the chain, and when istiod needs a restart. istiod loads `cacerts` when
 * it starts; while it runs, a file watcher takes a new intermediate under the same root, but refuses a
 * new root unless ISTIO_MULTIROOT_MESH is on, which it is not by default
 * (https://github.com/istio/istio/blob/release-1.31/pilot/pkg/bootstrap/istio_ca.go#L353-L368), and an
 * istiod that started without `cacerts` watches nothing (the watcher is set up only for a plugged CA:
 * https://github.com/istio/istio/blob/release-1.31/pilot/pkg/bootstrap/istio_ca.go#L563).
 */
function meshCaStep(step: number, input: NextStepsInput): string[] {
  const namespace = input.istioNamespace ?? "istio-system";
  const [app] = input.apps;
  const inspect =
    input.dataplaneMode === "ambient"
      ? `istioctl ztunnel-config certificate -n ${namespace}   # the chain each ztunnel holds per identity`
      : `istioctl proxy-config secret deployment/${app.name} -n ${app.namespace}   # ROOTCA is ${CA_FILE}`;
  // Sidecars hold their certificates in each pod; in ambient mode ztunnel holds them for the node.
  const workloads =
    input.dataplaneMode === "ambient"
      ? [`     kubectl -n ${namespace} rollout restart daemonset/ztunnel`]
      : input.apps.map((a) => `     kubectl -n ${a.namespace} rollout restart deployment/${a.name}`);
  return [
    `${step}. Workload certificates chain to ${CA_FILE} too: the stack's CA signs istiod's intermediate (Secret ${namespace}/cacerts). To look:`,
    `     ${inspect}`,
    "   istiod reads cacerts when it starts and picks up a renewed intermediate by itself. After the CA itself is",
    "   renewed or replaced (pulumi up shows pki-ca replaced), or after switching meshCa on a running mesh, restart",
    "   istiod, then the gateway and the workloads, so that every certificate has the new root:",
    `     kubectl -n ${namespace} rollout restart deployment/istiod`,
    `     kubectl -n ${input.ingress.namespace} rollout restart deployment/${input.gatewayService}`,
    ...workloads,
  ];
}
