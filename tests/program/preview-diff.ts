/**
 * What a preview would show between two runs of the program: resources created, deleted, or updated
 * (with the input paths that changed), keyed by URN as the engine keys them. The engine also asks a
 * provider for replacements; these tests keep to the steps inputs alone decide.
 */
import type { CapturedResource, MockStack } from "../harness/mock-program";

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.set(path, JSON.stringify(value));
    for (const [key, inner] of entries) leaves(inner, path ? `${path}.${key}` : key, out);
    return;
  }
  out.set(path, JSON.stringify(value));
}

/** The leaf paths whose values differ, cut to `depth` segments. */
export function changedPaths(before: unknown, after: unknown, depth = 8): string[] {
  const [a, b] = [new Map<string, string>(), new Map<string, string>()];
  leaves(before, "", a);
  leaves(after, "", b);
  const paths = new Set<string>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) paths.add(key.split(".").slice(0, depth).join("."));
  }
  return [...paths].sort();
}

const custom = (stack: MockStack) =>
  new Map(stack.resources.filter((r) => r.custom).map((r): [string, CapturedResource] => [r.urn, r]));

/** `+ name`, `- name`, `~ name: path, path`, sorted; only custom resources (components have no inputs). */
export function previewDiff(before: MockStack, after: MockStack, depth?: number): string[] {
  const [old, next] = [custom(before), custom(after)];
  const steps: string[] = [];
  for (const [urn, resource] of next) {
    const previous = old.get(urn);
    if (previous === undefined) steps.push(`+ ${resource.name}`);
    else {
      const paths = changedPaths(previous.inputs, resource.inputs, depth);
      if (paths.length > 0) steps.push(`~ ${resource.name}: ${paths.join(", ")}`);
    }
  }
  for (const [urn, resource] of old) if (!next.has(urn)) steps.push(`- ${resource.name}`);
  return steps.sort();
}
