/**
 * A Helm chart repository's index.yaml, read as Helm reads it: the chart's entries by name, the exact
 * version first (https://github.com/helm/helm/blob/v3.20.2/pkg/repo/index.go#L203-L210), its first URL
 * resolved against the repository URL (https://github.com/helm/helm/blob/v3.20.2/pkg/repo/chartrepo.go#L275-L308).
 */
import { parse } from "yaml";

export interface ChartVersionEntry {
  readonly version: string;
  readonly urls: readonly string[];
  /** The archive's SHA-256 as the repository lists it, if it does. */
  readonly digest?: string;
}

/** Each chart's published versions. */
export type RepositoryIndex = ReadonlyMap<string, readonly ChartVersionEntry[]>;

/** The index, or a reason it is none (a proxy's page, a broken file). */
export function parseRepositoryIndex(text: string): RepositoryIndex | string {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return `not YAML: ${(error as Error).message.split("\n")[0]}`;
  }
  const entries = (raw as { entries?: unknown } | null)?.entries;
  if (entries === null || typeof entries !== "object" || Array.isArray(entries)) return "no `entries` map";
  const index = new Map<string, ChartVersionEntry[]>();
  for (const [chart, versions] of Object.entries(entries as Record<string, unknown>)) {
    if (!Array.isArray(versions)) continue;
    index.set(
      chart,
      versions
        .filter((v): v is Record<string, unknown> => v !== null && typeof v === "object")
        .map((v) => ({
          // A bare YAML number (`version: 1.0`) parses as one; Helm reads it as text.
          version: typeof v.version === "string" || typeof v.version === "number" ? String(v.version) : "",
          urls: Array.isArray(v.urls) ? v.urls.map(String) : [],
          ...(typeof v.digest === "string" && v.digest !== "" ? { digest: v.digest.toLowerCase() } : {}),
        })),
    );
  }
  return index;
}

/** The entry published at exactly `version` (a leading `v` on either side aside). */
export function findChartVersion(
  versions: readonly ChartVersionEntry[],
  version: string,
): ChartVersionEntry | undefined {
  const bare = (v: string) => v.replace(/^v/, "");
  return (
    versions.find((v) => v.version === version) ?? versions.find((v) => bare(v.version) === bare(version))
  );
}

/** `ref` resolved against `base` as Helm does: the base taken as a directory, its query kept. */
export function resolveAgainstRepository(base: string, ref: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return ref;
  const baseUrl = new URL(base);
  baseUrl.pathname = `${baseUrl.pathname.replace(/\/$/, "")}/`;
  const query = baseUrl.search;
  const resolved = new URL(ref, baseUrl);
  resolved.search = query;
  return resolved.toString();
}
