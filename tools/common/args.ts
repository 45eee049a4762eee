/** The few command-line flags the tools take. */

export interface ToolArgs {
  /** `--stack NAME` or `--stack=NAME`. */
  readonly stack?: string;
  /** `--json`: machine-readable output. */
  readonly json: boolean;
}

export function parseArgs(argv: readonly string[]): ToolArgs {
  let stack: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") json = true;
    else if (arg === "--stack" || arg === "-s") {
      stack = argv[i + 1];
      i++;
      if (stack === undefined || stack.startsWith("-"))
        throw new Error(`${arg} needs a stack name, e.g. ${arg} dev`);
    } else if (arg.startsWith("--stack=")) stack = arg.slice("--stack=".length);
    else throw new Error(`unknown argument "${arg}"; accepted: --stack NAME, --json`);
  }
  return { stack, json };
}

/** `--stack`, else the PULUMI_STACK environment variable, else `dev` (the stack the repository ships). */
export function selectStack(args: ToolArgs, env: NodeJS.ProcessEnv): string {
  return args.stack ?? (env.PULUMI_STACK || undefined) ?? "dev";
}
