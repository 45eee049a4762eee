import { CONFIG_NAMESPACE } from "./errors";

/**
 * Picks this project's keys out of the engine's config map. Structured values reach the program as
 * JSON text (https://www.pulumi.com/docs/iac/concepts/config/#structured-configuration), scalars as
 * plain text.
 */
export function readStackConfig(all: Readonly<Record<string, string>>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith(prefix)) continue;
    raw[fullKey.slice(prefix.length)] = /^\s*[[{]/.test(text) ? JSON.parse(text) : text;
  }
  return raw;
}
