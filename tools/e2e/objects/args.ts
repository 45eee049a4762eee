/** `npm run e2e:objects -- --stack NAME [--stack-file FILE] --report FILE [--istioctl PATH] [--keep]`. */
import { UsageError } from "../lane/args";

export { UsageError };

export interface ObjectsArgs {
  readonly stack: string;
  readonly stackFile?: string;
  readonly report: string;
  /** The istioctl to install and analyze with; default the toolchain's. */
  readonly istioctl?: string;
  /** Keep the private work directory (rendered objects, cluster logs) for a post-mortem. */
  readonly keep: boolean;
}

export const OBJECTS_USAGE =
  "usage: npm run e2e:objects -- --stack NAME [--stack-file FILE] --report FILE [--istioctl PATH] [--keep]";

const VALUE_FLAGS = ["--stack", "--stack-file", "--report", "--istioctl"] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function parseObjectsArgs(argv: readonly string[]): ObjectsArgs {
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
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--")))
      throw new UsageError(`${flag} needs a value`);
    if (values[flag] !== undefined) throw new UsageError(`${flag} is given twice`);
    values[flag] = value;
  }
  const stack = values["--stack"];
  if (stack === undefined) throw new UsageError("--stack NAME is required");
  if (!STACK_NAME.test(stack))
    throw new UsageError(`--stack "${stack}" is not a stack name (letters, digits, "-", "_" and "." only)`);
  if (values["--report"] === undefined) throw new UsageError("--report FILE is required");
  return {
    stack,
    stackFile: values["--stack-file"],
    report: values["--report"],
    istioctl: values["--istioctl"],
    keep,
  };
}
