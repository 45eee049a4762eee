/** Check 5: every pod behind each app's Service carries Istio's `istio-proxy` sidecar. */
import type { AppEndpoint } from "../../components/outputs/contract";
import { type ClusterApi, type Pod, labelSelector } from "./cluster-api";
import type { CheckRow } from "./types";

export const SIDECAR = "istio-proxy";

/** A classic sidecar is a container; a native sidecar (Kubernetes 1.29+) is an init container that keeps running. */
export function hasSidecar(pod: Pod): boolean {
  const spec = pod.spec;
  if (!spec) return false;
  return (
    spec.containers.some((c) => c.name === SIDECAR) ||
    (spec.initContainers ?? []).some((c) => c.name === SIDECAR && c.restartPolicy === "Always")
  );
}

export function isLive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata?.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
}

export function judgeSidecars(app: AppEndpoint, pods: readonly Pod[]): CheckRow {
  const expected = `every pod has ${SIDECAR}`;
  const live = pods.filter(isLive);
  const base = { app: app.name, check: "sidecar injected", expected };
  if (live.length === 0) {
    return { ...base, seen: `no running pods behind Service ${app.namespace}/${app.name}`, status: "fail" };
  }
  const without = live.filter((p) => !hasSidecar(p));
  if (without.length === 0) {
    return { ...base, seen: `${live.length}/${live.length} pods with ${SIDECAR}`, status: "pass" };
  }
  const example = without[0];
  const containers = (example.spec?.containers ?? []).map((c) => c.name).join(", ");
  return {
    ...base,
    seen: `${without.length}/${live.length} pods without it, e.g. ${example.metadata?.name ?? "?"} [${containers}]; is namespace ${app.namespace} labelled istio-injection=enabled, and were the pods created after Istio's injector? (kubectl rollout restart deployment/${app.name} -n ${app.namespace})`,
    status: "fail",
  };
}

/** What a pod check judges: the app's live pods, one row. */
export type PodJudge = (app: AppEndpoint, pods: readonly Pod[]) => CheckRow;

/**
 * Judges the pods behind each app's Service: sidecars by default; ambient enrolment with
 * `judgeAmbient` (ambient-check.ts).
 */
export async function sidecarChecks(
  api: ClusterApi,
  apps: readonly AppEndpoint[],
  judge: PodJudge = judgeSidecars,
  check = "sidecar injected",
  expected = `every pod has ${SIDECAR}`,
): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  for (const app of apps) {
    try {
      const service = await api.readService(app.namespace, app.name);
      const selector = service?.spec?.selector;
      if (!selector || Object.keys(selector).length === 0) {
        rows.push({
          app: app.name,
          check,
          expected,
          seen: service
            ? `Service ${app.namespace}/${app.name} has no selector`
            : `Service ${app.namespace}/${app.name} not found`,
          status: "fail",
        });
        continue;
      }
      rows.push(judge(app, await api.listPods(app.namespace, labelSelector(selector))));
    } catch (error) {
      rows.push({
        app: app.name,
        check,
        expected,
        seen: `Kubernetes API error: ${(error as Error).message}`,
        status: "fail",
      });
    }
  }
  return rows;
}
