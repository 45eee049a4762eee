/** The progress line `npm run e2e:tools` prints per binary, plugin and source module. */
import type { StepResult } from "./build";

/** One progress line: step, item, status, seconds, and where it came from or why it failed. */
export function progressLine(result: StepResult): string {
  const time = `${result.seconds.toFixed(1)}s`.padStart(8);
  const head = `${result.item.padEnd(40)} ${result.status.padEnd(7)} ${time}`;
  if (result.status === "failed" || result.status === "skipped") {
    const tried = (result.tried ?? []).map((t) => `\n    tried ${t.replace(/\n/g, "\n      ")}`).join("");
    return `${head}  ${(result.error ?? "").replace(/\n/g, "\n      ")}${tried}`;
  }
  const substitute = result.substitute === undefined ? "" : `  SUBSTITUTE: ${result.substitute}`;
  return `${head}  ${result.from ?? ""}${substitute}`.trimEnd();
}
