/** Deep merge for the free-form maps (meshConfig, Helm values) that config passes through to Istio. */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A new object: `override`'s keys win, maps merge key by key, and lists and scalars are replaced
 * whole, the way Helm merges values files. Neither argument is modified (config is frozen).
 */
export function deepMerge(base: Readonly<PlainObject>, override: Readonly<PlainObject>): PlainObject {
  const result: PlainObject = {};
  for (const [key, value] of Object.entries(base)) result[key] = clone(value);
  for (const [key, value] of Object.entries(override)) {
    const existing = result[key];
    result[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : clone(value);
  }
  return result;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) return deepMerge({}, value);
  return value;
}
