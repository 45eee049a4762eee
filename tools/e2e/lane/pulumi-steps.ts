/** The Pulumi command line of each engine step, and the environment every one of them runs in. */
import * as path from "node:path";
import { ISTIOCTL_SUBSTITUTE_ENV } from "../../../components/istio/istioctl-script";
import type { StepName } from "./steps";

export type EngineStep = Exclude<StepName, "analyze">;

/**
 * Every engine step: no prompts, no colour, and `--json`, which streams the engine's events as JSON
 * lines on stdout (for preview too, with PULUMI_ENABLE_STREAMING_JSON_PREVIEW): the lane counts changes
 * from them.
 */
export function pulumiArgs(step: EngineStep, stack: string): string[] {
  const common = ["--stack", stack, "--non-interactive", "--color=never", "--json"];
  const policy = ["--policy-pack", "policies"];
  switch (step) {
    case "preview":
      return ["preview", ...common, ...policy];
    case "up":
    case "up-again":
      return ["up", "--yes", "--skip-preview", ...common, ...policy];
    case "preview-no-changes":
      return ["preview", "--expect-no-changes", ...common, ...policy];
    case "refresh":
      return ["refresh", "--yes", "--skip-preview", ...common];
    case "destroy":
      return ["destroy", "--yes", "--skip-preview", ...common];
  }
}

/** A passphrase for the run's throwaway state; not a secret, the state is deleted with the run. */
export const LANE_PASSPHRASE = "istio-sandbox-e2e";

export interface LaneEnvInput {
  readonly base: NodeJS.ProcessEnv;
  /** The toolchain's bin directory. */
  readonly bin: string;
  /** Directory with the stand-in k3d and docker. */
  readonly standIns: string;
  /** The run's temporary directory. */
  readonly workdir: string;
  /** The run's PULUMI_HOME (its plugins are the toolchain's). */
  readonly pulumiHome: string;
  /** The file the stand-ins read kwokctl's settings from. */
  readonly simSettingsFile: string;
  /** The version of a substitute istioctl the program's install script may accept (preflight.ts). */
  readonly istioctlSubstitute?: string;
}

/**
 * The environment of every command the lane runs: the stand-ins, then the toolchain, first on PATH;
 * fresh local state; nothing checked or downloaded; Helm's caches and the default kubeconfig inside
 * the run's directory, so no user file is read or written. Plugins come from the run's PULUMI_HOME
 * alone: the engine would otherwise take any `pulumi-resource-*` on PATH, whatever its version
 * (https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/workspace/plugins.go#L2138), and
 * in PULUMI_HOME it takes only the exact version the SDK asks for (#L2388), never downloading one.
 */
export function laneEnv(input: LaneEnvInput): NodeJS.ProcessEnv {
  const inRun = (...parts: string[]) => path.join(input.workdir, ...parts);
  return {
    ...input.base,
    PATH: [input.standIns, input.bin, input.base.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: input.pulumiHome,
    PULUMI_BACKEND_URL: `file://${inRun("state")}`,
    PULUMI_CONFIG_PASSPHRASE: LANE_PASSPHRASE,
    PULUMI_CONFIG_PASSPHRASE_FILE: undefined,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
    PULUMI_ACCESS_TOKEN: undefined,
    ISTIO_SANDBOX_E2E_SIM: input.simSettingsFile,
    KUBECONFIG: inRun("no-default-kubeconfig"),
    // Where the k3d create script records which stack owns a cluster (components/cluster/k3d-scripts.ts).
    XDG_STATE_HOME: inRun("state-home"),
    HELM_CACHE_HOME: inRun("helm", "cache"),
    HELM_CONFIG_HOME: inRun("helm", "config"),
    HELM_DATA_HOME: inRun("helm", "data"),
    // Set here alone, never by the program; unset unless the toolchain's istioctl is a substitute.
    [ISTIOCTL_SUBSTITUTE_ENV]: input.istioctlSubstitute,
  };
}
