/** Runs every acceptance check against the stack's outputs. */
import type { StackOutputs } from "../../components/outputs/contract";
import { addonChecks } from "./addon-checks";
import { ambientChecks } from "./ambient-check";
import type { Cleanup } from "./cleanup";
import type { ClusterApi } from "./cluster-api";
import { gatewayEndpoints } from "./endpoints";
import { gatewayChecks } from "./gateway-checks";
import { type Clock, meshChecks } from "./mesh-probe";
import { type VerifyReport, buildReport } from "./report";
import { sidecarChecks } from "./sidecar-check";
import type { CheckRow } from "./types";
import { workloadCertificateChecks } from "./workload-certificate";

export interface VerifyDeps {
  readonly stack: string;
  readonly outputs: StackOutputs;
  /** Connects lazily, so that the gateway checks run even when the API server is unreachable. */
  readonly connect: () => Promise<ClusterApi>;
  readonly cleanup: Cleanup;
  readonly clock: Clock;
  readonly suffix: string;
  readonly onProgress: (message: string) => void;
  readonly httpTimeoutMs?: number;
  readonly podTimeoutMs?: number;
  readonly pollMs?: number;
}

export async function runVerify(deps: VerifyDeps): Promise<VerifyReport> {
  const endpoints = gatewayEndpoints(deps.outputs.ingress);
  const rows: CheckRow[] = [];
  deps.onProgress(`checking the gateway via ${endpoints.via}`);
  rows.push(
    ...(await gatewayChecks(deps.outputs, endpoints, {
      timeoutMs: deps.httpTimeoutMs ?? 10_000,
      now: () => new Date(deps.clock.now()),
    })),
  );
  if ((deps.outputs.addons ?? []).length > 0) {
    deps.onProgress("checking the dashboards");
    rows.push(...(await addonChecks(deps.outputs, endpoints, deps.httpTimeoutMs ?? 10_000)));
  }
  let api: ClusterApi | undefined;
  try {
    api = await deps.connect();
  } catch (error) {
    rows.push({
      app: "-",
      check: "Kubernetes API",
      expected: "reachable with the stack's kubeconfig",
      seen: (error as Error).message,
      status: "fail",
    });
  }
  if (api) {
    if (deps.outputs.dataplaneMode === "ambient") {
      deps.onProgress("checking ambient enrolment");
      rows.push(...(await ambientChecks(api, deps.outputs.apps)));
    } else {
      deps.onProgress("checking sidecars");
      rows.push(...(await sidecarChecks(api, deps.outputs.apps)));
    }
    if (deps.outputs.meshCa === "sandbox") deps.onProgress("checking workload certificates");
    rows.push(...(await workloadCertificateChecks(api, deps.outputs, new Date(deps.clock.now()))));
    rows.push(
      ...(await meshChecks(api, deps.outputs, deps.cleanup, {
        clock: deps.clock,
        timeoutMs: deps.podTimeoutMs ?? 180_000,
        pollMs: deps.pollMs ?? 2_000,
        suffix: deps.suffix,
        onProgress: deps.onProgress,
        dataplaneMode: deps.outputs.dataplaneMode,
      })),
    );
  }
  return buildReport(deps.stack, endpoints.via, rows);
}
