/**
 * Checks 1-4 of the walkthrough, per app: HTTP through the gateway, HTTPS without and with the CA,
 * the served certificate, and httpsRedirect. The wire answers are gathered first, then judged by
 * pure functions.
 */
import type { AppEndpoint, StackOutputs } from "../../components/outputs/contract";
import { judgeCertificate } from "./certificate";
import type { GatewayEndpoints } from "./endpoints";
import type { CheckRow } from "./types";
import { type Handshake, type HttpAnswer, type WireError, httpGet, httpsProbe, isWireError } from "./wire";

/** The sample app's greeting (hello-app answers `Hello, world!` / `Version: 1.0.0` / `Hostname: ...`). */
export const GREETING = "Hello, world!";

/** OpenSSL's codes for "the issuer is not trusted", which is what check 2 expects without the CA. */
export const UNTRUSTED_ISSUER_CODES: readonly string[] = [
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
];

export interface GatewayAnswers {
  readonly http: HttpAnswer | WireError;
  readonly httpsWithoutCa: Handshake | WireError;
  readonly httpsWithCa: Handshake | WireError;
}

export function describeAnswer(answer: HttpAnswer | WireError): string {
  if (isWireError(answer)) return `${answer.error} (${answer.message})`;
  const parts = [String(answer.status)];
  if (answer.location) parts.push(`→ ${answer.location}`);
  const firstLine = answer.body.split("\n")[0].trim();
  if (firstLine) parts.push(`"${firstLine.slice(0, 40)}"`);
  else parts.push("empty body");
  if (answer.server) parts.push(`(server: ${answer.server})`);
  return parts.join(" ");
}

function greets(answer: HttpAnswer | WireError | undefined): answer is HttpAnswer {
  return (
    answer !== undefined && !isWireError(answer) && answer.status === 200 && answer.body.includes(GREETING)
  );
}

function redirectsToHttps(answer: HttpAnswer | WireError, host: string): boolean {
  if (isWireError(answer) || (answer.status !== 301 && answer.status !== 308)) return false;
  const location = answer.location ?? "";
  return (
    location.startsWith(`https://${host}/`) ||
    location === `https://${host}` ||
    location.startsWith(`https://${host}:`)
  );
}

export function judgeGateway(
  app: AppEndpoint,
  answers: GatewayAnswers,
  options: { readonly httpsRedirect: boolean; readonly caCertificate: string; readonly now: Date },
): CheckRow[] {
  const { host } = app;
  const rows: CheckRow[] = [];
  const row = (check: string, expected: string, seen: string, pass: boolean) =>
    rows.push({ app: app.name, check, expected, seen, status: pass ? "pass" : "fail" });
  const withCa = answers.httpsWithCa;
  const withCaAnswer = isWireError(withCa) ? undefined : withCa.answer;

  // 1. HTTP through the gateway. With httpsRedirect on, the content arrives after the redirect.
  if (options.httpsRedirect) {
    const ok = redirectsToHttps(answers.http, host) && greets(withCaAnswer);
    row(
      "HTTP via gateway",
      `redirect to https://${host}/, then 200 "${GREETING}"`,
      `${describeAnswer(answers.http)}; then ${withCaAnswer ? describeAnswer(withCaAnswer) : "no HTTPS answer"}`,
      ok,
    );
  } else {
    row("HTTP via gateway", `200 "${GREETING}"`, describeAnswer(answers.http), greets(answers.http));
  }

  // 2. Without the CA the certificate must not verify: the proof that the CA matters.
  const without = answers.httpsWithoutCa;
  if (isWireError(without)) {
    row(
      "HTTPS without CA",
      "certificate verification fails",
      `no TLS handshake: ${describeAnswer(without)}`,
      false,
    );
  } else if (without.authorized) {
    row(
      "HTTPS without CA",
      "certificate verification fails",
      "verified against the system trust store",
      false,
    );
  } else {
    const code = without.authorizationError ?? "unknown";
    row(
      "HTTPS without CA",
      "certificate verification fails (untrusted issuer)",
      `rejected: ${code}`,
      UNTRUSTED_ISSUER_CODES.includes(code),
    );
  }

  // 3. With the CA: 200 and the greeting, and a certificate that chains to the CA and covers the host.
  if (isWireError(withCa)) {
    row("HTTPS with CA", `200 "${GREETING}"`, `no TLS handshake: ${describeAnswer(withCa)}`, false);
    row("certificate", "chains to the CA, covers the host, valid now", "no certificate served", false);
  } else {
    row(
      "HTTPS with CA",
      `200 "${GREETING}"`,
      withCa.authorized
        ? withCaAnswer
          ? describeAnswer(withCaAnswer)
          : "no answer"
        : `certificate rejected: ${withCa.authorizationError ?? "unknown"}`,
      withCa.authorized && greets(withCaAnswer),
    );
    const verdict = judgeCertificate(withCa.chain, options.caCertificate, host, options.now);
    row(
      "certificate",
      "chains to the CA, covers the host, valid now",
      verdict.findings.join("; "),
      verdict.ok,
    );
  }

  // 4. httpsRedirect belongs on the HTTP server; on the HTTPS server (the walkthrough's spot) it does nothing.
  if (options.httpsRedirect) {
    row(
      "httpsRedirect (on)",
      `301/308 → https://${host}/`,
      describeAnswer(answers.http),
      redirectsToHttps(answers.http, host),
    );
  } else {
    const ok =
      !isWireError(answers.http) && answers.http.status === 200 && answers.http.location === undefined;
    row("httpsRedirect (off)", "200, no redirect", describeAnswer(answers.http), ok);
  }
  return rows;
}

export interface GatewayCheckOptions {
  readonly timeoutMs: number;
  readonly now: () => Date;
}

export async function gatewayChecks(
  outputs: StackOutputs,
  endpoints: GatewayEndpoints,
  options: GatewayCheckOptions,
): Promise<CheckRow[]> {
  const client =
    outputs.ingress.tlsMode === "MUTUAL"
      ? { cert: outputs.clientCertificate, key: outputs.clientPrivateKey }
      : {};
  const rows: CheckRow[] = [];
  for (const app of outputs.apps) {
    const [http, httpsWithoutCa, httpsWithCa] = await Promise.all([
      httpGet(endpoints.http, app.host, options.timeoutMs),
      httpsProbe(endpoints.https, app.host, { ...client }, options.timeoutMs),
      httpsProbe(endpoints.https, app.host, { ...client, ca: outputs.caCertificate }, options.timeoutMs),
    ]);
    rows.push(
      ...judgeGateway(
        app,
        { http, httpsWithoutCa, httpsWithCa },
        {
          httpsRedirect: outputs.ingress.httpsRedirect,
          caCertificate: outputs.caCertificate,
          now: options.now(),
        },
      ),
    );
  }
  return rows;
}
