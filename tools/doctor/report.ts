/** Doctor's terminal report. */
import { renderTable } from "../common/table";
import type { CheckResult, CheckStatus } from "./types";

const LABEL: Record<CheckStatus, string> = { ok: "ok", warn: "WARN", fail: "FAIL", skip: "skip" };

export function renderDoctorReport(stack: string, results: readonly CheckResult[]): string {
  const table = renderTable(
    ["check", "status", "detail / fix"],
    results.map((r) => [r.check, LABEL[r.status], r.detail]),
  );
  const failures = results.filter((r) => r.status === "fail").length;
  const summary =
    failures === 0
      ? `Ready: nothing blocks "pulumi up" for stack ${stack}.`
      : `${failures} problem${failures === 1 ? "" : "s"} block${failures === 1 ? "s" : ""} "pulumi up" for stack ${stack}; apply each FAIL row's fix and run npm run doctor again.`;
  return `npm run doctor: preflight for stack ${stack}\n\n${table}\n\n${summary}\n`;
}
