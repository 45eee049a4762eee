/**
 * Where the Gateway API CRDs come from. A URL goes through the source cache, so the provider reads a
 * verified local copy and never downloads at preview (pulumi-kubernetes' yaml/v2 fetches a URL in
 * `files` whenever it runs:
 * https://github.com/pulumi/pulumi-kubernetes/blob/v4.32.0/provider/pkg/provider/yaml/v2/yaml.go#L60-L72).
 * A local directory becomes a glob of its yaml files, which the provider expands and sorts
 * (same file, L79-L84), and a local file stays a file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedSource, isRemote, type SourceCacheOptions, type SourceOrigin } from "../sources";

export type ManifestFiles = readonly string[];

/** The CRD manifest as the provider reads it (`files`), and its text, for the existing-cluster check. */
export interface CrdManifest {
  readonly files: ManifestFiles;
  /** Each file's text, in the order the provider reads them. */
  read(): Promise<readonly string[]>;
}

export function gatewayApiOrigin(version: string): SourceOrigin {
  return {
    key: "gatewayApiCrds",
    versionKey: "gatewayApiVersion",
    version,
    instead: `a local copy of the release's standard-install.yaml, a directory of CRD yaml, or a mirror URL (pulumi config set gatewayApiCrds /path/to/standard-install.yaml)`,
  };
}

/**
 * The `files` for a local source. A missing path is an error that names the config key, since the
 * provider's own error would point at a glob that matched nothing.
 */
export function manifestFiles(
  source: string,
  key: string,
  stat: (p: string) => fs.Stats | undefined = (p) => fs.statSync(p, { throwIfNoEntry: false }),
): ManifestFiles {
  const info = stat(source);
  if (info === undefined) {
    throw new Error(
      `istio-sandbox:${key}: "${source}" does not exist. Fix: point it at a yaml file or a directory of yaml files (pulumi config set ${key} /path), or remove it to download the default`,
    );
  }
  if (info.isDirectory()) return [path.join(source, "*.yaml")];
  return [source];
}

/** The yaml files of a local source, sorted as Go's sort.Strings sorts the provider's glob. */
async function localTexts(files: ManifestFiles): Promise<string[]> {
  const paths: string[] = [];
  for (const file of files) {
    if (path.basename(file) !== "*.yaml") {
      paths.push(file);
      continue;
    }
    const dir = path.dirname(file);
    const names = (await fs.promises.readdir(dir)).filter((n) => n.endsWith(".yaml"));
    paths.push(...names.sort(byBytes).map((n) => path.join(dir, n)));
  }
  return Promise.all(paths.map((p) => fs.promises.readFile(p, "utf8")));
}

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The CRDs' manifest: a verified cached copy of a URL, or the local file or directory. */
export async function crdManifest(
  source: string,
  version: string,
  options: SourceCacheOptions & { readonly stat?: Parameters<typeof manifestFiles>[2] } = {},
): Promise<CrdManifest> {
  if (isRemote(source)) {
    const copy = await cachedSource(source, gatewayApiOrigin(version), options);
    return { files: [copy.path], read: () => Promise.resolve([copy.text]) };
  }
  const files = manifestFiles(source, "gatewayApiCrds", options.stat);
  return { files, read: () => localTexts(files) };
}
