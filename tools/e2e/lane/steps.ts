/** The lane's steps, in the order they run, and which of them a `--steps` list selects. */

/** Every step the report can name, in run order (issue 9 and 10's report format). */
export const STEP_NAMES = [
  "preview",
  "up",
  "preview-no-changes",
  "refresh",
  "up-again",
  "analyze",
  "destroy",
] as const;

export type StepName = (typeof STEP_NAMES)[number];

export function isStepName(value: string): value is StepName {
  return (STEP_NAMES as readonly string[]).includes(value);
}

/**
 * The steps a comma-separated `--steps` value picks, in run order whatever order they were written
 * in; all of them when the value is absent. Throws naming every unknown step.
 */
export function selectSteps(value: string | undefined): StepName[] {
  if (value === undefined) return [...STEP_NAMES];
  const wanted = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (wanted.length === 0)
    throw new Error(`--steps needs at least one step; known: ${STEP_NAMES.join(", ")}`);
  const unknown = wanted.filter((s) => !isStepName(s));
  if (unknown.length > 0) {
    throw new Error(
      `unknown step${unknown.length > 1 ? "s" : ""} ${unknown.map((s) => `"${s}"`).join(", ")} in --steps; known: ${STEP_NAMES.join(", ")}`,
    );
  }
  return STEP_NAMES.filter((s) => wanted.includes(s));
}

/** What surrounds the selected steps: a cluster is needed by everything after preview in k3d mode. */
export interface LanePlan {
  readonly steps: readonly StepName[];
  /** Snapshot every object in the cluster just before destroy. */
  readonly snapshotBeforeDestroy: boolean;
  /** After destroy, check that nothing the stack created is left. */
  readonly leftoverCheck: boolean;
}

export function planLane(steps: readonly StepName[]): LanePlan {
  const destroys = steps.includes("destroy");
  return { steps, snapshotBeforeDestroy: destroys, leftoverCheck: destroys };
}

/**
 * Once a step fails, the later steps are skipped, except destroy: it still runs, so a failed run
 * leaves nothing behind and the leftover check still reports on it.
 */
export function runsAfterFailure(step: StepName): boolean {
  return step === "destroy";
}
