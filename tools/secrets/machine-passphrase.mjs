// This machine's passphrase for the stacks' secrets: made once from the OS random source, kept in the
// user's config directory, readable by the user only.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { homeDir, mode, octal, Stop } from "./support.mjs";

/** `${XDG_CONFIG_HOME:-$HOME/.config}/istio-sandbox/passphrase`; a relative XDG_CONFIG_HOME is ignored, as the XDG spec says. */
export function machinePassphraseFile(env) {
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(homeDir(env), ".config");
  return path.join(configHome, "istio-sandbox", "passphrase");
}

/**
 * The passphrase in `file`, made first if there is none. Refuses (Stop) a file that others may read or
 * write, or that holds no passphrase. `beforePublish` runs between writing the new passphrase to its
 * temporary file and publishing it, so a test can make another run win the race there.
 */
export function ensureMachinePassphrase(file, say, beforePublish = () => {}) {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dirMode = mode(fs.statSync(dir));
  if (dirMode & 0o077) {
    fs.chmodSync(dir, 0o700);
    say(`Made ${dir} readable by you only (it was ${octal(dirMode)}).`);
  }
  if (!fs.existsSync(file) && create(file, beforePublish)) {
    say(
      `Made this machine's passphrase for the stacks' secrets (the kubeconfig, the CA's private key): ${file}\n` +
        "Keep that file and back it up: without it the secrets of any stack made with it cannot be read.\n" +
        "To use your own passphrase instead, set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE.",
    );
  }
  return readPassphrase(file);
}

/**
 * Writes a new passphrase to a temporary file, then links it into place: unlike a rename, a link never
 * replaces a passphrase that another run published first (and may already have used), and the file
 * appears whole or not at all. Returns false when another run won.
 */
function create(file, beforePublish) {
  // 32 bytes of the OS CSPRNG, base64url: no whitespace for Pulumi to trim and no ':' in it.
  const passphrase = randomBytes(32).toString("base64url");
  const temp = path.join(
    path.dirname(file),
    `.passphrase.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  const fd = fs.openSync(temp, "wx", 0o600);
  try {
    fs.writeSync(fd, `${passphrase}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    beforePublish();
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    if (error?.code === "EEXIST") return false;
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** The passphrase as Pulumi reads the file (trimmed), once the file is known to be the user's alone. */
export function readPassphrase(file) {
  const stat = fs.statSync(file);
  if (!stat.isFile()) {
    throw new Stop(
      `${file} should hold this machine's passphrase for the stacks' secrets, but it is not a file.\n` +
        `Fix: move it away and put the passphrase file you backed up there (chmod 600), or run again to make a new one.`,
    );
  }
  const fileMode = mode(stat);
  if (fileMode & 0o077) {
    throw new Stop(
      `The passphrase file ${file} may be read or changed by other users (mode ${octal(fileMode)}), ` +
        "and it opens the stacks' secrets (the kubeconfig, the CA's private key).\n" +
        `Fix: chmod 600 ${file}`,
    );
  }
  // Pulumi trims the file's content: https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/secrets/passphrase/manager.go#L383-L392
  const passphrase = fs.readFileSync(file, "utf8").trim();
  if (passphrase === "") {
    throw new Stop(
      `The passphrase file ${file} is empty.\n` +
        `Fix: put back the copy you backed up; if no stack was made with it yet, delete it (rm ${file}) and run again to make a new one.`,
    );
  }
  return passphrase;
}
