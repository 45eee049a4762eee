/**
 * Where a Helm release takes its chart from: a local directory of unpacked charts, used where it is,
 * or a repository (a URL, or a mirror of one), whose archive of the pinned version the chart cache
 * keeps. Either way the release gets a path and no `repositoryOpts`, so the provider reads the chart
 * from disk and needs no network: with a repository it would fetch the index and the archive at every
 * preview and up (https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/provider/helm_release.go#L1622-L1659),
 * while a path is taken as it is (same file, L1588-L1592, L1535) and loaded as a directory or an archive
 * (https://github.com/helm/helm/blob/v3.20.2/pkg/chart/loader/load.go#L38-L47).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ChartCache, type ChartCacheOptions, type ChartOrigin } from "./chart-cache";

export interface ChartSource {
  /** The chart's directory or archive on disk. */
  readonly chart: pulumi.Input<string>;
}

/** A release's chart source, by chart name and version. */
export type ChartSources = (chart: string, version: string) => ChartSource;

export const METALLB_CHART_ORIGIN: ChartOrigin = {
  key: "metallbChartRepo",
  versionKey: "metallbChartVersion",
  localLayout: "the unpacked chart at <dir>/metallb",
};

export const ISTIO_CHART_ORIGIN: ChartOrigin = {
  key: "istioChartRepo",
  versionKey: "istioVersion",
  localLayout: "each chart unpacked at <dir>/<chart> (base, istiod, gateway; cni and ztunnel for ambient)",
};

/** True for the local-directory form of a `*ChartRepo` config value (an absolute path). */
export function isLocalChartRepo(repo: string): boolean {
  return repo.startsWith("/");
}

/** `<dir>/<chart>` for a local directory (never copied); else the kept archive of the chart at that version. */
export function chartSources(
  repo: string,
  origin: ChartOrigin,
  options: ChartCacheOptions = {},
): ChartSources {
  if (isLocalChartRepo(repo)) return (chart) => ({ chart: path.posix.join(repo, chart) });
  const cache = new ChartCache(origin, options);
  return (chart, version) => ({
    chart: pulumi.output(cache.chart(repo, chart, version)).apply((c) => c.path),
  });
}
