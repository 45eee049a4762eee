/** Reads a manifest from an http(s) URL or a local file, with errors that name the config key. */
import * as fs from "node:fs";

export type ManifestReader = (location: string) => Promise<string>;

export const readManifestText: ManifestReader = async (location) => {
  if (/^https?:\/\//.test(location)) {
    let response: Response;
    try {
      response = await fetch(location);
    } catch (error) {
      throw new Error(
        `could not download ${location} (${(error as Error).message}). Fix: check the network, or point addonsSource at a local copy of Istio's samples/addons (pulumi config set addonsSource /path/to/samples/addons)`,
      );
    }
    if (!response.ok) {
      throw new Error(
        `${location} answered ${response.status}. Fix: check istioVersion (the add-ons come from that release's samples/addons), or set addonsSource`,
      );
    }
    return response.text();
  }
  try {
    return await fs.promises.readFile(location, "utf8");
  } catch (error) {
    throw new Error(
      `could not read ${location} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: point addonsSource at a directory holding ${location.split("/").pop()}`,
    );
  }
};
