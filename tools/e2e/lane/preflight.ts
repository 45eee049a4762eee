/** What the lane checks before it starts anything, so a run that cannot pass stops at once. */
import type { SandboxConfig } from "../../../components/config";
import type { ToolchainVersions } from "../toolchain/locate";

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
