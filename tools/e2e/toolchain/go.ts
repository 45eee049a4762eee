/** Running the `go` command for the toolchain build, with its output kept in a log file per step. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";

export interface GoResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface GoOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Appended with the command line and everything it printed. */
  readonly log: string;
}

export type GoRunner = (args: readonly string[], options: GoOptions) => Promise<GoResult>;

/** The real runner: `go` from PATH, no shell. */
export const runGo: GoRunner = (args, options) =>
  new Promise((resolve) => {
    fs.appendFileSync(options.log, `\n$ (cd ${options.cwd} && go ${args.join(" ")})\n`);
    const child = spawn("go", [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      err.push(chunk);
      fs.appendFileSync(options.log, chunk);
    });
    child.on("error", (error) => {
      resolve({ ok: false, stdout: "", stderr: `cannot run go: ${error.message}` });
    });
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      fs.appendFileSync(options.log, stdout.length > 20_000 ? `${stdout.slice(0, 20_000)}…\n` : stdout);
      resolve({ ok: code === 0, stdout, stderr: Buffer.concat(err).toString("utf8") });
    });
  });

/** The error `go` printed, without its progress chatter ("go: downloading …", retraction notes). */
export function goError(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .filter((line) => !/^go: (downloading|finding|extracting) /.test(line))
    .filter((line) => !/^go: warning: .* retracted by module author/.test(line))
    .filter((line) => !/^go: to switch to the latest unretracted version|^\tgo get .*@latest$/.test(line));
  const text = lines.join("\n");
  return text.length > 2000 ? `…${text.slice(-2000)}` : text;
}

/** The JSON objects `go list -m -json` / `go mod download -json` print one after another. */
export function parseJsonStream<T>(text: string): T[] {
  const values: T[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}") {
      depth--;
      if (depth === 0 && start >= 0) values.push(JSON.parse(text.slice(start, i + 1)) as T);
    }
  }
  return values;
}

/** What `go list -m -json` and `go mod download -json` say of a module version. */
export interface ModuleInfo {
  readonly Path: string;
  readonly Version: string;
  readonly Dir?: string;
  readonly GoMod?: string;
  readonly Error?: string | { readonly Err: string };
  readonly Origin?: { readonly Hash?: string; readonly Ref?: string };
}

export function moduleError(info: ModuleInfo): string | undefined {
  if (info.Error === undefined) return undefined;
  return typeof info.Error === "string" ? info.Error : info.Error.Err;
}
