/**
 * Where a manifest source points: a URL is passed through, a local directory becomes a glob of its
 * yaml files, a local file stays a file. pulumi-kubernetes' yaml/v2 ConfigGroup reads each form
 * (https://www.pulumi.com/registry/packages/kubernetes/api-docs/yaml/v2/configgroup/).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type ManifestFiles = readonly string[];

/**
 * The `files` for a ConfigGroup. A missing local path is an error that names the config key, since
 * the provider's own error would point at a glob that matched nothing.
 */
export function manifestFiles(
  source: string,
  key: string,
  stat: (p: string) => fs.Stats | undefined = (p) => fs.statSync(p, { throwIfNoEntry: false }),
): ManifestFiles {
  if (/^https?:\/\//.test(source)) return [source];
  const info = stat(source);
  if (info === undefined) {
    throw new Error(
      `${key} is "${source}", which does not exist. Fix: point it at a yaml file or a directory of yaml files (pulumi config set ${key} /path), or remove it to download the default`,
    );
  }
  if (info.isDirectory()) return [path.join(source, "*.yaml")];
  return [source];
}
