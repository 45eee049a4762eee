/** Turns rules into @pulumi/policy policies. The only module of the pack's logic that knows the SDK. */
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { recordedInputs, recordInputs } from "./recorded-inputs";
import type { ResourceRule, Rule, StackRule } from "./rule";
import { StackView, type StackResource } from "./stack";
import { toPlain } from "./values";

function plainProps(props: Record<string, unknown>): Readonly<Record<string, unknown>> {
  return (toPlain(props) ?? {}) as Readonly<Record<string, unknown>>;
}

/** A resource under validation, as the rules see it; it has no links at this stage. */
export function fromResourceArgs(args: ResourceValidationArgs): StackResource {
  return {
    type: args.type,
    name: args.name,
    urn: args.urn,
    props: plainProps(args.props),
    dependencies: [],
    parent: args.opts.parent,
  };
}

/** Registrations that carry no provider, and so always reach a stack policy with what they registered. */
function hasProvider(type: string): boolean {
  return !/^(istio-sandbox:|pulumi:pulumi:Stack$|pulumi:providers:)/.test(type);
}

/**
 * A stack resource from the engine; dependencies and parent become URNs. A resource whose outputs are
 * `{}` (its provider was not configured at preview) is judged on the inputs that the resource policies
 * saw, or marked unseen when there are none.
 */
export function fromPolicyResource(resource: PolicyResource): StackResource {
  const outputs = plainProps(resource.props);
  const unseen = hasProvider(resource.type) && Object.keys(outputs).length === 0;
  const inputs = unseen ? recordedInputs(resource.urn) : undefined;
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: inputs ?? outputs,
    dependencies: resource.dependencies.map((d) => d.urn),
    parent: resource.opts.parent ?? resource.parent?.urn,
    ...(unseen && inputs === undefined ? { unseen: true } : {}),
  };
}

/**
 * Not a rule: it keeps each resource's inputs for the stack policies (see recorded-inputs.ts), and
 * reports nothing.
 */
export const inputsForStackPolicies: ResourceValidationPolicy = {
  name: "inputs-for-stack-policies",
  description:
    "Keeps each resource's inputs so that the stack policies can judge, at preview, resources whose outputs the engine does not know yet. Reports nothing.",
  enforcementLevel: "advisory",
  validateResource: (args) => recordInputs(args.urn, plainProps(args.props)),
};

function describe(rule: Rule): string {
  const codes = rule.analyzerCodes.length > 0 ? ` (istioctl analyze: ${rule.analyzerCodes.join(", ")})` : "";
  return `${rule.description}${codes}`;
}

function resourcePolicy(rule: ResourceRule<unknown>): ResourceValidationPolicy {
  return {
    name: rule.name,
    description: describe(rule),
    enforcementLevel: rule.enforcementLevel,
    configSchema: rule.configSchema,
    validateResource: (args, reportViolation) => {
      const resource = fromResourceArgs(args);
      if (!rule.appliesTo(resource)) return;
      const config = rule.readConfig(args.getConfig<Record<string, unknown>>());
      for (const message of rule.check(resource, config)) reportViolation(message);
    },
  };
}

function stackPolicy(rule: StackRule<unknown>): StackValidationPolicy {
  return {
    name: rule.name,
    description: describe(rule),
    enforcementLevel: rule.enforcementLevel,
    configSchema: rule.configSchema,
    validateStack: (args: StackValidationArgs, reportViolation) => {
      const config = rule.readConfig(args.getConfig<Record<string, unknown>>());
      const stack = new StackView(args.resources.map(fromPolicyResource));
      // A rule that cannot see every resource could report what it merely failed to see.
      if (stack.resources.some((r) => r.unseen === true)) return;
      for (const violation of rule.check(stack, config)) reportViolation(violation.message, violation.urn);
    },
  };
}

export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  return rule.kind === "resource" ? resourcePolicy(rule) : stackPolicy(rule);
}
