/**
 * The report of `npm run e2e:objects`, in the lane's format (issue 10: steps with name, ok, seconds
 * and output, `analyze`, `objects`), with this check's own step names and what it could not render.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { IstioctlSubstitute } from "../lane/preflight";
import type { AnalyzerMessage, LocalProcessReport, ObjectSnapshot, ToolchainVersions } from "../lane/report";
import type { HelmRelease, KubeObject } from "./declared";

/** This check's steps, in run order. */
export const OBJECT_STEPS = [
  "render",
  "cluster",
  "crds",
  "helm",
  "istioctl-install",
  "apply",
  "istiod",
  "analyze",
  "probes",
  "uninstall",
] as const;
export type ObjectStepName = (typeof OBJECT_STEPS)[number];

export interface ObjectStepReport {
  readonly name: ObjectStepName;
  readonly ok: boolean;
  readonly seconds: number;
  /** How many objects the step applied (crds, apply). */
  readonly count?: number;
  /** The last OUTPUT_TAIL characters of the step's output, when it is not ok (or was skipped). */
  readonly output?: string;
}

export interface ObjectsReport {
  readonly stack: string;
  readonly toolchain: ToolchainVersions & { readonly istioctlBuilt?: string };
  readonly steps: ObjectStepReport[];
  analyze?: AnalyzerMessage[];
  /** Every object the program declares, as applied; values (a Secret's data) are never kept. */
  objects?: ObjectSnapshot[];
  /** Helm releases the program declares: their charts are not rendered by this check. */
  notRendered?: { resource: string; chart: string; namespace: string }[];
  /** The substitute istioctl the program's install script accepted, named as the lane names it. */
  istioctlSubstitute?: IstioctlSubstitute;
  /** What the real istiod was found to do (validation, Gateway deployments, cacerts). */
  istiodChecks?: string[];
  /** istiod (pilot-discovery) as the check ran it. */
  istiod?: LocalProcessReport;
  errors?: string[];
}

export function snapshotOf(object: KubeObject): ObjectSnapshot {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? "",
    name: object.metadata.name,
    labels: { ...(object.metadata.labels ?? {}) },
  };
}

export function notRenderedOf(releases: readonly HelmRelease[]): ObjectsReport["notRendered"] {
  return releases.map((r) => ({ resource: r.resource, chart: r.chart, namespace: r.namespace }));
}

export function writeObjectsReport(file: string, report: ObjectsReport): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** Every reason the check fails, in words; empty when it passes. */
export function objectsFailures(report: ObjectsReport): string[] {
  const found: string[] = [];
  for (const step of report.steps) if (!step.ok) found.push(`step ${step.name} failed`);
  const errors = (report.analyze ?? []).filter((m) => m.level === "Error" && m.allowed === undefined);
  for (const m of errors) found.push(`istioctl analyze: ${m.code} on ${m.resource}: ${m.message}`);
  for (const e of report.errors ?? []) found.push(e);
  return found;
}
