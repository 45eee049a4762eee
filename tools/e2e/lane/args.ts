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

/** Pulumi stack names: letters, digits, `-`, `_` and `.` (https://www.pulumi.com/docs/iac/concepts/stacks/). */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const COMMON_FLAGS = ["--stack", "--stack-file", "--report"] as const;

/** What every run over a stack takes (the lane and `e2e:objects`), plus each command's own value flags. */
export interface StackRunFlags<Extra extends string> {
  readonly stack: string;
  readonly stackFile?: string;
  readonly report: string;
  readonly keep: boolean;
  readonly extra: Readonly<Partial<Record<Extra, string>>>;
}

/** `--flag VALUE` or `--flag=VALUE` for the common flags and `extraFlags`, plus `--keep`. */
export function parseStackRunFlags<Extra extends `--${string}`>(
  argv: readonly string[],
  extraFlags: readonly Extra[],
): StackRunFlags<Extra> {
  type Flag = (typeof COMMON_FLAGS)[number] | Extra;
  const known: readonly string[] = [...COMMON_FLAGS, ...extraFlags];
  const values: Partial<Record<Flag, string>> = {};
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--keep") {
      keep = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = (eq > 0 ? arg.slice(0, eq) : arg) as Flag;
    if (!known.includes(flag)) throw new UsageError(`unknown argument "${arg}"`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
      throw new UsageError(`${flag} needs a value`);
    }
    if (values[flag] !== undefined) throw new UsageError(`${flag} is given twice`);
    values[flag] = value;
  }
  const stack = values["--stack"];
  if (stack === undefined) throw new UsageError("--stack NAME is required");
  if (!STACK_NAME.test(stack)) {
    throw new UsageError(`--stack "${stack}" is not a stack name (letters, digits, "-", "_" and "." only)`);
  }
  const report = values["--report"];
  if (report === undefined) throw new UsageError("--report FILE is required");
  const extra = Object.fromEntries(extraFlags.map((f) => [f, values[f]])) as Partial<Record<Extra, string>>;
  return { stack, stackFile: values["--stack-file"], report, keep, extra };
}

export function parseLaneArgs(argv: readonly string[]): LaneArgs {
  const { extra, ...common } = parseStackRunFlags(argv, ["--steps"]);
  let steps: StepName[];
  try {
    steps = selectSteps(extra["--steps"]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { ...common, steps };
}
