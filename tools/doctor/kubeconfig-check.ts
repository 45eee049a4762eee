/**
 * Existing-mode preflight: the configured kubeconfig (a path or the file's contents) must be readable
 * and name a usable context; cluster-check.ts then asks the cluster itself.
 */
import { parse as parseYaml } from "yaml";
import { expandHome, looksLikeContent } from "../../components/cluster/kubeconfig-source";
import type { ExistingSettings } from "../../components/config/types";
import type { CheckResult } from "./types";

export interface KubeconfigDeps {
  /** Reads a file; rejects with a NodeJS.ErrnoException (ENOENT, EACCES, ...). */
  readonly readFile: (path: string) => Promise<string>;
  readonly homeDir: string;
}

const FIX_PATH = "pulumi config set kubeconfig ~/.kube/config";
const FIX_CONTENT = 'pulumi config set --secret kubeconfig "$(cat ~/.kube/config)"';

interface Named {
  readonly name?: unknown;
  readonly context?: { readonly cluster?: unknown };
  readonly cluster?: { readonly server?: unknown };
}

function names(list: unknown): Named[] {
  return Array.isArray(list) ? list.filter((e): e is Named => e !== null && typeof e === "object") : [];
}

/** Validates kubeconfig text; `source` names it in messages (a path, or "the kubeconfig config value"). */
export function inspectKubeconfig(text: string, source: string, context: string | undefined): CheckResult {
  const check = "kubeconfig";
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    return {
      check,
      status: "fail",
      detail: `${source} is not valid YAML (${(error as Error).message.split("\n")[0]}).\nFix: ${FIX_PATH}`,
    };
  }
  const config = (doc ?? {}) as Record<string, unknown>;
  const clusters = names(config.clusters);
  if (typeof doc !== "object" || clusters.length === 0) {
    return {
      check,
      status: "fail",
      detail: `${source} lists no clusters, so it is not a kubeconfig.\nFix: ${FIX_PATH}`,
    };
  }
  const contexts = names(config.contexts);
  const available = contexts.map((c) => String(c.name)).join(", ") || "none";
  const wanted =
    context ?? (typeof config["current-context"] === "string" ? config["current-context"] : undefined);
  if (wanted === undefined || wanted === "") {
    return {
      check,
      status: "fail",
      detail: `${source} has no current-context.\nFix: pulumi config set kubeContext <one of: ${available}>`,
    };
  }
  const chosen = contexts.find((c) => c.name === wanted);
  if (!chosen) {
    return {
      check,
      status: "fail",
      detail: `context "${wanted}" is not in ${source} (available: ${available}).\nFix: pulumi config set kubeContext <one of those>`,
    };
  }
  const cluster = clusters.find((c) => c.name === chosen.context?.cluster);
  if (!cluster) {
    return {
      check,
      status: "fail",
      detail: `context "${wanted}" points at cluster "${String(chosen.context?.cluster)}", which ${source} does not define.\nFix: repair the kubeconfig or choose another context: pulumi config set kubeContext <name>`,
    };
  }
  const server = typeof cluster.cluster?.server === "string" ? cluster.cluster.server : "(no server)";
  return { check, status: "ok", detail: `context "${wanted}" → ${server}` };
}

export async function checkKubeconfig(
  existing: ExistingSettings,
  deps: KubeconfigDeps,
): Promise<CheckResult> {
  if (looksLikeContent(existing.kubeconfig)) {
    return inspectKubeconfig(existing.kubeconfig, "the kubeconfig config value", existing.context);
  }
  const path = expandHome(existing.kubeconfig.trim(), deps.homeDir);
  try {
    return inspectKubeconfig(await deps.readFile(path), path, existing.context);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "EACCES"
          ? `is not readable by this user (fix its permissions: chmod 600 ${path})`
          : `cannot be read (${(error as Error).message})`;
    return {
      check: "kubeconfig",
      status: "fail",
      detail: `kubeconfig file ${path} ${why}.\nFix: ${FIX_PATH} (a path), or ${FIX_CONTENT}`,
    };
  }
}
