/**
 * Validates a declared Kubernetes object against the upstream schemas bundled in kubernetes-models
 * and @kubernetes-models/istio. Those ship Gateway and VirtualService as networking.istio.io/v1beta1
 * and PeerAuthentication as security.istio.io/v1beta1 only; Istio 1.30's CRDs serve v1 and v1beta1
 * with identical schemas, so a v1 object is checked with the v1beta1 model after relabelling its
 * apiVersion.
 */
import { Gateway } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";

type Validator = (object: Record<string, any>) => void;

const validators: Record<string, Validator> = {
  "apps/v1/Deployment": (o) => new Deployment(o as any).validate(),
  "v1/Service": (o) => new Service(o as any).validate(),
  "v1/Secret": (o) => new Secret(o as any).validate(),
  "v1/Namespace": (o) => new Namespace(o as any).validate(),
  "networking.istio.io/v1/Gateway": (o) =>
    new Gateway({ ...o, apiVersion: "networking.istio.io/v1beta1" } as any).validate(),
  "networking.istio.io/v1/VirtualService": (o) =>
    new VirtualService({ ...o, apiVersion: "networking.istio.io/v1beta1" } as any).validate(),
  "security.istio.io/v1/PeerAuthentication": (o) =>
    new PeerAuthentication({ ...o, apiVersion: "security.istio.io/v1beta1" } as any).validate(),
};

/** Throws the model's validation error, or a clear error for a kind no model covers here. */
export function validateKubernetesObject(object: Record<string, any>): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const validator = validators[key];
  if (!validator) throw new Error(`no schema model for ${key}`);
  validator(object);
}

/** A Pulumi Kubernetes resource type (`kubernetes:apps/v1:Deployment`, a CustomResource, a Patch) is in scope. */
export function isKubernetesType(type: string): boolean {
  return (
    type.startsWith("kubernetes:") &&
    !type.startsWith("kubernetes:index:") &&
    type !== "pulumi:providers:kubernetes"
  );
}
