/** The steps that do work for a setting that a live stack cannot switch in place. */

export type ClusterMode = "k3d" | "existing";

export interface SwitchBack {
  /** The config key, without the `istio-sandbox:` namespace. */
  readonly key: string;
  /** The value the last update used, and the one config asks for now. */
  readonly previous: string;
  readonly current: string;
  readonly mode: ClusterMode;
  /** What is being switched, plural: "installers". */
  readonly switching: string;
  /** What stays when the user sets the key back: "the installed Istio". */
  readonly keep: string;
}

/** Set the old value back, destroy, set the new value, up; or keep the old value. */
export function switchSteps(s: SwitchBack): string[] {
  const destroy =
    s.mode === "k3d"
      ? "npm run destroy        (deletes the k3d cluster, its storage volume included)"
      : "npm run destroy        (removes only what this stack installed)";
  return [
    `To switch ${s.switching}:`,
    `  1. npm run config -- set ${s.key} ${s.previous}`,
    `  2. ${destroy}`,
    `  3. npm run config -- set ${s.key} ${s.current}`,
    "  4. npm run up",
    `To keep ${s.keep} instead: npm run config -- set ${s.key} ${s.previous}`,
  ];
}
