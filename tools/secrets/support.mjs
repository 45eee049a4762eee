// What the secrets helpers share: how they stop, whose home they use, and a file's permission bits.
import * as os from "node:os";

/** A problem the user must fix before anything runs: the message says what and how. */
export class Stop extends Error {}

/**
 * $HOME, as the shell's `~` means it (a test points it at a temporary folder); the user database only
 * when it is unset. Pulumi expands `file://~` with the user database
 * (https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/backend/diy/backend.go#L599-L610), which is $HOME on a normal login.
 */
export function homeDir(env) {
  return env.HOME || os.userInfo().homedir;
}

/** The permission bits of a stat result. */
export function mode(stat) {
  return stat.mode & 0o777;
}

/** `0755`-style text for permission bits. */
export function octal(bits) {
  return bits.toString(8).padStart(4, "0");
}
