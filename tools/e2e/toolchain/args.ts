/** Command-line flags of `npm run e2e:tools`. */

export interface ToolsArgs {
  /** `--only a,b`: build only these steps (names as in the progress lines' first column). */
  readonly only?: readonly string[];
  /** `--rebuild`: build even what the cache already holds. */
  readonly rebuild: boolean;
  readonly help: boolean;
}

export const USAGE = `usage: npm run e2e:tools -- [--only STEP[,STEP...]] [--rebuild]
Builds the pinned e2e toolchain from Go modules into $ISTIO_SANDBOX_E2E_CACHE
(default ~/.cache/istio-sandbox-e2e/<hash of the versions>).`;

export function parseToolsArgs(argv: readonly string[], steps: readonly string[]): ToolsArgs {
  let only: string[] | undefined;
  let rebuild = false;
  let help = false;
  const takeOnly = (value: string | undefined, flag: string) => {
    if (value === undefined || value === "" || value.startsWith("-"))
      throw new Error(`${flag} needs step names, e.g. ${flag} pulumi,kwok; steps: ${steps.join(", ")}`);
    const names = value.split(",").map((s) => s.trim());
    const unknown = names.filter((n) => !steps.includes(n));
    if (unknown.length > 0)
      throw new Error(`${flag}: unknown step(s) ${unknown.join(", ")}; steps: ${steps.join(", ")}`);
    only = [...(only ?? []), ...names];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--rebuild") rebuild = true;
    else if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--only") {
      takeOnly(argv[i + 1], arg);
      i++;
    } else if (arg.startsWith("--only=")) takeOnly(arg.slice("--only=".length), "--only");
    else throw new Error(`unknown argument "${arg}"; accepted: --only STEP[,STEP...], --rebuild, --help`);
  }
  return { only, rebuild, help };
}
