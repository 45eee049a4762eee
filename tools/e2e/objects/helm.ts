/**
 * How e2e:objects renders the Helm releases the program declares: `helm template` of the chart on disk
 * (the check points the program's chart repositories at the toolchain's sources) with the release's own
 * values, for the simulated cluster's Kubernetes version.
 */
import * as path from "node:path";
import type { HelmRelease } from "./declared";

/** The `helm template` arguments for a release whose values are in `valuesFile`. */
export function helmTemplateArgs(release: HelmRelease, valuesFile: string, kubeVersion: string): string[] {
  if (!path.isAbsolute(release.chart))
    throw new Error(
      `release ${release.release} (resource ${release.resource}) takes chart "${release.chart}" from a repository; ` +
        "e2e:objects renders charts on disk only (it sets istioChartRepo and metallbChartRepo to the toolchain's)",
    );
  return [
    "template",
    release.release,
    release.chart,
    "--namespace",
    release.namespace,
    "--values",
    valuesFile,
    "--kube-version",
    kubeVersion,
  ];
}

/** Helm's own directories, inside the check's work directory, so that ~/.config/helm is never read. */
export function helmEnvironment(workDir: string): Record<string, string> {
  return {
    HELM_CONFIG_HOME: path.join(workDir, "helm", "config"),
    HELM_CACHE_HOME: path.join(workDir, "helm", "cache"),
    HELM_DATA_HOME: path.join(workDir, "helm", "data"),
  };
}
