/** Turns rules into @pulumi/policy policies. The only module of the pack's logic that knows the SDK. */
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
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

/** A stack resource from the engine; dependencies and parent become URNs. */
export function fromPolicyResource(resource: PolicyResource): StackResource {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: plainProps(resource.props),
    dependencies: resource.dependencies.map((d) => d.urn),
    parent: resource.opts.parent ?? resource.parent?.urn,
  };
}

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
      for (const violation of rule.check(stack, config)) reportViolation(violation.message, violation.urn);
    },
  };
}

export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  return rule.kind === "resource" ? resourcePolicy(rule) : stackPolicy(rule);
}
