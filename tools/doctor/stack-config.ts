/**
 * Reads `Pulumi.<stack>.yaml` without the Pulumi engine: doctor runs before `pulumi up`, possibly on
 * a machine where the Pulumi CLI is the very thing missing.
 */
import { parse as parseYaml } from "yaml";
import { CONFIG_NAMESPACE } from "../../components/config/errors";

/** Stand-in for an encrypted value; the real one needs the stack's secrets provider to decrypt. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfigFile {
  /** `istio-sandbox:*` values with the prefix stripped; encrypted leaves replaced by SECRET_PLACEHOLDER. */
  readonly raw: Record<string, unknown>;
  /** Top-level keys (without prefix) whose value is, or contains, an encrypted value. */
  readonly secretKeys: readonly string[];
}

function isSecure(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as Record<string, unknown>).secure === "string"
  );
}

/** Replaces `{ secure: ... }` leaves (how `pulumi config set --secret` stores values) with a placeholder. */
function maskSecrets(value: unknown, found: { secret: boolean }): unknown {
  if (isSecure(value)) {
    found.secret = true;
    return SECRET_PLACEHOLDER;
  }
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, found));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, found)]));
  }
  return value;
}

/**
 * Extracts this project's config from the stack file's text. Values keep their YAML types, as
 * parseConfig expects. Throws with the file name on invalid YAML or a non-map `config:`.
 */
export function readStackConfigText(text: string, fileName: string): StackConfigFile {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new Error(`${fileName} is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (doc === null || doc === undefined) return { raw: {}, secretKeys: [] };
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new Error(`${fileName} must be a YAML map with a config: key`);
  const config = (doc as Record<string, unknown>).config;
  if (config === undefined || config === null) return { raw: {}, secretKeys: [] };
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new Error(`${fileName}: config: must be a map of "${CONFIG_NAMESPACE}:<key>: <value>" entries`);
  }
  const prefix = `${CONFIG_NAMESPACE}:`;
  const raw: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [fullKey, value] of Object.entries(config)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    const found = { secret: false };
    raw[key] = maskSecrets(value, found);
    if (found.secret) secretKeys.push(key);
  }
  return { raw, secretKeys };
}

export function stackFileName(stack: string): string {
  return `Pulumi.${stack}.yaml`;
}
