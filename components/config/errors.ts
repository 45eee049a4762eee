/**
 * Turns schema issues into messages a user can act on: the full key, the bad value, what was
 * expected, and the command that fixes it.
 */
import type { z } from "zod";

export const CONFIG_NAMESPACE = "istio-sandbox";

/** Keys whose values are never echoed back, since they hold credentials. */
const SECRET_KEYS = /kubeconfig/i;

export interface ConfigProblem {
  /** Dotted path under the namespace, e.g. `cluster.servers` or `apps[0].name`. */
  readonly key: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was changed:\n` +
        problems.map((p) => `  - ${CONFIG_NAMESPACE}:${p.key}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) =>
      typeof segment === "number" ? `[${segment}]` : `${i === 0 ? "" : "."}${String(segment)}`,
    )
    .join("");
}

function describeValue(key: string, value: unknown): string {
  if (SECRET_KEYS.test(key)) return "[secret]";
  if (value === undefined) return "(not set)";
  const text = JSON.stringify(value) ?? "(unprintable)";
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

export function nearest(word: string, candidates: readonly string[]): string | undefined {
  // A key cut short (`mtls` for `mtlsMode`) is far by edit distance but plainly meant.
  const extensions = candidates.filter(
    (c) => word.length >= 3 && c.toLowerCase().startsWith(word.toLowerCase()),
  );
  if (extensions.length > 0) return extensions.reduce((a, b) => (b.length < a.length ? b : a));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** How `pulumi config set/rm` names a key: plain at the top level, `--path` below it. */
function keyArgument(path: readonly PropertyKey[]): string {
  const key = formatPath(path);
  return path.length > 1 ? `--path '${key}'` : key;
}

/**
 * Maps one zod issue to problems. `knownKeys` answers which keys an object at a path accepts, for
 * unknown-key suggestions.
 */
export function toProblems(
  issue: z.core.$ZodIssue,
  raw: unknown,
  knownKeys: (path: readonly PropertyKey[]) => readonly string[],
): ConfigProblem[] {
  if (issue.code === "unrecognized_keys") {
    const candidates = knownKeys(issue.path);
    return issue.keys.map((unknownKey) => {
      const key = formatPath([...issue.path, unknownKey]);
      const suggestion = nearest(unknownKey, candidates);
      const hint = suggestion
        ? `did you mean "${suggestion}"? Rename it: pulumi config rm ${keyArgument([...issue.path, unknownKey])} && pulumi config set ${keyArgument([...issue.path, suggestion])} <value>`
        : `valid keys here are ${candidates.map((c) => `"${c}"`).join(", ")}. Remove it: pulumi config rm ${keyArgument([...issue.path, unknownKey])}`;
      return { key, message: `unknown key; ${hint}` };
    });
  }
  const key = formatPath(issue.path);
  const value = valueAt(raw, issue.path);
  return [
    {
      key: key || "(root)",
      message: `${issue.message}; got ${describeValue(key, value)}. Fix: pulumi config set ${keyArgument(issue.path)} <value>`,
    },
  ];
}
