/** The `nextSteps` stack output: what to type after `pulumi up`, in order. */
import type { AppEndpoint } from "./contract";
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
}

export function nextSteps(input: NextStepsInput): string {
  if (input.apps.length === 0) throw new Error("nextSteps needs at least one app endpoint");
  const mutual = input.ingress.tlsMode === "MUTUAL";
  const lines: string[] = ["Next steps, from the project folder:", ""];
  lines.push(`1. Save the CA certificate${mutual ? " and the client certificate and key" : ""}:`);
  lines.push(`     pulumi stack output caCertificate > ${CA_FILE}`);
  if (mutual) {
    lines.push(`     pulumi stack output clientCertificate > ${CLIENT_CERT_FILE}`);
    // umask 077: the private key is readable by its owner only (the project's .gitignore lists it).
    lines.push(
      `     (umask 077 && pulumi stack output --show-secrets clientPrivateKey > ${CLIENT_KEY_FILE})`,
    );
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
  lines.push(
    `3. Run the acceptance checks (HTTP, HTTPS with and without the CA, sidecars, ${input.mtlsMode} mTLS):`,
  );
  lines.push("     npm run verify");
  return lines.join("\n");
}
