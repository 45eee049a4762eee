// What the Node probe scripts that Command resources run have in common: settings from the
// environment, and a Kubernetes client for the cluster's own kubeconfig (never ~/.kube/config).
import process from "node:process";
import { KubeConfig } from "@kubernetes/client-node";

/** The value of a required environment variable; exits with status 2 naming it when it is absent. */
export function setting(probe, name) {
  const value = process.env[name];
  if (value === undefined || value === "") {
    process.stderr.write(`${probe}: ${name} is not set\n`);
    process.exit(2);
  }
  return value;
}

/** The kubeconfig passed in SANDBOX_KUBECONFIG, switched to SANDBOX_KUBE_CONTEXT when one is set. */
export function clusterKubeconfig(probe) {
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromString(setting(probe, "SANDBOX_KUBECONFIG"));
  if (process.env.SANDBOX_KUBE_CONTEXT) kubeconfig.setCurrentContext(process.env.SANDBOX_KUBE_CONTEXT);
  return kubeconfig;
}

/** One line for a failed API call: the Kubernetes Status message when there is one. */
export function describe(error) {
  const body = typeof error?.body === "string" ? error.body : "";
  try {
    const status = JSON.parse(body);
    if (status && typeof status.message === "string") return `HTTP ${error.code}: ${status.message}`;
  } catch {
    // not a Kubernetes Status; fall through
  }
  return error?.code ? `HTTP ${error.code}: ${body || error.message}` : String(error?.message ?? error);
}
