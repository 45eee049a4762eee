/**
 * The outputs of this stack's last update, read while the program runs (at preview too), through the
 * engine's built-in `pulumi:pulumi:readStackOutputs` function: the read behind stack references
 * (https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/resource/deploy/builtins.go#L337-L338), called
 * as a function so that nothing lands in the state and `pulumi refresh` has nothing to re-read.
 */
import * as pulumi from "@pulumi/pulumi";
import { unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";

export const READ_STACK_OUTPUTS = "pulumi:pulumi:readStackOutputs";

/** What the DIY (file) backend reports as every stack's organization (pkg/backend/diy/state.go#L102). */
export const DIY_ORGANIZATION = "organization";

/**
 * The names this stack answers to, in the order to try them. The DIY backend's legacy layout (state
 * made before `.pulumi/meta.yaml` version 1, chosen in
 * https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/backend/diy/backend.go#L333-L343) parses a bare
 * stack name only (pkg/backend/diy/store.go#L360-L366), and its project layout takes a bare name as a
 * stack of the current project (store.go#L175-L183). Pulumi Cloud takes only
 * `<organization>/<project>/<stack>` (pkg/backend/httpstate/backend.go#L2886-L2893).
 */
export function selfStackNames(organization: string, project: string, stack: string): string[] {
  const qualified = `${organization}/${project}/${stack}`;
  return organization === DIY_ORGANIZATION ? [stack, qualified] : [qualified];
}

export type StackOutputValues = Readonly<Record<string, unknown>>;

/** Calls the engine's function; replaced in tests of the error path. */
export type InvokeFn = (token: string, args: { name: string }) => Promise<unknown>;

const engineInvoke: InvokeFn = (token, args) => pulumi.runtime.invoke(token, args);

function outputsOf(result: unknown): StackOutputValues {
  const outputs = (result as { outputs?: unknown } | undefined)?.outputs;
  if (outputs === null || typeof outputs !== "object") return {};
  // Secret outputs arrive wrapped; the guards read plain ones, but unwrap all alike.
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, unwrapRpcSecret(v)]));
}

/**
 * This stack's outputs as its last update recorded them (empty before the first update). Throws a
 * RunError naming each name tried when the backend answers none of them.
 */
export async function lastUpdateOutputs(invoke: InvokeFn = engineInvoke): Promise<StackOutputValues> {
  const names = selfStackNames(pulumi.getOrganization(), pulumi.getProject(), pulumi.getStack());
  const failures: string[] = [];
  for (const name of names) {
    try {
      return outputsOf(await invoke(READ_STACK_OUTPUTS, { name }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`  - "${name}": ${reason || "no reason given"}`);
    }
  }
  throw new pulumi.RunError(
    [
      "Cannot read this stack's last update, which the live-stack checks compare the config with. Nothing was changed.",
      ...failures,
      `Fix: check that the backend answers for this stack (pulumi stack output --stack ${pulumi.getStack()}).`,
    ].join("\n"),
  );
}
