/** Runs every preflight check for one stack, in the order a newcomer fixes them. */
import type { SandboxConfig } from "../../components/config/types";
import { expandHome, looksLikeContent } from "../../components/cluster/kubeconfig-source";
import { firstLine, type Run } from "../common/run";
import { checkCluster, type ClusterProbe } from "./cluster-check";
import { checkConfig } from "./config-check";
import { checkKubeconfig, type KubeconfigDeps } from "./kubeconfig-check";
import { checkPorts, type PortProbe } from "./port-checks";
import { SECRET_PLACEHOLDER } from "./stack-config";
import { checkRevisionIstioctls } from "./revision-istioctl-check";
import { checkDocker, checkK3d, checkPulumi } from "./tool-checks";
import type { CheckResult } from "./types";

export interface DoctorDeps extends KubeconfigDeps {
  readonly stack: string;
  /** The stack file's contents, or undefined when it does not exist. */
  readonly readStackFile: () => Promise<string | undefined>;
  readonly run: Run;
  readonly probe: PortProbe;
  /** Existing mode: a client for the cluster (cluster-api.ts). */
  readonly connect: (kubeconfig: string, context?: string) => Promise<ClusterProbe>;
  /** How long each question to the cluster may take. */
  readonly clusterTimeoutMs?: number;
}

/** Doctor's fixes go through the wrapper, which supplies the passphrase, so none is asked for. */
export function viaWrapper(result: CheckResult): CheckResult {
  return {
    ...result,
    detail: result.detail.replace(/\bpulumi config (?=set|rm|get)/g, "npm run config -- "),
  };
}

/** Whether the stack's last update recorded an Istio install (the `istioInstaller` stack output). */
async function stackInstalledIstio(deps: DoctorDeps): Promise<boolean> {
  const result = await deps.run("pulumi", ["stack", "output", "istioInstaller", "--stack", deps.stack]);
  return result.kind === "exited" && result.code === 0 && result.stdout.trim() !== "";
}

/** The kubeconfig, decrypted through the Pulumi CLI when `pulumi config set --secret` stored it. */
async function resolveKubeconfig(
  config: SandboxConfig,
  secretKeys: readonly string[],
  deps: DoctorDeps,
): Promise<string | CheckResult> {
  const value = config.existing?.kubeconfig ?? "";
  if (!secretKeys.includes("kubeconfig") || value !== SECRET_PLACEHOLDER) return value;
  const result = await deps.run("pulumi", ["config", "get", "kubeconfig", "--stack", deps.stack]);
  if (result.kind === "exited" && result.code === 0) return result.stdout;
  const why = result.kind === "missing" ? "the Pulumi CLI is missing (see above)" : firstLine(result.stderr);
  return {
    check: "kubeconfig",
    status: "fail",
    detail: `kubeconfig is a secret and could not be decrypted: ${why}.\nFix: npm run doctor uses this machine's passphrase (~/.config/istio-sandbox/passphrase) unless PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE is set: export the one this stack was made with (or put that machine's passphrase file in place), then re-run npm run doctor`,
  };
}

export async function runDoctor(deps: DoctorDeps): Promise<CheckResult[]> {
  const configCheck = checkConfig(await deps.readStackFile(), deps.stack);
  const { config } = configCheck;
  const results: CheckResult[] = [configCheck.result, await checkPulumi(deps.run)];
  if (config.mode === "k3d") {
    results.push(await checkDocker(deps.run), await checkK3d(deps.run));
    results.push(...(await checkPorts(deps.probe, deps.run, config.cluster)));
  } else {
    const reason = "not needed in existing mode";
    results.push(
      { check: "Docker daemon", status: "skip", detail: reason },
      { check: "k3d", status: "skip", detail: reason },
    );
    const existing = config.existing;
    if (existing) {
      const kubeconfig = await resolveKubeconfig(config, configCheck.secretKeys, deps);
      if (typeof kubeconfig !== "string") {
        results.push(kubeconfig);
      } else {
        const file = await checkKubeconfig({ ...existing, kubeconfig }, deps);
        results.push(file);
        if (file.status === "ok") {
          const contents = looksLikeContent(kubeconfig)
            ? kubeconfig
            : await deps.readFile(expandHome(kubeconfig.trim(), deps.homeDir));
          results.push(
            ...(await checkCluster(await deps.connect(contents, existing.context), {
              existing,
              stackInstalledIstio: await stackInstalledIstio(deps),
              timeoutMs: deps.clusterTimeoutMs ?? 10_000,
            })),
          );
        }
      }
    }
  }
  results.push(...(await checkRevisionIstioctls(deps.run, config.istio)));
  return results.map(viaWrapper);
}

/** Non-zero when anything blocks `pulumi up`. */
export function doctorExitCode(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}
