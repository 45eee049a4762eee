/**
 * Backends as the program's live-stack guards meet them under mocks: each serves this stack's last
 * update to the engine's `readStackOutputs` function (and, as the engine did for the stack reference
 * resource the guards once used, to a `pulumi:pulumi:StackReference` read), after parsing the name the
 * way that backend does. Upstream (pulumi/pulumi v3.248.0):
 * - DIY legacy layout: a bare stack name only (pkg/backend/diy/store.go#L360-L366);
 * - DIY project layout: `stack`, `organization/stack` or `organization/project/stack`, the
 *   organization always `organization` (store.go#L137-L197);
 * - Pulumi Cloud: exactly `<organization>/<project>/<stack>` (pkg/backend/httpstate/backend.go#L2886-L2893).
 */
import { READ_STACK_OUTPUTS } from "../../components/stack-guards/last-update";
import type { NewResourceInfo, RunOptions } from "../harness/mock-program";
import { sandboxState } from "./run-sandbox";

const PROJECT = "istio-sandbox";
const STACK = "dev";
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export type Layout = "diy-legacy" | "diy-project" | "cloud";

/** The stack a name refers to on this backend, or an error worded as the backend words it. */
export function parseStackName(layout: Layout, name: string, organization = "acme"): string {
  const parts = name.split("/");
  const stackName = (s: string) => {
    if (!STACK_NAME.test(s))
      throw new Error("a stack name may only contain alphanumeric, hyphens, underscores, or periods");
    return s;
  };
  switch (layout) {
    case "diy-legacy":
      return stackName(name);
    case "diy-project": {
      if (parts.length > 3) throw new Error(`could not parse stack reference '${name}'`);
      const [org, project, stack] =
        parts.length === 3
          ? parts
          : parts.length === 2
            ? [parts[0], PROJECT, parts[1]]
            : ["organization", PROJECT, name];
      if (org !== "organization") throw new Error("organization name must be 'organization'");
      return `${org}/${project}/${stackName(stack)}`;
    }
    case "cloud":
      if (parts.length !== 3)
        throw new Error("a stack reference's name should be of the form '<organization>/<project>/<stack>'.");
      if (parts[0] !== organization || parts[1] !== PROJECT) return name;
      return `${organization}/${PROJECT}/${stackName(parts[2])}`;
  }
}

/**
 * An error as the engine returns a failed function call: a gRPC status whose details the SDK turns
 * into the message (pkg/resource/deploy/source_eval.go's Invoke wraps the provider's error).
 */
export function engineError(reason: string): Error {
  return Object.assign(new Error(reason), {
    details: `invocation of ${READ_STACK_OUTPUTS} returned an error: ${reason}`,
  });
}

/** The one stack these backends hold, by the name each resolves it to. */
function isThisStack(layout: Layout, resolved: string, organization: string): boolean {
  return layout === "diy-legacy" ? resolved === STACK : resolved === `${organization}/${PROJECT}/${STACK}`;
}

/**
 * Mock options for a run of the dev stack on `layout`, whose last update recorded `outputs`. `names`
 * collects every name the program asked for.
 */
export function lastUpdateOn(
  layout: Layout,
  outputs: Record<string, unknown>,
  names: string[] = [],
): Omit<RunOptions, "config"> {
  const organization = layout === "cloud" ? "acme" : "organization";
  const read = (name: string) => {
    names.push(name);
    let resolved: string;
    try {
      resolved = parseStackName(layout, name, organization);
    } catch (error) {
      throw engineError((error as Error).message);
    }
    if (!isThisStack(layout, resolved, organization)) throw engineError(`unknown stack "${name}"`);
    return { name, outputs };
  };
  return {
    organization,
    call: (token, inputs) => (token === READ_STACK_OUTPUTS ? read(String(inputs.name)) : undefined),
    state: (resource: NewResourceInfo) =>
      resource.type === "pulumi:pulumi:StackReference"
        ? read(String(resource.inputs.name))
        : sandboxState(resource),
  };
}
