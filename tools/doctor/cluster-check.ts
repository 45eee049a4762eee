/**
 * Existing mode: doctor talks to the cluster, with a bound on the time it waits, before `pulumi up`
 * changes anything there: reachable, a Kubernetes version Istio supports, no Istio that the stack did
 * not install, and (with `loadBalancer: provided`) something that gives LoadBalancer Services an
 * address.
 */
import { KUBERNETES_SUPPORTED_MINORS } from "../../components/config/defaults";
import type { ExistingSettings } from "../../components/config/types";
import type { CheckResult } from "./types";

export interface IstiodFound {
  readonly namespace: string;
  readonly name: string;
  readonly revision: string;
}

/** What doctor asks the cluster; the real one is cluster-api.ts. */
export interface ClusterProbe {
  /** `gitVersion` of /version, e.g. `v1.34.8+k3s1`. */
  version(): Promise<string>;
  /** Deployments labelled app=istiod, in every namespace. */
  istiods(): Promise<IstiodFound[]>;
  /** What hands out LoadBalancer addresses, in words, or undefined when nothing shows it. */
  loadBalancerEvidence(): Promise<string | undefined>;
}

export interface ClusterCheckInput {
  readonly existing: ExistingSettings;
  /** True when the stack's last update recorded an Istio install (its `istioInstaller` output). */
  readonly stackInstalledIstio: boolean;
  readonly timeoutMs: number;
}

const FIX_LB =
  "npm run config -- set loadBalancer metallb and npm run config -- set metallbAddresses <first>-<last> (free addresses on the nodes' network)";

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function minor(version: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function versionRow(gitVersion: string): CheckResult {
  const check = "cluster";
  const found = minor(gitVersion);
  const [lowMajor, lowMinor] = KUBERNETES_SUPPORTED_MINORS.min.split(".").map(Number);
  const [highMajor, highMinor] = KUBERNETES_SUPPORTED_MINORS.max.split(".").map(Number);
  const range = `${KUBERNETES_SUPPORTED_MINORS.min} to ${KUBERNETES_SUPPORTED_MINORS.max}`;
  if (!found) return { check, status: "warn", detail: `reachable; unrecognised version "${gitVersion}"` };
  const below = found[0] - lowMajor || found[1] - lowMinor;
  const above = found[0] - highMajor || found[1] - highMinor;
  if (below < 0 || above > 0) {
    return {
      check,
      status: "fail",
      detail: `reachable, but Kubernetes ${gitVersion} is outside ${range}, the versions the supported Istio releases run on.\nFix: use a cluster on Kubernetes ${range} (npm run config -- set kubeContext <context>)`,
    };
  }
  return { check, status: "ok", detail: `reachable; Kubernetes ${gitVersion} (Istio supports ${range})` };
}

export async function checkCluster(probe: ClusterProbe, input: ClusterCheckInput): Promise<CheckResult[]> {
  let gitVersion: string;
  try {
    gitVersion = await withTimeout(probe.version(), input.timeoutMs, "GET /version");
  } catch (error) {
    return [
      {
        check: "cluster",
        status: "fail",
        detail: `not reachable with the configured kubeconfig${input.existing.context ? ` and context "${input.existing.context}"` : ""}: ${message(error)}.\nFix: check the cluster is up and the kubeconfig current (kubectl version), or choose another context: npm run config -- set kubeContext <context>`,
      },
    ];
  }
  const results: CheckResult[] = [versionRow(gitVersion)];

  try {
    const istiods = await withTimeout(probe.istiods(), input.timeoutMs, "the istiod lookup");
    const list = istiods.map((d) => `${d.namespace}/${d.name} (revision ${d.revision})`).join(", ");
    if (istiods.length === 0) {
      results.push({ check: "existing Istio", status: "ok", detail: "none; the stack installs its own" });
    } else if (input.stackInstalledIstio) {
      results.push({ check: "existing Istio", status: "ok", detail: `${list}, installed by this stack` });
    } else {
      results.push({
        check: "existing Istio",
        status: "fail",
        detail: `the cluster already runs Istio that this stack did not install: ${list}. pulumi up would stop rather than install over it.\nFix: use a cluster without Istio (npm run config -- set kubeContext <context>), or remove that Istio first if it is yours to remove`,
      });
    }
  } catch (error) {
    results.push({ check: "existing Istio", status: "warn", detail: `could not look: ${message(error)}` });
  }

  if (input.existing.loadBalancer === "provided") {
    try {
      const evidence = await withTimeout(
        probe.loadBalancerEvidence(),
        input.timeoutMs,
        "the load-balancer lookup",
      );
      results.push(
        evidence === undefined
          ? {
              check: "load balancer",
              status: "warn",
              detail: `loadBalancer is provided, but nothing in the cluster shows a LoadBalancer implementation (no Service has an external address, no cloud provider IDs on the nodes, no MetalLB or Cilium pools); the gateway would get no address.\nFix: ${FIX_LB}`,
            }
          : { check: "load balancer", status: "ok", detail: evidence },
      );
    } catch (error) {
      results.push({ check: "load balancer", status: "warn", detail: `could not look: ${message(error)}` });
    }
  }
  return results;
}
