/** What every doctor check returns. */

/** `fail` blocks `pulumi up`; `warn` is worth reading but does not; `skip` does not apply to this stack. */
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found and, for warn or fail, the exact command or config key that fixes it. */
  readonly detail: string;
}
