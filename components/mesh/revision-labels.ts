/**
 * With revisions and sidecars, a namespace names the control plane that injects it:
 * `istio.io/rev=<revision or tag>` instead of `istio-injection=enabled`, which must go because it
 * takes precedence over `istio.io/rev` (https://istio.io/latest/docs/setup/upgrade/canary/#data-plane).
 * Ambient namespaces get no such label, which would turn injection on
 * (https://github.com/istio/istio/issues/60313); their waypoints carry it (components/ambient).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AppSettings } from "../config/types";

export const REVISION_LABEL = "istio.io/rev";
const INJECTION_LABEL = "istio-injection";

/** `labels` (a data plane's enrolment labels) with `istio.io/rev=<target>` in place of the injection label. */
export function revisionLabels(
  labels: Readonly<Record<string, string>>,
  target: string,
): Record<string, string> {
  const rest = Object.fromEntries(Object.entries(labels).filter(([key]) => key !== INJECTION_LABEL));
  return { ...rest, [REVISION_LABEL]: target };
}

/** Each app namespace's revision or tag (config validation has made the apps of a namespace agree). */
export function namespaceRevisions(apps: readonly AppSettings[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const app of apps) {
    if (app.revision !== undefined && !out.has(app.namespace)) out.set(app.namespace, app.revision);
  }
  return out;
}

/** Each namespace's revision or tag with what serves it (`IstioMesh.injector`), for MeshNamespaces. */
export function namespaceInjectors(
  apps: readonly AppSettings[],
  injector: (target: string) => pulumi.Resource,
): Map<string, { target: string; injector: pulumi.Resource }> {
  return new Map(
    [...namespaceRevisions(apps)].map(([namespace, target]) => [
      namespace,
      { target, injector: injector(target) },
    ]),
  );
}
