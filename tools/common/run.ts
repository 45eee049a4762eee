/**
 * Running external programs, behind an interface so that every check can be tested with recorded
 * answers or stand-in executables.
 */
import { execFile } from "node:child_process";

export type RunResult =
  /** The program is not on PATH (or not executable). */
  | { readonly kind: "missing" }
  /** The program ran; `code` is its exit status (null when a signal or the timeout ended it). */
  | {
      readonly kind: "exited";
      readonly code: number | null;
      readonly stdout: string;
      readonly stderr: string;
    };

export type Run = (command: string, args: readonly string[]) => Promise<RunResult>;

export interface RunOptions {
  /** Ceiling per command, so that a hung CLI (a Docker daemon that never answers) cannot hang the tool. */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** The real runner: no shell, so arguments are never re-parsed. */
export function processRunner(options: RunOptions = {}): Run {
  return (command, args) =>
    new Promise((resolve) => {
      execFile(
        command,
        [...args],
        {
          timeout: options.timeoutMs ?? 20_000,
          env: options.env ?? process.env,
          cwd: options.cwd,
          maxBuffer: 16 * 1024 * 1024,
          encoding: "utf8",
        },
        (error, stdout, stderr) => {
          const code = (error as NodeJS.ErrnoException | null)?.code;
          if (code === "ENOENT" || code === "EACCES") {
            resolve({ kind: "missing" });
            return;
          }
          const status = error === null ? 0 : typeof error.code === "number" ? error.code : null;
          resolve({ kind: "exited", code: status, stdout, stderr });
        },
      );
    });
}

/** First non-empty line of a program's error output, for one-line table cells. */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ""
  );
}
