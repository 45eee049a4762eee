/**
 * Runs every policy of the pack over a list of captured resources, the way the Pulumi engine
 * does during a preview, and returns the violations. For tests: nothing here talks to an engine.
 *
 * Input: one `CapturedResource` per resource, in registration order:
 *   {
 *     type: "kubernetes:networking.istio.io/v1:Gateway",  // Pulumi type token
 *     name: "https-gateway",                               // Pulumi resource name
 *     urn?: "urn:pulumi:dev::istio-sandbox::...",          // defaults to urnFor(type, name)
 *     props: { apiVersion, kind, metadata, spec, ... },    // resource inputs, plain data
 *     dependencies?: [urn, ...],                           // URNs it depends on (dependsOn + inputs)
 *     parent?: urn,                                        // URN of its parent (e.g. a component)
 *   }
 * Secret values are given in plain text (the engine unwraps them for policies too). A value not
 * known at preview is given as `PREVIEW_UNKNOWN`, which the engine's proxy would also refuse to read.
 *
 * Output: `PackViolation[]` with the policy name, the effective enforcement level, the message
 * and the URN of the offending resource (absent for a stack-wide violation).
 */
import type {
  EnforcementLevel,
  Policy,
  PolicyPackConfig,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { isUnknownValueError, unknownCheckingProxy } from "../lib/preview-proxy";
import { POLICIES } from "../pack";

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly dependencies?: readonly string[];
  readonly parent?: string;
}

export interface PackViolation {
  readonly policyName: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly message: string;
  readonly urn?: string;
}

export interface RunPackOptions {
  /** Per-policy configuration, as in a `--policy-pack-config` file. */
  readonly config?: PolicyPackConfig;
  /** Policies to run; the whole pack by default. */
  readonly policies?: readonly (ResourceValidationPolicy | StackValidationPolicy)[];
  /** Whether resource policies run (they check inputs one by one). Default true. */
  readonly resourcePolicies?: boolean;
  /** Whether stack policies run (they check the whole stack). Default true. */
  readonly stackPolicies?: boolean;
}

/** The engine's sentinel for an unknown string; see lib/values.ts. */
export const PREVIEW_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function urnFor(type: string, name: string, stack = "test", project = "istio-sandbox"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

function urnOf(resource: CapturedResource): string {
  return resource.urn ?? urnFor(resource.type, resource.name);
}

function levelOf(policy: Policy, config: PolicyPackConfig): EnforcementLevel {
  const entry = config[policy.name];
  const configured = typeof entry === "string" ? entry : entry?.enforcementLevel;
  return configured ?? policy.enforcementLevel ?? "mandatory";
}

/** Config properties with the schema's defaults filled in, as the engine hands them to a policy. */
function configOf(policy: Policy, config: PolicyPackConfig): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) defaults[key] = schema.default;
  }
  const entry = config[policy.name];
  if (entry === undefined || typeof entry === "string") return defaults;
  const props: Record<string, unknown> = { ...defaults, ...entry };
  delete props["enforcementLevel"];
  return props;
}

function notApplicable(): never {
  throw new Error("notApplicable is not used by this pack");
}

function unknownReport(policy: Policy, err: Error): PackViolation {
  return {
    policyName: policy.name,
    enforcementLevel: "advisory",
    message: `can't run policy '${policy.name}' during preview: ${err.message}`,
  };
}

/** Props and options as the engine hands them to a policy: props guarded against unknown reads. */
function engineView(resource: CapturedResource): Pick<PolicyResource, "props" | "opts"> {
  return {
    props: unknownCheckingProxy(structuredClone(resource.props) as Record<string, unknown>),
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      parent: resource.parent,
    },
  };
}

export async function runPack(
  resources: readonly CapturedResource[],
  options: RunPackOptions = {},
): Promise<PackViolation[]> {
  const config = options.config ?? {};
  const policies = options.policies ?? POLICIES;
  const violations: PackViolation[] = [];
  const stackTags: ReadonlyMap<string, string> = new Map();

  for (const policy of policies) {
    const level = levelOf(policy, config);
    if (level === "disabled") continue;
    const report = (message: string, urn?: string) =>
      violations.push({ policyName: policy.name, enforcementLevel: level, message, urn });
    const getConfig = <T extends object>() => configOf(policy, config) as T;

    if (
      "validateResource" in policy &&
      policy.validateResource !== undefined &&
      options.resourcePolicies !== false
    ) {
      const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
      for (const resource of resources) {
        const urn = urnOf(resource);
        const args: ResourceValidationArgs = {
          type: resource.type,
          name: resource.name,
          urn,
          ...engineView(resource),
          stackTags,
          isType: () => false,
          asType: () => undefined,
          getConfig,
          notApplicable,
        };
        for (const validate of validations) {
          try {
            await validate(args, (message) => report(message, urn));
          } catch (err) {
            if (!isUnknownValueError(err)) throw err;
            violations.push(unknownReport(policy, err));
          }
        }
      }
    }

    if ("validateStack" in policy && options.stackPolicies !== false) {
      const byUrn = new Map<string, PolicyResource>();
      const policyResources = resources.map((resource): PolicyResource => {
        const r: PolicyResource = {
          type: resource.type,
          name: resource.name,
          urn: urnOf(resource),
          ...engineView(resource),
          dependencies: [],
          propertyDependencies: {},
          isType: () => false,
          asType: () => undefined,
        };
        byUrn.set(r.urn, r);
        return r;
      });
      // Links resolve to resource objects, and unknown URNs are dropped, as the engine does.
      resources.forEach((resource, i) => {
        const r = policyResources[i];
        r.dependencies = (resource.dependencies ?? []).flatMap((urn) => byUrn.get(urn) ?? []);
        r.parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
      });
      const args: StackValidationArgs = { resources: policyResources, stackTags, getConfig, notApplicable };
      try {
        await policy.validateStack(args, report);
      } catch (err) {
        if (!isUnknownValueError(err)) throw err;
        violations.push(unknownReport(policy, err));
      }
    }
  }
  return violations;
}
