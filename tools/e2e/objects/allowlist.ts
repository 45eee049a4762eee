/**
 * The lane's analyzer allowlist (messages that exist because the cluster is simulated), plus what
 * exists only because this check does not render Helm charts: nothing else is filtered.
 */
import { ANALYZER_ALLOWLIST, type AllowlistEntry } from "../lane/analyzer";
import type { HelmRelease } from "./declared";

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * For each unrendered release of Istio's `gateway` chart: the Gateways that select its pods find
 * none. The chart labels them `app: <release>` and `istio: <release without "istio-">`
 * (https://github.com/istio/istio/blob/master/manifests/charts/gateway/templates/_helpers.tpl), and
 * only that exact selector is accepted.
 */
export function objectsAllowlist(notRendered: readonly HelmRelease[]): AllowlistEntry[] {
  const gateways = notRendered.filter((r) => r.chart === "gateway");
  return [
    ...ANALYZER_ALLOWLIST,
    ...gateways.map((r) => ({
      code: "IST0101",
      message: new RegExp(
        `^Referenced selector not found: "app=${escape(r.release)},istio=${escape(r.release.replace(/^istio-/, ""))}"$`,
      ),
      reason: `the gateway Helm chart (release ${r.release}) is not rendered by e2e:objects, so no pod carries the labels it would give its gateway pods`,
    })),
  ];
}
