/** Verify's report: a table for people, JSON for machines. */
import { renderTable } from "../common/table";
import type { CheckRow } from "./types";

export interface VerifyReport {
  readonly stack: string;
  /** Where the gateway was reached. */
  readonly via: string;
  readonly pass: boolean;
  readonly rows: readonly CheckRow[];
}

export function buildReport(stack: string, via: string, rows: readonly CheckRow[]): VerifyReport {
  return { stack, via, pass: rows.every((r) => r.status !== "fail"), rows };
}

const LABEL = { pass: "pass", fail: "FAIL", skip: "skip" } as const;

export function renderReport(report: VerifyReport): string {
  const table = renderTable(
    ["app", "check", "expected", "seen", "result"],
    report.rows.map((r) => [r.app, r.check, r.expected, r.seen, LABEL[r.status]]),
    { maxCellWidth: 60 },
  );
  const failed = report.rows.filter((r) => r.status === "fail").length;
  const summary = report.pass
    ? `All ${report.rows.filter((r) => r.status === "pass").length} checks passed: the sandbox behaves like the walkthrough.`
    : `${failed} check${failed === 1 ? "" : "s"} failed. See "Troubleshooting" in the README.`;
  return `npm run verify: stack ${report.stack}, gateway via ${report.via}\n\n${table}\n\n${summary}\n`;
}

export function renderJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function verifyExitCode(report: VerifyReport): number {
  return report.pass ? 0 : 1;
}
