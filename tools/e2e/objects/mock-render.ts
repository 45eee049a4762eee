/**
 * Evaluates the program (index.ts's exported function) for a stack under the SDK's mock monitor and
 * records every resource registration with its inputs, secrets unwrapped in memory only.
 * https://www.pulumi.com/docs/iac/guides/testing/unit/
 */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settingsModule from "@pulumi/pulumi/runtime/settings";
import { SUBNET_SCRIPT } from "../../../components/cluster/k3d-scripts";
import { CONFIG_NAMESPACE } from "../../../components/config";
import { READ_STACK_OUTPUTS } from "../../../components/stack-guards/last-update";
import { SIMULATED_SUBNET } from "../lane/sim-cluster";
import type { Registration } from "./declared";
import { TlsMaterial } from "./tls-material";

// Upstream marks this hook @internal, so it is missing from the type declarations.
const settings = settingsModule as unknown as { waitForRPCs(): Promise<void> };

/** Inputs with every secret replaced by its value (the mock monitor keeps them wrapped). */
export function unwrapSecrets(value: unknown): unknown {
  if (rpc.isRpcSecret(value)) return unwrapSecrets((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/**
 * A local Command's stdout as the simulated machine would print it: the stand-in `docker` reports
 * SIMULATED_SUBNET for the k3d network; every other Command prints nothing here.
 */
export function commandStdout(inputs: Readonly<Record<string, unknown>>): string {
  return inputs.create === SUBNET_SCRIPT ? `${SIMULATED_SUBNET}\n` : "";
}

/**
 * The program reads its add-on manifests while it runs; with add-ons on and no `addonsSource`, it
 * reads them from the Istio module beside the CRDs instead of downloading them (no network here).
 */
export function addonsSourceFor(
  config: { readonly addons: { readonly enabled: readonly string[] } },
  values: Readonly<Record<string, unknown>>,
  localAddons: () => string,
): { addonsSource?: string } {
  if (config.addons.enabled.length === 0 || values.addonsSource !== undefined) return {};
  return { addonsSource: localAddons() };
}

/** Stack config as the engine hands it to the program: namespaced keys, objects as JSON. */
export function programConfig(values: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      `${CONFIG_NAMESPACE}:${k}`,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
}

/** A resource's extra state under mocks: a Command's stdout and real TLS material. */
function mockState(
  type: string,
  inputs: Readonly<Record<string, unknown>>,
  tls: TlsMaterial,
): Record<string, unknown> {
  if (type === "command:local:Command") return { stdout: commandStdout(inputs), stderr: "" };
  return tls.state(type, inputs) ?? {};
}

/**
 * Runs `program` under mocks with `values` as its config; the tls provider's resources get real
 * keys and certificates made in `privateDir`, Commands an empty stdout.
 */
export async function renderUnderMocks(
  program: () => unknown,
  values: Readonly<Record<string, unknown>>,
  stack: string,
  privateDir: string,
): Promise<Registration[]> {
  const registrations: Registration[] = [];
  const tls = new TlsMaterial(privateDir);
  pulumi.runtime.setAllConfig(programConfig(values));
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
        registrations.push({ type: args.type, name: args.name, custom: args.custom !== false, inputs });
        const extra = mockState(args.type, inputs, tls);
        return Promise.resolve({
          id: args.custom === false ? undefined : `${args.name}-id`,
          state: { ...(args.inputs as Record<string, unknown>), ...extra },
        });
      },
      // The live-stack guards read the stack's own last update: here, a stack never updated.
      call: (args) =>
        args.token === READ_STACK_OUTPUTS
          ? { name: (args.inputs as { name?: unknown }).name, outputs: {} }
          : (args.inputs as Record<string, unknown>),
    },
    "istio-sandbox",
    stack,
    false,
    // What the local (DIY) backend reports; the program names its own stack with it.
    "organization",
  );
  await program();
  await settings.waitForRPCs();
  return registrations;
}
