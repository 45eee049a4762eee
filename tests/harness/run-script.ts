/**
 * Runs a Command resource's shell for real, with the stand-in executables of tests/fixtures/bin first
 * on PATH, and returns what it printed plus every stand-in call it made.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const STUB_BIN = path.resolve(__dirname, "../fixtures/bin");

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** One entry per stand-in call: the tool's name, then its arguments. */
  readonly calls: string[][];
  /** The config file `k3d cluster create --config` was given, if it ran. */
  readonly createConfig?: string;
  /** The HOME the script ran with: a fresh temp folder, so a test can prove nothing was written there. */
  readonly home: string;
  /** The TMPDIR the script ran with (it also holds the call log). */
  readonly work: string;
}

export function runScript(
  script: string,
  options: { env?: Record<string, string>; stdin?: string; interpreter?: readonly string[] } = {},
  work = fs.mkdtempSync(path.join(os.tmpdir(), "istio-sandbox-script-")),
): ScriptRun {
  const home = path.join(work, "home");
  fs.mkdirSync(home);
  const log = path.join(work, "calls.log");
  const [shell, ...shellArgs] = options.interpreter ?? ["/bin/sh", "-c"];
  const result = spawnSync(shell, [...shellArgs, script], {
    input: options.stdin ?? "",
    encoding: "utf8",
    env: {
      PATH: `${STUB_BIN}:/usr/bin:/bin`,
      HOME: home,
      STUB_LOG: log,
      TMPDIR: work,
      ...options.env,
    },
    timeout: 20000,
  });
  const calls = fs.existsSync(log)
    ? fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split("\t"))
    : [];
  const configFile = `${log}.config`;
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls,
    createConfig: fs.existsSync(configFile) ? fs.readFileSync(configFile, "utf8") : undefined,
    home,
    work,
  };
}
