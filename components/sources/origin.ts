/** What a remote source is for: the config key that chooses it, for every message about it. */

export interface SourceOrigin {
  /** The key that names this source (`istio-sandbox:<key>`). */
  readonly key: "addonsSource" | "gatewayApiCrds";
  /** The key whose release the default URL follows, for a URL that answers 404. */
  readonly versionKey: "istioVersion" | "gatewayApiVersion";
  /**
   * The release the source belongs to. It is part of the cache key, since a mirror URL without the
   * release in it serves another release after a bump.
   */
  readonly version: string;
  /** What else the key may name, with the command, e.g. a local directory. */
  readonly instead: string;
}

/** `istio-sandbox:<key>` set to something local or a mirror: the way out of every download problem. */
export function setInstead(origin: SourceOrigin): string {
  return `set istio-sandbox:${origin.key} to ${origin.instead}`;
}
