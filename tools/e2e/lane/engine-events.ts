/**
 * Counting what a Pulumi command changed, from the engine events it streams with `--json` (one JSON
 * object per line; apitype.EngineEvent in
 * https://github.com/pulumi/pulumi/blob/master/sdk/go/common/apitype/events.go).
 */

/** Operations that change a resource. `same`, `read`, `refresh` and the halves of a replacement do not count. */
const CHANGING_OPS = new Set(["create", "update", "replace", "delete", "import"]);

interface EngineEventLine {
  readonly summaryEvent?: { readonly resourceChanges?: Readonly<Record<string, number>> };
  readonly resourcePreEvent?: { readonly metadata?: { readonly op?: string; readonly urn?: string } };
  readonly diagnosticEvent?: { readonly severity?: string; readonly message?: string; readonly urn?: string };
}

export interface EngineSummary {
  /** Resources created, updated, replaced or deleted (or that a preview would). */
  readonly changes: number;
  /** The engine's own per-operation counts. */
  readonly resourceChanges: Readonly<Record<string, number>>;
  /** Error and warning diagnostics, for the report when a step fails. */
  readonly errors: readonly string[];
}

function parseLines(log: string): EngineEventLine[] {
  const events: EngineEventLine[] = [];
  for (const line of log.split("\n")) {
    const text = line.trim();
    if (text === "") continue;
    try {
      events.push(JSON.parse(text) as EngineEventLine);
    } catch {
      // A line cut short by an interrupted run: everything before it still counts.
    }
  }
  return events;
}

export function countChanges(resourceChanges: Readonly<Record<string, number>>): number {
  return Object.entries(resourceChanges)
    .filter(([op]) => CHANGING_OPS.has(op))
    .reduce((sum, [, n]) => sum + n, 0);
}

/**
 * The summary of an event log. The engine's closing summaryEvent has the counts; when a run ends
 * without one (it failed), the planned steps (resourcePreEvent) are counted instead, once per URN.
 */
export function summarizeEvents(log: string): EngineSummary {
  const events = parseLines(log);
  const errors = events
    .map((e) => e.diagnosticEvent)
    .filter((d) => (d?.severity === "error" || d?.severity === "warning") && typeof d.message === "string")
    .map((d) => d!.message!.trim());
  const summary = events.map((e) => e.summaryEvent).find((s) => s?.resourceChanges !== undefined);
  if (summary?.resourceChanges) {
    return {
      changes: countChanges(summary.resourceChanges),
      resourceChanges: summary.resourceChanges,
      errors,
    };
  }
  const byUrn = new Map<string, string>();
  for (const e of events) {
    const meta = e.resourcePreEvent?.metadata;
    if (meta?.op && meta.urn) byUrn.set(meta.urn, meta.op);
  }
  const counts: Record<string, number> = {};
  for (const op of byUrn.values()) counts[op] = (counts[op] ?? 0) + 1;
  return { changes: countChanges(counts), resourceChanges: counts, errors };
}
