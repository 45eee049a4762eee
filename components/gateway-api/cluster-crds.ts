/**
 * Existing mode: asks the cluster, while the program runs (at preview as at up), which Gateway API
 * CRDs it already has. The question runs in a child process (crd-probe.mjs, over the project's
 * @kubernetes/client-node) that is killed when it takes too long, so a cluster that does not answer
 * stops the program with a message instead of holding it.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { SOURCE_FETCH } from "../config/defaults";
import type { LiveCrds } from "./crd-plan";

export const CRD_PROBE_SCRIPT = path.join(__dirname, "crd-probe.mjs");

export interface CrdQuery {
  /** The kubeconfig's contents. */
  readonly kubeconfig: string;
  readonly context?: string;
  readonly names: readonly string[];
}

/** How the program learns what the cluster has; tests under mocks pass the answer. */
export type CrdLookup = (query: CrdQuery) => Promise<LiveCrds>;

const FIX =
  "Fix: check that the cluster answers and the kubeconfig's user may read CustomResourceDefinitions (npm run doctor), then run again";

export function probeClusterCrds(timeoutMs: number = SOURCE_FETCH.crdQuerySeconds * 1000): CrdLookup {
  return (query) =>
    new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [CRD_PROBE_SCRIPT],
        {
          // The rest of the environment stays: a kubeconfig's exec credential plugin may need PATH and HOME.
          env: {
            ...process.env,
            SANDBOX_KUBECONFIG: query.kubeconfig,
            ...(query.context === undefined ? {} : { SANDBOX_KUBE_CONTEXT: query.context }),
            CRD_NAMES: query.names.join(","),
          },
          timeout: timeoutMs,
          maxBuffer: 1024 * 1024,
        },
        (error, stdout, stderr) => {
          if (error && error.killed) {
            reject(
              new Error(
                `istio-sandbox:kubeconfig: the cluster did not say within ${Math.round(timeoutMs / 1000)} s which Gateway API CRDs it has. ${FIX}`,
              ),
            );
          } else if (error) {
            const said = stderr.trim() || error.message;
            reject(
              new Error(
                `istio-sandbox:kubeconfig: could not ask the cluster for its Gateway API CRDs: ${said}. ${FIX}`,
              ),
            );
          } else {
            resolve(JSON.parse(stdout) as LiveCrds);
          }
        },
      );
    });
}
