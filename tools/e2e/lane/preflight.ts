/** What the lane checks before it starts anything, so a run that cannot pass stops at once. */
import type { SandboxConfig } from "../../../components/config";
import type { BinaryRecord, ToolchainVersions } from "../toolchain/locate";

/**
 * The program's istioctl installer refuses an istioctl of another version than `istioVersion`
 * (components/istio/istioctl-script.ts): say so before the cluster is made, with the fix.
 */
export function preflightProblems(config: SandboxConfig, versions: ToolchainVersions): string[] {
  const istio = config.istio;
  if (istio.installer === "istioctl" && istio.version !== versions.istioctl) {
    return [
      `the stack's istioVersion is ${istio.version} but the toolchain's istioctl is ${versions.istioctl}, and the ` +
        `istioctl installer needs exactly the stack's version. Fix: set istio-sandbox:istioVersion: ${versions.istioctl} ` +
        `in the stack file, or istio-sandbox:istioInstaller: helm`,
    ];
  }
  return [];
}

/** A substitute istioctl that the lane lets the program's install script accept, and why. */
export interface IstioctlSubstitute {
  /** The exact version string the substitute reports; the lane sets ISTIOCTL_SUBSTITUTE_ENV to it. */
  readonly version: string;
  /** The stack's istioVersion, which it stands in for. */
  readonly for: string;
  readonly reason: string;
}

/**
 * The substitute the lane accepts: only where the stack installs with istioctl, its istioVersion is
 * the release the toolchain's istioctl record stands in for, and that record says substitute.
 */
export function istioctlSubstitute(
  config: SandboxConfig,
  binaries: Readonly<Record<string, BinaryRecord>>,
): IstioctlSubstitute | undefined {
  const record = binaries.istioctl;
  if (config.istio.installer !== "istioctl" || record?.origin !== "substitute") return undefined;
  if (record.wanted !== config.istio.version || record.version === record.wanted) return undefined;
  return { version: record.version, for: record.wanted, reason: record.substitute ?? "a substitute build" };
}
