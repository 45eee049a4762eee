/**
 * One way for every e2e command to run its steps: errors go into the report, Ctrl-C and SIGTERM stop
 * every process the run started, and the work directory is removed unless `--keep` asked to keep it.
 */
import * as fs from "node:fs";
import { EXIT } from "./report";

export interface GuardedRun {
  readonly report: { errors?: string[] };
  /** Stops every process and cluster the run started; called once, whatever happened. */
  finish(): Promise<void>;
}

export interface GuardOptions {
  readonly workdir: string;
  readonly keep: boolean;
  /** Printed when the work directory is kept. */
  readonly keptNote: string;
  readonly say: (line: string) => void;
}

/** Runs `body`; resolves once the run is finished and cleaned up, never when a signal ended it. */
export async function runGuarded(
  run: GuardedRun,
  body: () => Promise<void>,
  { workdir, keep, keptNote, say }: GuardOptions,
): Promise<void> {
  const record = (message: string) => {
    run.report.errors = [...(run.report.errors ?? []), message];
  };
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    say(`${signal}: stopping every process this run started`);
    record(`interrupted by ${signal}`);
    void run.finish().finally(() => {
      if (!keep) fs.rmSync(workdir, { recursive: true, force: true });
      process.exit(EXIT.interrupted);
    });
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  try {
    await body();
  } catch (error) {
    record((error as Error).message);
    say((error as Error).message);
  }
  // The signal handler owns the exit from here on.
  if (interrupted) return new Promise(() => undefined);
  process.off("SIGINT", interrupt);
  process.off("SIGTERM", interrupt);
  await run.finish();
  if (keep) say(keptNote);
  else fs.rmSync(workdir, { recursive: true, force: true });
}

/** Prints each failure and the verdict; the exit code that goes with them. */
export function verdict(found: readonly string[], report: string, say: (line: string) => void): number {
  for (const f of found) say(`FAIL: ${f}`);
  say(found.length === 0 ? `passed; report in ${report}` : `failed; report in ${report}`);
  return found.length === 0 ? EXIT.ok : EXIT.failed;
}

/** Runs a command's main and exits with its code; an unexpected error exits 1 with its stack. */
export function exitWith(main: Promise<number>): void {
  main.then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(EXIT.failed);
    },
  );
}
