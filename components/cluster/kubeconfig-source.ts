/**
 * How the `kubeconfig` config value is read, in one place for the program and for doctor: it is
 * either the kubeconfig's contents (YAML or JSON) or a path to it, with `~` for the home folder.
 */

/** A kubeconfig's contents always span lines (or are JSON); a path never does. */
export function looksLikeContent(value: string): boolean {
  return value.includes("\n") || /^\s*(\{|apiVersion\s*:|clusters\s*:|kind\s*:)/.test(value);
}

export function expandHome(path: string, homeDir: string): string {
  return path === "~" || path.startsWith("~/") ? homeDir + path.slice(1) : path;
}
