/**
 * Runs the real wrapper scripts (tools/with-passphrase.sh, tools/pulumi-stack.sh) in a throwaway
 * home, config folder and project, with a stand-in `pulumi` first on PATH that logs every call
 * (tests/fixtures/secrets/pulumi-stand-in.mjs).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const TOOLS = path.resolve(__dirname, "../../tools");
const STAND_IN = path.resolve(__dirname, "../fixtures/secrets/pulumi-stand-in.mjs");

/** One call of the stand-in pulumi, as it logged it. */
export interface PulumiCall {
  readonly argv: string[];
  readonly passphrase: string | null;
  readonly passphraseFile: string | null;
  readonly passphraseFileSha256: string | null;
  readonly umask: string;
  readonly cwd: string;
  readonly stdin?: string;
}

export interface WrapperRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every stand-in call so far in this sandbox. */
  readonly calls: PulumiCall[];
}

export interface Sandbox {
  readonly home: string;
  /** The project folder (with a Pulumi.yaml), where the wrappers run. */
  readonly project: string;
  /** Where this machine's passphrase file belongs when XDG_CONFIG_HOME is not set. */
  readonly passphraseFile: string;
  readonly stateDir: string;
  /** Writes Pulumi.<stack>.yaml with this encryptionsalt. */
  stackFile(stack: string, encryptionSalt: string): string;
  /** Runs `sh tools/<script> ...args` in the project folder; `umask` is set first when given. */
  run(script: string, args: readonly string[], env?: Record<string, string>, umask?: string): WrapperRun;
  /** The same, without waiting: for runs side by side. */
  start(script: string, args: readonly string[], env?: Record<string, string>): Promise<WrapperRun>;
  calls(): PulumiCall[];
}

export function secretsSandbox(): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "istio-sandbox-secrets-"));
  const home = path.join(root, "home");
  const project = path.join(root, "project");
  const bin = path.join(root, "bin");
  const log = path.join(root, "pulumi-calls.jsonl");
  for (const dir of [home, project, bin]) fs.mkdirSync(dir);
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: istio-sandbox\nruntime: nodejs\n");
  fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\nexec "${process.execPath}" "${STAND_IN}" "$@"\n`, {
    mode: 0o755,
  });
  const baseEnv = {
    PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    STUB_LOG: log,
  };
  const calls = (): PulumiCall[] =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as PulumiCall)
      : [];
  const shellArgs = (script: string, args: readonly string[], umask?: string) =>
    umask === undefined
      ? [path.join(TOOLS, script), ...args]
      : ["-c", `umask ${umask} && exec sh "$0" "$@"`, path.join(TOOLS, script), ...args];

  return {
    home,
    project,
    passphraseFile: path.join(home, ".config", "istio-sandbox", "passphrase"),
    stateDir: path.join(home, ".pulumi"),
    stackFile(stack, encryptionSalt) {
      const file = path.join(project, `Pulumi.${stack}.yaml`);
      fs.writeFileSync(file, `encryptionsalt: ${encryptionSalt}\nconfig:\n  istio-sandbox:agents: "5"\n`);
      return file;
    },
    run(script, args, env = {}, umask) {
      const result = spawnSync("/bin/sh", shellArgs(script, args, umask), {
        cwd: project,
        env: { ...baseEnv, ...env },
        encoding: "utf8",
        timeout: 20000,
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: calls() };
    },
    start(script, args, env = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn("/bin/sh", shellArgs(script, args), {
          cwd: project,
          env: { ...baseEnv, ...env },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr, calls: calls() }));
      });
    },
    calls,
  };
}

/** Permission bits of a file or folder, e.g. 0o600. */
export function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
