/**
 * Live-stack guards: config changes that a stack already up cannot take in place. Each guard compares
 * one value with the stack output the last update recorded for it, and the program stops before it
 * declares any resource, so the preview fails and `pulumi up` changes nothing, even with
 * `--skip-preview`. The values are exported again by index.ts, for the next run to compare with.
 */
import * as pulumi from "@pulumi/pulumi";
import { type ClusterTarget, existingClusterTarget } from "../cluster";
import type { SandboxConfig } from "../config/types";
import type { StackOutputs } from "../outputs/contract";
import { clusterTargetProblem } from "./cluster-target";
import { ingressApiSwitchProblem } from "./ingress-api-switch";
import { installerSwitchProblem } from "./installer-switch";
import { lastUpdateOutputs, type StackOutputValues } from "./last-update";
import { revisionSwitchProblem } from "./revision-switch";

/** One check: the stack output it reads, and what stops the run given that output's last value. */
export interface StackGuard {
  readonly output: keyof StackOutputs;
  readonly problem: (previous: unknown) => string | undefined;
}

/** What the guards resolved and the program exports for the next run. */
export interface GuardedValues {
  /** Existing mode only. */
  readonly clusterTarget?: ClusterTarget;
}

/** The guards for this config, and the values they resolved. */
export function stackGuards(config: SandboxConfig): { guards: StackGuard[]; values: GuardedValues } {
  const target = config.existing === undefined ? undefined : existingClusterTarget(config.existing);
  const guards: StackGuard[] = [
    {
      output: "istioInstaller",
      problem: (previous) => installerSwitchProblem(previous, config.istio.installer, config.mode),
    },
    {
      output: "ingressApi",
      problem: (previous) =>
        ingressApiSwitchProblem(previous, config.ingressApi, config.mode, config.istio.nodePorts),
    },
    {
      output: "istioRevisions",
      problem: (previous) => revisionSwitchProblem(previous, config.istio.revisions, config.mode),
    },
  ];
  if (target !== undefined) {
    const kubeContext = config.existing?.context;
    guards.push({
      output: "clusterTarget",
      problem: (previous) => clusterTargetProblem(previous, target, kubeContext),
    });
  }
  return { guards, values: { clusterTarget: target } };
}

/** Every guard's problem for these last-update outputs, in guard order. */
export function guardProblems(guards: readonly StackGuard[], previous: StackOutputValues): string[] {
  return guards.flatMap((guard) => guard.problem(previous[guard.output]) ?? []);
}

/**
 * Checks the config against the stack's last update. A problem throws a RunError, which fails the
 * program with its message alone (no stack trace): the preview fails before any resource is declared.
 */
export async function checkLiveStack(
  config: SandboxConfig,
  readLastUpdate: () => Promise<StackOutputValues> = lastUpdateOutputs,
): Promise<GuardedValues> {
  const { guards, values } = stackGuards(config);
  const problems = guardProblems(guards, await readLastUpdate());
  if (problems.length > 0) throw new pulumi.RunError(problems.join("\n\n"));
  return values;
}
