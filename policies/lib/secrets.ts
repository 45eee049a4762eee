/** What a Kubernetes Secret declared in the stack holds, as far as preview can tell. */
import { GROUPS, type StackResource, type StackView } from "./stack";
import { asObject, isUnknown } from "./values";

export interface SecretContent {
  readonly resource: StackResource;
  /** False when the set of keys is not known at preview; then any key counts as present. */
  readonly keysKnown: boolean;
  readonly keys: ReadonlySet<string>;
  /** Known string values by key (`data` is base64, `stringData` plain; compared only within one form). */
  readonly values: ReadonlyMap<string, string>;
}

export function secretContent(resource: StackResource): SecretContent {
  const keys = new Set<string>();
  const values = new Map<string, string>();
  let keysKnown = true;
  for (const field of ["data", "stringData"]) {
    const raw = resource.props[field];
    if (isUnknown(raw)) {
      keysKnown = false;
      continue;
    }
    for (const [k, v] of Object.entries(asObject(raw) ?? {})) {
      keys.add(k);
      if (typeof v === "string") values.set(`${field}:${k}`, v);
    }
  }
  return { resource, keysKnown, keys, values };
}

export function hasKeys(content: SecretContent, ...wanted: readonly string[]): boolean {
  return !content.keysKnown || wanted.every((k) => content.keys.has(k));
}

export function findSecret(stack: StackView, namespace: string, name: string): StackResource | undefined {
  return stack.find(GROUPS.core, "Secret", namespace, name);
}

/** The value of the first of `keys` present, in the same encoding as recorded. */
export function valueOf(content: SecretContent, ...keys: readonly string[]): string | undefined {
  for (const field of ["data", "stringData"]) {
    for (const k of keys) {
      const v = content.values.get(`${field}:${k}`);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}
