import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { IstioKind, IstioObject } from "./istio";

/** Declares an Istio object whose spec has been checked against its typed interface. */
export function istioResource<K extends IstioKind>(
  name: string,
  object: IstioObject<K>,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    name,
    { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata, spec: object.spec },
    opts,
  );
}
