/** Where downloaded sources are kept: the user's cache directory, never the project. */
import * as os from "node:os";
import * as path from "node:path";
import { SOURCE_FETCH } from "../config/defaults";

/**
 * `${XDG_CACHE_HOME:-~/.cache}/istio-sandbox/sources`. A relative XDG_CACHE_HOME is ignored, as the
 * XDG Base Directory specification asks (https://specifications.freedesktop.org/basedir-spec/latest/).
 */
export function sourceCacheDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = os.homedir(),
): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, ".cache");
  return path.join(base, SOURCE_FETCH.cacheDir);
}
