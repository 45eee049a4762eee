/** The lane's command line: `--stack NAME [--stack-file FILE] [--steps a,b] --report FILE [--keep]`. */
import { selectSteps, type StepName } from "./steps";

export interface LaneArgs {
  /** The stack's name: the Pulumi stack the lane creates, and `Pulumi.NAME.yaml` unless a file is given. */
  readonly stack: string;
  /** The stack file to run; default `Pulumi.<stack>.yaml` at the project root. */
  readonly stackFile?: string;
  readonly steps: readonly StepName[];
  /** Where the JSON report goes. */
  readonly report: string;
  /** Keep the temporary directory (state, logs, stack config) for a post-mortem. */
  readonly keep: boolean;
}

export const USAGE =
  "usage: npm run e2e -- --stack NAME [--stack-file FILE] [--steps preview,up,...] --report FILE [--keep]";

/** Thrown for a bad command line; the lane prints it with USAGE and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const VALUE_FLAGS = ["--stack", "--stack-file", "--steps", "--report"] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

/** Pulumi stack names: letters, digits, `-`, `_` and `.` (https://www.pulumi.com/docs/iac/concepts/stacks/). */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function parseLaneArgs(argv: readonly string[]): LaneArgs {
  const values: Partial<Record<ValueFlag, string>> = {};
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--keep") {
      keep = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = (eq > 0 ? arg.slice(0, eq) : arg) as ValueFlag;
    if (!VALUE_FLAGS.includes(flag)) throw new UsageError(`unknown argument "${arg}"`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
      throw new UsageError(`${flag} needs a value`);
    }
    if (values[flag] !== undefined) throw new UsageError(`${flag} is given twice`);
    values[flag] = value;
  }
  if (values["--stack"] === undefined) throw new UsageError("--stack NAME is required");
  if (!STACK_NAME.test(values["--stack"])) {
    throw new UsageError(
      `--stack "${values["--stack"]}" is not a stack name (letters, digits, "-", "_" and "." only)`,
    );
  }
  if (values["--report"] === undefined) throw new UsageError("--report FILE is required");
  let steps: StepName[];
  try {
    steps = selectSteps(values["--steps"]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    stack: values["--stack"],
    stackFile: values["--stack-file"],
    steps,
    report: values["--report"],
    keep,
  };
}
