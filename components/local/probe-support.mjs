// What the Node probe scripts that Command resources run have in common: settings from the
// environment, a Kubernetes client for the cluster's own kubeconfig (never ~/.kube/config), and an
// entry point. Each probe exports `run(env, out)` returning its exit code, so that tests can run many
// cases in one Node process; `node <probe>.mjs` runs it once against process.env.
import process from "node:process";
import { pathToFileURL } from "node:url";
import { KubeConfig } from "@kubernetes/client-node";

/** A setting that is missing: the probe reports it and exits with status 2. */
export class MissingSetting extends Error {}

/** The value of a required environment variable; throws MissingSetting naming it when it is absent. */
export function setting(probe, env, name) {
  const value = env[name];
  if (value === undefined || value === "") throw new MissingSetting(`${probe}: ${name} is not set`);
  return value;
}

/** The kubeconfig passed in SANDBOX_KUBECONFIG, switched to SANDBOX_KUBE_CONTEXT when one is set. */
export function clusterKubeconfig(probe, env) {
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromString(setting(probe, env, "SANDBOX_KUBECONFIG"));
  if (env.SANDBOX_KUBE_CONTEXT) kubeconfig.setCurrentContext(env.SANDBOX_KUBE_CONTEXT);
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

/**
 * Runs `run` when `moduleUrl` is the script Node was started with, and exits with its code (at once:
 * the client's keep-alive sockets would otherwise hold the process open).
 */
export async function runAsScript(moduleUrl, run) {
  if (!process.argv[1] || pathToFileURL(process.argv[1]).href !== moduleUrl) return;
  const out = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };
  let code;
  try {
    code = await run(process.env, out);
  } catch (error) {
    if (!(error instanceof MissingSetting)) throw error;
    out.stderr(`${error.message}\n`);
    code = 2;
  }
  process.exit(code);
}
