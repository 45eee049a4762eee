/**
 * The lane's report (format fixed by issues 9 and 10; other tools read it) and the verdict that
 * decides the exit code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BinaryRecord, ToolchainVersions } from "../toolchain/locate";
import type { IstioctlSubstitute } from "./preflight";
import type { StepName } from "./steps";

export type { BinaryRecord, ToolchainVersions };

export interface StepReport {
  readonly name: StepName;
  readonly ok: boolean;
  readonly seconds: number;
  /** Resources the step would create, update, replace or delete; absent for analyze. */
  readonly changes?: number;
  /** The last OUTPUT_TAIL characters of the step's output, when it is not ok. */
  readonly output?: string;
}

export interface AnalyzerMessage {
  readonly code: string;
  readonly level: string;
  readonly resource: string;
  readonly message: string;
  /** Set when the allowlist (allowlist.ts) accepts the message: the entry's reason. */
  readonly allowed?: string;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface ObjectSnapshot extends ObjectRef {
  readonly labels: Readonly<Record<string, string>>;
}

/** A process the lane runs in place of a simulated pod (istiod, MetalLB's controller). */
export interface LocalProcessReport {
  /** How many times it was started (once per pod it stood in for). */
  readonly starts: number;
  /** The last LOG_TAIL characters of its log; the whole log stays in the work directory with --keep. */
  readonly log: string;
}

export interface LaneReport {
  readonly stack: string;
  readonly toolchain: ToolchainVersions;
  /** Each executable's path, version and origin (built, installed, substitute), from toolchain.json. */
  readonly binaries?: Readonly<Record<string, BinaryRecord>>;
  /** The substitute istioctl the program's install script was allowed to accept, when there was one. */
  readonly istioctlSubstitute?: IstioctlSubstitute;
  readonly steps: StepReport[];
  /** istiod (pilot-discovery) as the lane ran it. */
  istiod?: LocalProcessReport;
  analyze?: AnalyzerMessage[];
  objects?: ObjectSnapshot[];
  leftovers?: ObjectRef[];
  /** Why the lane stopped before its steps, or what went wrong around them (cluster, cleanup). */
  errors?: string[];
}

/** The output of a step not run because an earlier one failed. */
export const SKIPPED = "skipped: an earlier step failed";

/** How much of a failed step's output the report keeps. */
export const OUTPUT_TAIL = 4000;

/** How much of a local process's log the report keeps. */
export const LOG_TAIL = 8000;

export function tail(text: string, length: number = OUTPUT_TAIL): string {
  return text.length <= length ? text : text.slice(text.length - length);
}

/** Written after every step, so a run cut short still leaves what it learned. */
export function writeReport(file: string, report: LaneReport): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** Exit codes; documented in the README. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Every reason the run fails, in words; empty when it passes. */
export function failures(report: LaneReport): string[] {
  const found: string[] = [];
  for (const step of report.steps) {
    if (!step.ok)
      found.push(
        step.output?.startsWith(SKIPPED) ? `step ${step.name} ${step.output}` : `step ${step.name} failed`,
      );
    if (step.name === "up-again" && step.ok && step.changes !== 0) {
      found.push(`up-again made ${step.changes ?? "an unknown number of"} change(s); it must make none`);
    }
  }
  const errors = (report.analyze ?? []).filter((m) => m.level === "Error" && m.allowed === undefined);
  for (const m of errors) found.push(`istioctl analyze: ${m.code} on ${m.resource}: ${m.message}`);
  for (const o of report.leftovers ?? []) {
    found.push(`left over: ${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name} (${o.apiVersion})`);
  }
  for (const e of report.errors ?? []) found.push(e);
  return found;
}
