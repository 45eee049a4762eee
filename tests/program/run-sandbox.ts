/** Runs the whole program (index.ts) under mocks with a given stack config. */
import istioSandbox from "../../index";
import {
  type MockStack,
  type NewResourceInfo,
  type RunOptions,
  runUnderMocks,
  startUnderMocks,
} from "../harness/mock-program";

export const FAKE_KUBECONFIG =
  "apiVersion: v1\nkind: Config\ncurrent-context: k3d-istio-sandbox\nclusters: []\ncontexts: []\n";
export const FAKE_SUBNET = "172.18.0.0/16";
export const FAKE_GATEWAY_ADDRESS = "172.18.255.200";

/** What the cluster's commands would print on a real run. */
export function sandboxState({ type, name }: NewResourceInfo): Record<string, unknown> | undefined {
  if (type !== "command:local:Command") return undefined;
  if (name.endsWith("-k3d")) return { stdout: FAKE_KUBECONFIG };
  if (name.endsWith("-network")) return { stdout: `${FAKE_SUBNET}\n` };
  if (name.includes("address")) return { stdout: `${FAKE_GATEWAY_ADDRESS}\n` };
  return { stdout: "" };
}

export type SandboxOutputs = ReturnType<typeof istioSandbox>;

export async function runSandbox(
  config: Record<string, unknown>,
  options: Omit<RunOptions, "config"> = {},
): Promise<{ stack: MockStack; outputs: SandboxOutputs }> {
  const { stack, result } = await runUnderMocks(istioSandbox, { state: sandboxState, ...options, config });
  return { stack, outputs: result };
}

/** Starts the program and returns at once, for tests that hold a resource and watch what waits. */
export function startSandbox(config: Record<string, unknown>, options: Omit<RunOptions, "config"> = {}) {
  return startUnderMocks(istioSandbox, { state: sandboxState, ...options, config });
}
