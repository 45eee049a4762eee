import { z } from "zod";
import { CONFIG_NAMESPACE, ConfigError, type ConfigProblem } from "./errors";
import { configSchema } from "./schema";

/** The innermost schema under defaults, optionals and preprocessing. */
export function unwrapSchema(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType; type: string };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

/** Keys whose values are maps or lists; every other key is a scalar and keeps its text as is. */
const STRUCTURED_KEYS: ReadonlySet<string> = new Set(
  Object.entries(configSchema.shape)
    .filter(([, schema]) => {
      const inner = unwrapSchema(schema);
      return inner instanceof z.ZodObject || inner instanceof z.ZodRecord || inner instanceof z.ZodArray;
    })
    .map(([key]) => key),
);

/**
 * Picks this project's keys out of the engine's config map. Structured values reach the program as
 * JSON text (https://www.pulumi.com/docs/iac/concepts/config/#structured-configuration), scalars as
 * plain text: only structured keys are parsed, so a kubeconfig given as JSON stays the string it is.
 * Text that is not valid JSON is reported under its key, with every other problem found.
 */
export function readStackConfig(all: Readonly<Record<string, string>>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (!STRUCTURED_KEYS.has(key) || !/^\s*[[{]/.test(text)) {
      raw[key] = text;
      continue;
    }
    try {
      raw[key] = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({
        key,
        message: `is not valid JSON (${reason}). Fix: edit it in Pulumi.<stack>.yaml as a YAML map or list, or set it again with npm run config -- set --path '${key}.<field>' <value>`,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return raw;
}
