import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import { gatewayApiResource } from "../gateway-api/ingress";
import type { IstioDependency } from "../k8s-types/istio-dependency";
import { renderWaypoint } from "./waypoint";

export interface WaypointsArgs {
  readonly cluster: SandboxCluster;
  readonly istio: IstioDependency;
  /** The Gateway API CRDs (`GatewayApiCrds.ready`). */
  readonly crds: readonly pulumi.Resource[];
  /**
   * Each app namespace, with the resource that creates or labels it, and with revisions the revision
   * or tag that runs its waypoint and what serves that (`IstioMesh.injector`).
   */
  readonly namespaces: readonly {
    readonly namespace: string;
    readonly label: pulumi.Resource;
    readonly revision?: { readonly target: string; readonly injector: pulumi.Resource };
  }[];
}

/** Ambient mode's L7 layer: a waypoint in each app namespace. */
export class Waypoints extends pulumi.ComponentResource {
  public readonly waypoints: readonly k8s.apiextensions.CustomResource[];

  constructor(name: string, args: WaypointsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:ambient:Waypoints", name, {}, opts);
    this.waypoints = args.namespaces.map(({ namespace, label, revision }) =>
      gatewayApiResource(
        `${name}-${namespace}`,
        renderWaypoint(namespace, revision?.target),
        inCluster(args.cluster, {
          parent: this,
          dependsOn: [...args.istio.ready, ...args.crds, label, ...(revision ? [revision.injector] : [])],
        }),
      ),
    );
    this.registerOutputs({ namespaces: args.namespaces.map((n) => n.namespace) });
  }
}
