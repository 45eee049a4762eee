/**
 * The MetalLB webhook guard (DESIGN ordering rule 3), as the inputs of a local Command that runs
 * webhook-probe.mjs beside this file. See that script for why a Ready pod is not enough.
 */
import * as path from "node:path";
import { nodeScriptCommand } from "../local/shell";

export const WEBHOOK_PROBE_SCRIPT = path.join(__dirname, "webhook-probe.mjs");

export interface WebhookWaitSettings {
  /** MetalLB's namespace. */
  readonly namespace: string;
  /** Kubeconfig context; undefined means its current-context. */
  readonly context?: string;
  readonly timeoutSeconds: number;
  readonly intervalMs: number;
}

/** The probe's command line. */
export function webhookWaitCommand(scriptPath: string = WEBHOOK_PROBE_SCRIPT): string {
  return nodeScriptCommand(scriptPath);
}

/** The probe's environment, except the kubeconfig, which the caller adds as a secret. */
export function webhookWaitEnvironment(settings: WebhookWaitSettings): Record<string, string> {
  return {
    METALLB_NAMESPACE: settings.namespace,
    PROBE_TIMEOUT_SECONDS: String(settings.timeoutSeconds),
    PROBE_INTERVAL_MS: String(settings.intervalMs),
    ...(settings.context === undefined ? {} : { SANDBOX_KUBE_CONTEXT: settings.context }),
  };
}
