/**
 * A rule is data plus a pure check. lib/wiring.ts turns rules into @pulumi/policy policies; tests
 * call the checks directly.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { StackResource, StackView, Violation } from "./stack";

export interface RuleInfo {
  /** Policy name, unique in the pack; also the key of its configuration. */
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: "mandatory" | "advisory";
  /** The `istioctl analyze` message this rule mirrors, when there is one. */
  readonly analyzerCodes: readonly string[];
  readonly configSchema?: PolicyConfigSchema;
}

/** Checks one resource at a time, on its inputs, before it is created. */
export interface ResourceRule<C> extends RuleInfo {
  readonly kind: "resource";
  /** Reads this rule's configuration, applying defaults; throws on a bad value. */
  readConfig(raw: Readonly<Record<string, unknown>>): C;
  /** Returns true for the resources the rule applies to. */
  appliesTo(resource: StackResource): boolean;
  /** Returns one message per problem. */
  check(resource: StackResource, config: C): string[];
}

/** Checks the whole stack at once, with links between resources. */
export interface StackRule<C> extends RuleInfo {
  readonly kind: "stack";
  readConfig(raw: Readonly<Record<string, unknown>>): C;
  check(stack: StackView, config: C): Violation[];
}

// Method signatures (rather than function properties) let a rule with its own config type stand in
// the list below; the wiring always feeds `check` what `readConfig` returned.
export type Rule = ResourceRule<unknown> | StackRule<unknown>;

/** For rules without configuration. */
export function noConfig(): Record<string, never> {
  return {};
}

/** Reads an enumerated config value, with a default; the error names the key and the fix. */
export function readEnum<T extends string>(
  raw: Readonly<Record<string, unknown>>,
  rule: string,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(
    `policy config ${rule}.${key} is ${JSON.stringify(value)}. Fix: use one of ${allowed.map((a) => `"${a}"`).join(", ")}.`,
  );
}

export function readInteger(
  raw: Readonly<Record<string, unknown>>,
  rule: string,
  key: string,
  minimum: number,
  fallback: number,
): number {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= minimum) return value;
  throw new Error(
    `policy config ${rule}.${key} is ${JSON.stringify(value)}. Fix: use a whole number of at least ${minimum}.`,
  );
}

export function readName(
  raw: Readonly<Record<string, unknown>>,
  rule: string,
  key: string,
  fallback: string,
): string {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value === "string" && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) return value;
  throw new Error(
    `policy config ${rule}.${key} is ${JSON.stringify(value)}. Fix: use a Kubernetes namespace name such as "istio-system".`,
  );
}
