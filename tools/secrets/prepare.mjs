// Run by tools/with-passphrase.sh before every command it wraps:
//   node prepare.mjs machine COMMAND...   this machine's passphrase; prints the file's path on stdout
//   node prepare.mjs user COMMAND...      the user set a passphrase; only the state folder is seen to
// Both make ~/.pulumi private. Messages go to stderr; exit 1 (with the fix) stops the command.
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { PUBLISHED_PASSPHRASE } from "./encryption-salt.mjs";
import { ensureMachinePassphrase, machinePassphraseFile } from "./machine-passphrase.mjs";
import { checkStack, selectedStack } from "./published-passphrase-stack.mjs";
import { ensureStateDir } from "./state-dir.mjs";
import { Stop } from "./support.mjs";

/**
 * The folder pulumi takes for the project: the nearest one up from `from` that holds a Pulumi.yaml.
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/paths.go#L145-L173
 */
function projectDir(from) {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const say = (text) => process.stderr.write(`${text}\n`);
const [mode, ...command] = process.argv.slice(2);
const env = process.env;

try {
  ensureStateDir(env, say);
  if (mode === "machine") {
    const passphraseFile = machinePassphraseFile(env);
    const passphrase = ensureMachinePassphrase(passphraseFile, say);
    const project = projectDir(process.cwd());
    if (project !== undefined) {
      checkStack({
        projectDir: project,
        stack: selectedStack(command, env),
        passphrase,
        passphraseFile,
        env,
        say,
      });
    }
    process.stdout.write(passphraseFile);
  } else if (mode === "user") {
    if (env.PULUMI_CONFIG_PASSPHRASE === PUBLISHED_PASSPHRASE) {
      say(
        `PULUMI_CONFIG_PASSPHRASE is "${PUBLISHED_PASSPHRASE}", the published passphrase: anyone who reads the ` +
          "state can decrypt its secrets. Unset it, and the next npm run moves the stack to this machine's own passphrase.",
      );
    }
  } else {
    throw new Error(`usage: node prepare.mjs machine|user COMMAND... (got "${mode ?? ""}")`);
  }
} catch (error) {
  if (!(error instanceof Stop)) throw error;
  say(error.message);
  process.exit(1);
}
