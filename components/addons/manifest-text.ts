/**
 * Where each add-on manifest is read from. A URL goes through the source cache, so the provider is
 * handed a verified local copy and never downloads anything itself (pulumi-kubernetes' yaml/v2
 * fetches any file given as a URL whenever it runs, preview included:
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/provider/yaml/v2/yaml.go#L60-L72).
 * A local path is used as it is, once it is known to be readable. Every error names addonsSource.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedSource, isRemote, type SourceCacheOptions, type SourceOrigin } from "../sources";

/** Resolves a manifest's location (`<source>/<addon>.yaml`) to a local file the provider can read. */
export type ManifestLocator = (location: string) => Promise<string>;

export function addonsOrigin(istioVersion: string): SourceOrigin {
  return {
    key: "addonsSource",
    versionKey: "istioVersion",
    version: istioVersion,
    instead: `a local copy of Istio's samples/addons, or a mirror of it (pulumi config set addonsSource /path/to/istio-${istioVersion}/samples/addons)`,
  };
}

export function addonManifestLocator(
  istioVersion: string,
  options: SourceCacheOptions = {},
): ManifestLocator {
  const origin = addonsOrigin(istioVersion);
  return async (location) => {
    if (isRemote(location)) return (await cachedSource(location, origin, options)).path;
    try {
      await fs.promises.access(location, fs.constants.R_OK);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new Error(
        `istio-sandbox:addonsSource: could not read ${location} (${reason}). Fix: point addonsSource at a directory holding ${path.basename(location)} (Istio's samples/addons of release ${istioVersion})`,
      );
    }
    return location;
  };
}

/** A located manifest's text, for the one the program configures itself (Kiali's). */
export function readManifestText(file: string): Promise<string> {
  return fs.promises.readFile(file, "utf8");
}
