/** The pack's view of a stack declared under mocks: what the engine registered, and what providers answered. */
import type { CapturedResource } from "../../policies/testing/run-pack";
import type { MockStack } from "../harness/mock-program";

export function packInput(stack: MockStack): CapturedResource[] {
  return stack.resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    custom: r.custom,
    props: r.inputs,
    outputs: stack.outputs.get(r.urn),
    provider: r.provider,
    dependencies: [...stack.dependenciesOf(r)],
    parent: r.parent,
  }));
}
