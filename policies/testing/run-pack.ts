/**
 * Runs every policy of the pack over a list of registered resources the way the Pulumi engine does, at
 * preview or at up, and returns the violations. For tests: nothing here talks to an engine. What each
 * policy receives is built by engine-view.ts, which cites the engine lines it imitates.
 *
 * Input: one `CapturedResource` per registration, in registration order:
 *   {
 *     type: "kubernetes:networking.istio.io/v1:Gateway",  // Pulumi type token
 *     name: "https-gateway",                               // Pulumi resource name
 *     urn?: "urn:pulumi:dev::istio-sandbox::...",          // defaults to urnFor(type, name)
 *     props: { apiVersion, kind, metadata, spec, ... },    // registered inputs, plain data
 *     custom?: true,                                       // false for components; default: by type
 *     outputs?: { ... },                                   // the provider's answer at up (default: props)
 *     provider?: "urn:...:pulumi:providers:kubernetes::p::id",  // explicit provider reference
 *     dependencies?: [urn, ...],                           // URNs it depends on (dependsOn + inputs)
 *     parent?: urn,                                        // URN of its parent (e.g. a component)
 *   }
 * Secret values are given in plain text (the engine unwraps them for policies too). A value not
 * known at preview is given as `PREVIEW_UNKNOWN`, which the engine's proxy also refuses to read.
 *
 * Each run starts with a fresh pack state, as each engine operation starts the pack's process anew.
 * Resource policies run on every resource first, then stack policies, as the engine calls Analyze
 * while it plans each step and AnalyzeStack once all steps are done:
 * https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/resource/deploy/deployment_executor.go#L405-L408
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
import { resetRecordedInputs } from "../lib/recorded-inputs";
import { isUnknownValueError, unknownCheckingProxy } from "../lib/preview-proxy";
import { POLICIES } from "../pack";
import { analyzeProps, analyzeStackProps, type Phase, type RegisteredResource } from "./engine-view";

export { type Phase, PREVIEW_UNKNOWN } from "./engine-view";

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly custom?: boolean;
  readonly outputs?: Readonly<Record<string, unknown>>;
  readonly provider?: string;
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
  /** `preview` (default) or `up`: what the engine hands the policies differs (see engine-view.ts). */
  readonly phase?: Phase;
  /** Per-policy configuration, as in a `--policy-pack-config` file. */
  readonly config?: PolicyPackConfig;
  /** Policies to run; the whole pack by default. */
  readonly policies?: readonly (ResourceValidationPolicy | StackValidationPolicy)[];
  /** Whether resource policies run (they check inputs one by one). Default true. */
  readonly resourcePolicies?: boolean;
  /** Whether stack policies run (they check the whole stack). Default true. */
  readonly stackPolicies?: boolean;
}

export function urnFor(type: string, name: string, stack = "test", project = "istio-sandbox"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Components, the stack and providers have no provider of their own; everything else is custom. */
function isCustomType(type: string): boolean {
  return !/^(istio-sandbox:|pulumi:pulumi:Stack$|pulumi:providers:)/.test(type);
}

function registered(resource: CapturedResource): RegisteredResource {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn ?? urnFor(resource.type, resource.name),
    custom: resource.custom ?? isCustomType(resource.type),
    inputs: resource.props,
    outputs: resource.outputs,
    provider: resource.provider,
  };
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

/** Props behind the SDK's proxy, which throws only when an unknown value is read. */
function policyView(
  props: Record<string, unknown>,
  parent: string | undefined,
): Pick<PolicyResource, "props" | "opts"> {
  return {
    // A copy made in this realm: objects that structuredClone makes in another (as under jest) fail the
    // rules' plain-object check, which the engine's own deserialized props always pass.
    props: unknownCheckingProxy(JSON.parse(JSON.stringify(props)) as Record<string, unknown>),
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      parent,
    },
  };
}

interface Run {
  readonly phase: Phase;
  readonly config: PolicyPackConfig;
  readonly resources: readonly CapturedResource[];
  readonly byUrn: ReadonlyMap<string, RegisteredResource>;
  readonly violations: PackViolation[];
}

type Active<P> = readonly { readonly policy: P; readonly level: EnforcementLevel }[];

/** Analyze: each resource in turn, every resource policy of the pack on it. */
async function runResourcePolicies(run: Run, active: Active<ResourceValidationPolicy>) {
  const stackTags: ReadonlyMap<string, string> = new Map();
  for (const captured of run.resources) {
    const resource = registered(captured);
    const view = policyView(analyzeProps(resource, run.phase, run.byUrn), captured.parent);
    for (const { policy, level } of active) {
      const args: ResourceValidationArgs = {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        ...view,
        stackTags,
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => configOf(policy, run.config) as T,
        notApplicable,
      };
      const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : policy.validateResource === undefined
          ? []
          : [policy.validateResource];
      for (const validate of validations) {
        try {
          await validate(args, (message) =>
            run.violations.push({
              policyName: policy.name,
              enforcementLevel: level,
              message,
              urn: resource.urn,
            }),
          );
        } catch (err) {
          if (!isUnknownValueError(err)) throw err;
          run.violations.push(unknownReport(policy, err));
        }
      }
    }
  }
}

async function runStackPolicy(run: Run, policy: StackValidationPolicy, level: EnforcementLevel) {
  const byUrn = new Map<string, PolicyResource>();
  const policyResources = run.resources.map((captured): PolicyResource => {
    const resource = registered(captured);
    const r: PolicyResource = {
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      ...policyView(analyzeStackProps(resource, run.phase, run.byUrn), captured.parent),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byUrn.set(r.urn, r);
    return r;
  });
  // Links resolve to resource objects, and unknown URNs are dropped, as the SDK does.
  run.resources.forEach((resource, i) => {
    const r = policyResources[i];
    r.dependencies = (resource.dependencies ?? []).flatMap((urn) => byUrn.get(urn) ?? []);
    r.parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
  });
  const args: StackValidationArgs = {
    resources: policyResources,
    stackTags: new Map(),
    getConfig: <T extends object>() => configOf(policy, run.config) as T,
    notApplicable,
  };
  try {
    await policy.validateStack(args, (message, urn) =>
      run.violations.push({ policyName: policy.name, enforcementLevel: level, message, urn }),
    );
  } catch (err) {
    // The SDK abandons the whole stack policy at the first unknown read, and files no URN.
    if (!isUnknownValueError(err)) throw err;
    run.violations.push(unknownReport(policy, err));
  }
}

export async function runPack(
  resources: readonly CapturedResource[],
  options: RunPackOptions = {},
): Promise<PackViolation[]> {
  resetRecordedInputs();
  const all = resources.map(registered);
  const run: Run = {
    phase: options.phase ?? "preview",
    config: options.config ?? {},
    resources,
    byUrn: new Map(all.map((r) => [r.urn, r])),
    violations: [],
  };
  const policies = options.policies ?? POLICIES;
  const active = policies
    .map((policy) => ({ policy, level: levelOf(policy, run.config) }))
    .filter(({ level }) => level !== "disabled");
  if (options.resourcePolicies !== false) {
    await runResourcePolicies(
      run,
      active.flatMap(({ policy, level }) =>
        "validateResource" in policy && policy.validateResource !== undefined ? [{ policy, level }] : [],
      ),
    );
  }
  if (options.stackPolicies !== false) {
    for (const { policy, level } of active) {
      if ("validateStack" in policy) await runStackPolicy(run, policy, level);
    }
  }
  return run.violations;
}
