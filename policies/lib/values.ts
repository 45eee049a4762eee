/**
 * Plain-data views of resource properties. At preview time some properties are not known yet;
 * @pulumi/policy hands them over behind a proxy that throws on access, which would abort a whole
 * stack policy. `toPlain` copies the properties and puts the `UNKNOWN` marker where a value is
 * unknown, so each check decides for itself what an unknown value means.
 */
import { isUnknownValueError } from "./preview-proxy";

/** Marks a property whose value is not known until the resource is created. */
export const UNKNOWN: unique symbol = Symbol.for("istio-sandbox.policies.unknown");
export type Unknown = typeof UNKNOWN;

/**
 * The sentinel strings that stand for unknown values in the engine's data. @pulumi/policy keeps
 * them internal (proxy.d.ts exports nothing), so they are copied from
 * https://github.com/pulumi/pulumi-policy/blob/master/sdk/nodejs/policy/proxy.ts
 */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

function readField(source: Record<string | number, unknown>, key: string | number): unknown {
  try {
    return source[key];
  } catch (err) {
    if (isUnknownValueError(err)) return UNKNOWN;
    throw err;
  }
}

/** Deep-copies (possibly proxied) resource properties, replacing unknown values with `UNKNOWN`. */
export function toPlain(value: unknown): unknown {
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string | number, unknown>;
  if (Array.isArray(value)) {
    const length = readField(source, "length");
    if (typeof length !== "number") return UNKNOWN;
    return Array.from({ length }, (_, i) => toPlain(readField(source, i)));
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = toPlain(readField(source, key));
  return out;
}

export type PlainObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): PlainObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as PlainObject)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Reads a nested property; `UNKNOWN` anywhere on the path yields `UNKNOWN`. */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (isUnknown(current)) return UNKNOWN;
    const obj = asObject(current);
    if (obj === undefined) return undefined;
    current = obj[key];
  }
  return current;
}

/** A string-to-string map such as labels or a selector; `undefined` when absent or not known. */
export function asStringMap(value: unknown): Readonly<Record<string, string>> | undefined {
  const obj = asObject(value);
  if (obj === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === "string") out[k] = v;
    else if (isUnknown(v)) return undefined;
  }
  return out;
}

export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? "{}" : `{${entries.map(([k, v]) => `${k}: ${v}`).join(", ")}}`;
}

/** True when every label of `selector` is present, with the same value, in `labels`. */
export function selects(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * True for a value not known at preview, whether it was marked while being copied or reached a check
 * as the engine's sentinel text itself (a copy made in another realm is not walked by `toPlain`).
 */
export function isUnseen(value: unknown): boolean {
  return isUnknown(value) || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}
