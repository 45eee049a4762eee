/** The progress line `npm run e2e:tools` prints per binary, plugin and source module. */
import type { StepResult } from "./build";

/** One progress line: step, item, status, seconds, and where it came from or why it failed. */
export function progressLine(result: StepResult): string {
  const time = `${result.seconds.toFixed(1)}s`.padStart(8);
  const head = `${result.item.padEnd(40)} ${result.status.padEnd(9)} ${time}`;
  const tried = (result.tried ?? []).map((t) => `\n    tried ${t.replace(/\n/g, "\n      ")}`).join("");
  const note = result.note === undefined ? "" : `\n    NOTE: ${result.note}`;
  if (result.status === "failed" || result.status === "skipped")
    return `${head}  ${(result.error ?? "").replace(/\n/g, "\n      ")}${tried}${note}`;
  const substitute = result.substitute === undefined ? "" : `  SUBSTITUTE: ${result.substitute}`;
  const version = result.status === "installed" && result.version !== undefined ? ` (${result.version})` : "";
  return `${`${head}  ${result.from ?? ""}${version}${substitute}`.trimEnd()}${note}`;
}
