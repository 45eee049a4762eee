/**
 * `istioctl analyze --all-namespaces -o json` against the simulated cluster, and the one list of
 * messages the lane accepts because the cluster is simulated. Nothing else is filtered.
 * Message codes: https://istio.io/latest/docs/reference/config/analysis/
 */
import type { AnalyzerMessage } from "./report";

/** One accepted message: its code, what it must be about, and why the simulation causes it. */
export interface AllowlistEntry {
  readonly code: string;
  /** The message text must match this, so an entry cannot hide a different problem of the same code. */
  readonly message: RegExp;
  readonly reason: string;
}

/**
 * Messages that exist only because the cluster is simulated: admission webhooks are off (no pod
 * network reaches them), so istiod's injector never adds a sidecar; and no container ever runs.
 */
export const ANALYZER_ALLOWLIST: readonly AllowlistEntry[] = [
  {
    code: "IST0103",
    message: /missing the Istio proxy/i,
    reason:
      "PodMissingProxy: sidecars are injected by istiod's mutating webhook, which the simulated API server never calls (webhooks are off: no pod network reaches them)",
  },
  {
    // The analyzer reports every Pod still carrying `image: auto`, matching webhooks or not; whether the
    // webhooks would match is its Deployment check, which stays an error here.
    // https://github.com/istio/istio/blob/master/pkg/config/analysis/analyzers/injection/image-auto.go
    code: "IST0147",
    message: /^Pod \S+ contains `image: auto`/,
    reason:
      "ImageAutoWithoutInjection on a Pod: injection replaces `image: auto` in istiod's mutating webhook, which the simulated API server never calls; the Deployment check (would the webhooks match?) is not allowed",
  },
];

/** The shape of one message in istioctl's JSON output (pkg/config/analysis/diag/message.go). */
interface IstioctlMessage {
  readonly code?: string;
  readonly level?: string;
  readonly origin?: string;
  readonly message?: string;
}

/** Parses istioctl's output; throws when it is not the JSON array analyze prints. */
export function parseAnalyzeOutput(stdout: string): AnalyzerMessage[] {
  const text = stdout.trim();
  const start = text.indexOf("[");
  if (start < 0) throw new Error(`istioctl analyze printed no JSON list: ${text.slice(0, 400)}`);
  const parsed: unknown = JSON.parse(text.slice(start));
  if (!Array.isArray(parsed)) throw new Error("istioctl analyze's JSON is not a list");
  return (parsed as IstioctlMessage[]).map((m) => ({
    code: m.code ?? "",
    level: m.level ?? "",
    resource: m.origin ?? "",
    message: m.message ?? "",
  }));
}

/** Marks each message the allowlist accepts with the entry's reason. */
export function applyAllowlist(
  messages: readonly AnalyzerMessage[],
  allowlist: readonly AllowlistEntry[] = ANALYZER_ALLOWLIST,
): AnalyzerMessage[] {
  return messages.map((m) => {
    const entry = allowlist.find((a) => a.code === m.code && a.message.test(m.message));
    return entry ? { ...m, allowed: entry.reason } : m;
  });
}
