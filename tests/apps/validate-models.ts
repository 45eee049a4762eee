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
import { Telemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1alpha1/Telemetry";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { MutatingWebhookConfiguration } from "kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";

type Validator = (object: Record<string, any>) => void;

const validators: Record<string, Validator> = {
  "apps/v1/Deployment": (o) => new Deployment(o as any).validate(),
  "v1/Service": (o) => new Service(o as any).validate(),
  "v1/Secret": (o) => new Secret(o as any).validate(),
  "v1/Namespace": (o) => new Namespace(o as any).validate(),
  "v1/ConfigMap": (o) => new ConfigMap(o as any).validate(),
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": (o) =>
    new MutatingWebhookConfiguration(o as any).validate(),
  // The model ships Telemetry as v1alpha1 only; Istio 1.31 serves v1 with the same schema.
  "telemetry.istio.io/v1/Telemetry": (o) =>
    new Telemetry({ ...o, apiVersion: "telemetry.istio.io/v1alpha1" } as any).validate(),
  "networking.istio.io/v1/Gateway": (o) =>
    new Gateway({ ...o, apiVersion: "networking.istio.io/v1beta1" } as any).validate(),
  "networking.istio.io/v1/VirtualService": (o) =>
    new VirtualService({ ...o, apiVersion: "networking.istio.io/v1beta1" } as any).validate(),
  "security.istio.io/v1/PeerAuthentication": (o) =>
    new PeerAuthentication({ ...o, apiVersion: "security.istio.io/v1beta1" } as any).validate(),
};

const GATEWAY_API_MODELS = path.join(__dirname, "gateway-api-models.mjs");

function isGatewayApi(object: Record<string, any>): boolean {
  return typeof object.apiVersion === "string" && object.apiVersion.startsWith("gateway.networking.k8s.io/");
}

/**
 * Gateway API objects, checked by @kubernetes-models/gateway-api (generated from the Gateway API's
 * Go types; ESM only, so in a child Node process) in one batch. Returns one message or null each.
 */
export function gatewayApiProblems(objects: readonly Record<string, any>[]): (string | null)[] {
  if (objects.length === 0) return [];
  const run = spawnSync(process.execPath, [GATEWAY_API_MODELS], {
    input: JSON.stringify(objects),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`gateway-api-models.mjs failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as (string | null)[];
}

/** Throws the model's validation error, or a clear error for a kind no model covers here. */
export function validateKubernetesObject(object: Record<string, any>): void {
  validateKubernetesObjects([object]);
}

/** Validates each object; Gateway API objects in one child process. Throws on the first problem. */
export function validateKubernetesObjects(objects: readonly Record<string, any>[]): void {
  const gatewayApi = objects.filter(isGatewayApi);
  gatewayApiProblems(gatewayApi).forEach((problem, i) => {
    if (problem !== null) {
      throw new Error(`${gatewayApi[i].kind} ${gatewayApi[i].metadata?.name}: ${problem}`);
    }
  });
  for (const object of objects.filter((o) => !isGatewayApi(o))) {
    const key = `${object.apiVersion}/${object.kind}`;
    const validator = validators[key];
    if (!validator) throw new Error(`no schema model for ${key}`);
    validator(object);
  }
}

/** A Pulumi Kubernetes resource type (`kubernetes:apps/v1:Deployment`, a CustomResource, a Patch) is in scope. */
export function isKubernetesType(type: string): boolean {
  return (
    type.startsWith("kubernetes:") &&
    !type.startsWith("kubernetes:index:") &&
    type !== "pulumi:providers:kubernetes"
  );
}
