/** `npm run e2e:objects -- --stack NAME [--stack-file FILE] --report FILE [--istioctl PATH] [--keep]`. */
import { parseStackRunFlags, UsageError } from "../lane/args";

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

export function parseObjectsArgs(argv: readonly string[]): ObjectsArgs {
  const { extra, ...common } = parseStackRunFlags(argv, ["--istioctl"]);
  return { ...common, istioctl: extra["--istioctl"] };
}
