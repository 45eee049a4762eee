/**
 * Check 5 in ambient mode: every pod behind each app's Service is captured by ztunnel and has no
 * sidecar. istio-cni marks a pod whose traffic it redirected to ztunnel with the annotation
 * `ambient.istio.io/redirection: enabled` (https://istio.io/latest/docs/ambient/architecture/traffic-redirection/).
 */
import type { AppEndpoint } from "../../components/outputs/contract";
import type { ClusterApi, Pod } from "./cluster-api";
import { hasSidecar, isLive, SIDECAR, sidecarChecks } from "./sidecar-check";
import type { CheckRow } from "./types";

export const REDIRECTION_ANNOTATION = "ambient.istio.io/redirection";
const CHECK = "ambient enrolment";
const EXPECTED = `every pod captured by ztunnel (${REDIRECTION_ANNOTATION}: enabled), no ${SIDECAR}`;

export function isCaptured(pod: Pod): boolean {
  return pod.metadata?.annotations?.[REDIRECTION_ANNOTATION] === "enabled";
}

export function judgeAmbient(app: AppEndpoint, pods: readonly Pod[]): CheckRow {
  const base = { app: app.name, check: CHECK, expected: EXPECTED };
  const live = pods.filter(isLive);
  if (live.length === 0) {
    return { ...base, seen: `no running pods behind Service ${app.namespace}/${app.name}`, status: "fail" };
  }
  const withSidecar = live.filter(hasSidecar);
  if (withSidecar.length > 0) {
    return {
      ...base,
      seen: `${withSidecar.length}/${live.length} pods carry ${SIDECAR}, e.g. ${withSidecar[0].metadata?.name ?? "?"}; remove istio-injection from namespace ${app.namespace} and restart them (kubectl rollout restart deployment/${app.name} -n ${app.namespace})`,
      status: "fail",
    };
  }
  const uncaptured = live.filter((p) => !isCaptured(p));
  if (uncaptured.length > 0) {
    return {
      ...base,
      seen: `${uncaptured.length}/${live.length} pods not captured, e.g. ${uncaptured[0].metadata?.name ?? "?"}; is namespace ${app.namespace} labelled istio.io/dataplane-mode=ambient, and do istio-cni and ztunnel run on its node? (kubectl -n istio-system get pods -l 'app in (istio-cni-node,ztunnel)')`,
      status: "fail",
    };
  }
  return {
    ...base,
    seen: `${live.length}/${live.length} pods captured, none with ${SIDECAR}`,
    status: "pass",
  };
}

export function ambientChecks(api: ClusterApi, apps: readonly AppEndpoint[]): Promise<CheckRow[]> {
  return sidecarChecks(api, apps, judgeAmbient, CHECK, EXPECTED);
}
