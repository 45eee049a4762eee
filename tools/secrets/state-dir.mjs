// The folder of the project's local state (`backend: file://~` in Pulumi.yaml), readable by the user only.
import * as fs from "node:fs";
import * as path from "node:path";
import { homeDir, mode, octal, Stop } from "./support.mjs";

/**
 * `~/.pulumi`: the DIY backend opens `file://~` at the home folder
 * (https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/backend/diy/backend.go#L595-L610) and keeps its
 * stacks, history and backups under `.pulumi/` there
 * (https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/backend/diy/store.go#L37-L49,
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/paths.go#L40). It is also
 * Pulumi's home (plugins, workspaces) unless PULUMI_HOME says otherwise.
 */
export function stateDir(env) {
  return path.join(homeDir(env), ".pulumi");
}

/**
 * Makes the state folder if it is missing, and takes group and other permissions off it if it has any
 * (saying so): the files under it were written 0644 by a pulumi that ran without `umask 077`. Nothing
 * happens when PULUMI_BACKEND_URL points pulumi at other state, which overrides Pulumi.yaml
 * (https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/workspace/creds.go#L31-L35).
 */
export function ensureStateDir(env, say) {
  if (env.PULUMI_BACKEND_URL) return;
  const dir = stateDir(env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const bits = mode(fs.statSync(dir));
  if ((bits & 0o077) === 0) return;
  try {
    fs.chmodSync(dir, 0o700);
  } catch (error) {
    throw new Stop(
      `${dir} holds the stacks' state (secrets included) and other users may read it (mode ${octal(bits)}), ` +
        `but it could not be made private: ${error?.message ?? error}.\nFix: chmod 700 ${dir}`,
    );
  }
  say(`Made ${dir}, where the stacks' state is kept, readable by you only (it was ${octal(bits)}).`);
}
