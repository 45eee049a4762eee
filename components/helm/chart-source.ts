/**
 * Where a Helm release takes its chart from: a repository (a URL, or a mirror of one), or a local
 * directory of unpacked charts for air-gapped machines. helm.v3.Release treats a `chart` that is a
 * path as a chart on disk and then needs no repository
 * (https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/#chart).
 */
import * as path from "node:path";

export interface ChartSource {
  /** The chart's name in the repository, or its directory on disk. */
  readonly chart: string;
  /** Present for a repository only. */
  readonly repositoryOpts?: { readonly repo: string };
}

/** True for the local-directory form of a `*ChartRepo` config value (an absolute path). */
export function isLocalChartRepo(repo: string): boolean {
  return repo.startsWith("/");
}

/** `<dir>/<chart>` for a local directory, else the chart name in the repository at `repo`. */
export function chartSource(repo: string, chart: string): ChartSource {
  return isLocalChartRepo(repo)
    ? { chart: path.posix.join(repo, chart) }
    : { chart, repositoryOpts: { repo } };
}
