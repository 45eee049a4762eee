// A stack made before each machine had its own passphrase keeps its secrets under the published one.
// It is moved to this machine's passphrase with `pulumi stack change-secrets-provider passphrase`,
// which can run without a terminal: it decrypts with the old passphrase from PULUMI_CONFIG_PASSPHRASE
// (https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/cmd/pulumi/stack/stack_change_secrets_provider.go#L136-L150,
// https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/secrets/passphrase/manager.go#L378-L382) and, when
// not interactive, reads the new one as one line of stdin
// (https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/secrets/passphrase/manager.go#L337-L346), then
// re-encrypts the stack file's secure values and the state
// (stack_change_secrets_provider.go#L178-L241).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { MalformedSalt, opensWith, PUBLISHED_PASSPHRASE } from "./encryption-salt.mjs";
import { Stop } from "./support.mjs";

/** The stack a wrapped command acts on: `--stack NAME`, `--stack=NAME` or `-s NAME`, else PULUMI_STACK, else dev. */
export function selectedStack(args, env) {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if ((arg === "--stack" || arg === "-s") && args[i + 1]) return args[i + 1];
    if (arg.startsWith("--stack=") && arg.length > "--stack=".length) return arg.slice("--stack=".length);
  }
  return env.PULUMI_STACK || "dev";
}

/**
 * Pulumi.<stack>.yaml beside Pulumi.yaml, named after the stack's own name (a fully qualified
 * `org/project/stack` is named by its last part in local state).
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/paths.go#L109-L122
 */
export function stackFile(projectDir, stack) {
  return path.join(projectDir, `Pulumi.${stack.split("/").pop()}.yaml`);
}

/** The stack file's passphrase `encryptionsalt`, or undefined (no file yet, another secrets provider, unreadable). */
export function encryptionSalt(file) {
  let doc;
  try {
    doc = parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== "object") return undefined;
  if (doc.secretsprovider && doc.secretsprovider !== "passphrase") return undefined;
  return typeof doc.encryptionsalt === "string" && doc.encryptionsalt !== "" ? doc.encryptionsalt : undefined;
}

/** Which passphrase opens the stack file's salt: "machine", "published", "other", or "none" (nothing to check). */
export function stackPassphrase(file, machinePassphrase) {
  const salt = encryptionSalt(file);
  if (salt === undefined) return "none";
  try {
    if (opensWith(salt, machinePassphrase)) return "machine";
    return opensWith(salt, PUBLISHED_PASSPHRASE) ? "published" : "other";
  } catch (error) {
    if (error instanceof MalformedSalt) return "none";
    throw error;
  }
}

/**
 * Checks the selected stack before the wrapped command runs. A stack under the published passphrase is
 * moved to this machine's; if that fails, Stop says how to do it by hand.
 */
export function checkStack({ projectDir, stack, passphrase, passphraseFile, env, say }) {
  const file = stackFile(projectDir, stack);
  const found = stackPassphrase(file, passphrase);
  const name = path.basename(file);
  if (found === "other") {
    say(
      `Stack ${stack} was not made with this machine's passphrase (${passphraseFile}).\n` +
        'If pulumi answers "incorrect passphrase", put the passphrase file you backed up there, or set ' +
        "PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE to the passphrase the stack was made with.",
    );
  }
  if (found !== "published") return;

  say(
    `Stack ${stack} keeps its secrets (the kubeconfig, the CA's private key) under the published passphrase ` +
      `"${PUBLISHED_PASSPHRASE}"; moving them to this machine's passphrase (${passphraseFile}):`,
  );
  const childEnv = { ...env, PULUMI_CONFIG_PASSPHRASE: PUBLISHED_PASSPHRASE };
  delete childEnv.PULUMI_CONFIG_PASSPHRASE_FILE;
  // --non-interactive: stdin is read even from a terminal
  // (https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/cmd/pulumi/pulumi.go#L450). The new passphrase
  // goes in on stdin, never in argv or the environment; pulumi's output goes to stderr.
  const result = spawnSync(
    "pulumi",
    ["stack", "change-secrets-provider", "--stack", stack, "--non-interactive", "passphrase"],
    { cwd: projectDir, env: childEnv, input: `${passphrase}\n`, stdio: ["pipe", 2, 2] },
  );
  const failed =
    result.error !== undefined
      ? `pulumi could not be started (${result.error.message})`
      : result.status !== 0
        ? `pulumi stack change-secrets-provider failed (exit ${result.status ?? result.signal})`
        : stackPassphrase(file, passphrase) !== "machine"
          ? `after pulumi stack change-secrets-provider, ${name} still does not open with this machine's passphrase`
          : undefined;
  if (failed !== undefined) {
    throw new Stop(
      `Stack ${stack} still keeps its secrets under the published passphrase "${PUBLISHED_PASSPHRASE}": ${failed}.\n` +
        "Fix, from the project folder:\n" +
        `  PULUMI_CONFIG_PASSPHRASE=${PUBLISHED_PASSPHRASE} pulumi stack change-secrets-provider --stack ${stack} passphrase < ${passphraseFile}\n` +
        "then run the command again. If `pulumi stack ls` does not list the stack, nothing is left to move: " +
        `delete the encryptionsalt line and any secure: values from ${name} instead.`,
    );
  }
  say(
    `Moved stack ${stack} to this machine's passphrase. Copies that pulumi made before (under ~/.pulumi: ` +
      "history, backups, .bak) still hold its secrets under the published passphrase; delete them, or " +
      "rebuild the sandbox (npm run destroy, then npm run up) so that the CA key and k3d kubeconfig in them stop working.",
  );
}
