/**
 * The stack file a run starts from, and the copy the lane hands to Pulumi: the same config, plus the
 * offline sources (contracts.md) and, for an existing-mode stack without one, the simulated cluster's
 * kubeconfig.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { CONFIG_NAMESPACE, parseConfig, type SandboxConfig } from "../../../components/config";
import { CONFIG_KEYS } from "../../../components/config/schema";
import type { ToolchainSources } from "../toolchain/locate";

export interface StackFile {
  readonly path: string;
  /** The whole document, `config:` and whatever else (e.g. `encryptionsalt`). */
  readonly document: Record<string, unknown>;
  /** This project's keys, without the `istio-sandbox:` prefix, as the program reads them. */
  readonly values: Record<string, unknown>;
  readonly config: SandboxConfig;
}

/** Stands in for the kubeconfig the lane passes when an existing-mode stack names none. */
const PENDING_KUBECONFIG = "/the-simulated-cluster-kubeconfig";

/** An existing-mode stack without a kubeconfig runs against a simulated cluster the lane makes first. */
export function needsSimulatedCluster(values: Readonly<Record<string, unknown>>): boolean {
  return values.mode === "existing" && values.kubeconfig === undefined;
}

/** `--stack-file FILE` as given (relative to the working directory), else `Pulumi.<stack>.yaml` at the root. */
export function stackFilePath(root: string, stack: string, stackFile?: string): string {
  return stackFile !== undefined ? path.resolve(stackFile) : path.join(root, `Pulumi.${stack}.yaml`);
}

/** Reads and validates a stack file with the program's own config code; throws naming the file. */
export function readStackFile(
  file: string,
  read: (p: string) => string = (p) => fs.readFileSync(p, "utf8"),
): StackFile {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    throw new Error(`cannot read the stack file ${file}: ${(error as Error).message}`);
  }
  const document = (parse(text) ?? {}) as Record<string, unknown>;
  const all = (document.config ?? {}) as Record<string, unknown>;
  const prefix = `${CONFIG_NAMESPACE}:`;
  const values = Object.fromEntries(
    Object.entries(all)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
  let config: SandboxConfig;
  try {
    config = parseConfig(
      needsSimulatedCluster(values) ? { ...values, kubeconfig: PENDING_KUBECONFIG } : values,
    );
  } catch (error) {
    throw new Error(`the stack file ${file} is not valid: ${(error as Error).message}`);
  }
  return { path: file, document, values, config };
}

/** Istio's source charts and the names its Helm repository publishes them under. */
export const ISTIO_CHART_DIRS: Readonly<Record<string, string>> = {
  base: "base",
  istiod: "istio-control/istio-discovery",
  gateway: "gateway",
  cni: "istio-cni",
  ztunnel: "ztunnel",
};

/**
 * Lays out the toolchain's chart sources as chart repositories in a directory (`<dir>/<chart>`, as
 * `helm pull --untar` leaves them), with symlinks: Istio's source tree does not use its published
 * chart names (contracts.md). Returns the repository directories.
 */
export function layOutChartRepos(
  sources: Pick<ToolchainSources, "istioCharts" | "metallbChart">,
  dir: string,
): { istio: string; metallb: string } {
  const istio = path.join(dir, "istio-charts");
  const metallb = path.join(dir, "metallb-charts");
  fs.mkdirSync(istio, { recursive: true });
  fs.mkdirSync(metallb, { recursive: true });
  for (const [chart, source] of Object.entries(ISTIO_CHART_DIRS)) {
    fs.symlinkSync(path.join(sources.istioCharts, source), path.join(istio, chart));
  }
  fs.symlinkSync(sources.metallbChart, path.join(metallb, "metallb"));
  return { istio, metallb };
}

/**
 * The offline-source keys (contracts.md) the stack uses, and the value each gets in the lane; the
 * config rejects a source key that nothing uses, so the Gateway API and add-on sources are set only
 * where the stack needs them.
 */
export function offlineSourceValues(
  sources: ToolchainSources,
  repos: { readonly istio: string; readonly metallb: string },
  config: Pick<SandboxConfig, "gatewayApi" | "addons">,
): Record<string, string> {
  return {
    istioChartRepo: repos.istio,
    metallbChartRepo: repos.metallb,
    ...(config.gatewayApi.install ? { gatewayApiCrds: sources.gatewayApiCrds } : {}),
    ...(config.addons.enabled.length > 0 ? { addonsSource: sources.istioAddons } : {}),
  };
}

/**
 * The stack document the lane runs: the user's, with `overrides` set. Keys the program's schema
 * does not know yet (a branch that adds them has not landed) are left out and returned, since the
 * schema rejects unknown keys.
 */
export function laneStackDocument(
  stack: StackFile,
  overrides: Readonly<Record<string, unknown>>,
  knownKeys: readonly string[] = CONFIG_KEYS,
): { yaml: string; unknownKeys: string[] } {
  const config = { ...((stack.document.config ?? {}) as Record<string, unknown>) };
  const unknownKeys: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (knownKeys.includes(key)) config[`${CONFIG_NAMESPACE}:${key}`] = value;
    else unknownKeys.push(key);
  }
  return { yaml: stringify({ ...stack.document, config }), unknownKeys };
}
