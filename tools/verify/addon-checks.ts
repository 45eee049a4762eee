/**
 * The dashboards: each add-on UI answers over HTTPS through the ingress, at its host and path, with
 * the wildcard certificate trusted through the sandbox's CA.
 */
import type { AddonEndpoint, StackOutputs } from "../../components/outputs/contract";
import type { GatewayEndpoints } from "./endpoints";
import { describeAnswer } from "./gateway-checks";
import type { CheckRow } from "./types";
import { type Handshake, type WireError, httpsProbe, isWireError } from "./wire";

/** A UI answers 2xx, or redirects within itself (Grafana to /login, Kiali to /kiali/). */
function answers(handshake: Handshake): boolean {
  const answer = handshake.answer;
  if (answer === undefined || isWireError(answer)) return false;
  return answer.status >= 200 && answer.status < 400;
}

export function judgeAddon(addon: AddonEndpoint, result: Handshake | WireError): CheckRow {
  const base = {
    app: addon.name,
    check: "dashboard over HTTPS",
    expected: `https://${addon.host}${addon.path} answers (2xx/3xx) with the CA`,
  };
  if (isWireError(result)) {
    return { ...base, seen: `no TLS handshake: ${describeAnswer(result)}`, status: "fail" };
  }
  if (!result.authorized) {
    return {
      ...base,
      seen: `certificate rejected: ${result.authorizationError ?? "unknown"}`,
      status: "fail",
    };
  }
  const seen = result.answer ? describeAnswer(result.answer) : "no answer";
  if (answers(result)) return { ...base, seen, status: "pass" };
  return {
    ...base,
    seen: `${seen}; is the add-on running? (kubectl -n istio-system get pods -l app.kubernetes.io/name=${addon.name})`,
    status: "fail",
  };
}

export async function addonChecks(
  outputs: StackOutputs,
  endpoints: GatewayEndpoints,
  timeoutMs: number,
): Promise<CheckRow[]> {
  const client =
    outputs.ingress.tlsMode === "MUTUAL"
      ? { cert: outputs.clientCertificate, key: outputs.clientPrivateKey }
      : {};
  const addons = outputs.addons ?? [];
  const results = await Promise.all(
    addons.map((addon) =>
      httpsProbe(
        endpoints.https,
        addon.host,
        { ...client, ca: outputs.caCertificate },
        timeoutMs,
        addon.path,
      ),
    ),
  );
  return addons.map((addon, i) => judgeAddon(addon, results[i]));
}
