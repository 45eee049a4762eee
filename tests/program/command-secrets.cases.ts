/**
 * Every local Command the whole program registers, in every mode: none may stream a secret to the
 * console. @pulumi/command streams a Command's stdout unless `logging` is `stderr` or `none`;
 * `additionalSecretOutputs` hides the output in state, not that stream.
 * https://www.pulumi.com/registry/packages/command/api-docs/local/command/#logging
 */
import type { CapturedResource } from "../harness/mock-program";
import { FAKE_KUBECONFIG, runSandbox } from "./run-sandbox";
import { LAB_KUBECONFIG } from "../fixtures/kubeconfigs";

const STACKS: Record<string, Record<string, unknown>> = {
  "k3d (dev)": {},
  "k3d, Helm installer, MUTUAL": { istioInstaller: "helm", tlsMode: "MUTUAL" },
  existing: { mode: "existing", kubeconfig: LAB_KUBECONFIG },
  "existing, the stack's CA as the mesh's": {
    mode: "existing",
    kubeconfig: LAB_KUBECONFIG,
    meshCa: "sandbox",
  },
  "existing with MetalLB": {
    mode: "existing",
    kubeconfig: LAB_KUBECONFIG,
    loadBalancer: "metallb",
    metallbAddresses: "10.0.0.0/30",
  },
};

const QUIET = ["stderr", "none"];
/** What a script prints on stdout that is a credential: the admin kubeconfig, or a key. */
const PRINTS_SECRET =
  /k3d kubeconfig get|PRIVATE KEY|printf '%s' "\$\w*KUBECONFIG"\s*($|\n|;)|cat "\$work\/kubeconfig"\s*($|\n)/;

function scripts(command: CapturedResource): string {
  return ["create", "update", "delete"].map((k) => String(command.inputs[k] ?? "")).join("\n");
}

/** True when the Command's stdout carries a secret: it is declared secret, or its script prints one. */
function printsSecret(command: CapturedResource): boolean {
  return command.additionalSecretOutputs.includes("stdout") || PRINTS_SECRET.test(scripts(command));
}

describe.each(Object.entries(STACKS))("Commands of the %s stack", (_, config) => {
  const commands = async () => (await runSandbox(config)).stack.ofType("command:local:Command");

  test("the program registers Commands to check (the walk is not vacuous)", async () => {
    expect((await commands()).length).toBeGreaterThan(0);
  });

  test("a Command whose stdout carries a secret streams no stdout, and keeps it secret in state", async () => {
    const offenders = (await commands())
      .filter(printsSecret)
      .filter((c) => !QUIET.includes(c.inputs.logging) || !c.additionalSecretOutputs.includes("stdout"))
      .map((c) => `${c.name} (logging: ${String(c.inputs.logging)})`);
    expect(offenders).toEqual([]);
  });

  test("kubeconfigs and keys reach scripts only as secret environment values", async () => {
    const secrets = [FAKE_KUBECONFIG, LAB_KUBECONFIG, "lab-admin-token", "BEGIN PRIVATE KEY"];
    for (const command of await commands()) {
      const visible = JSON.stringify({
        create: command.inputs.create,
        update: command.inputs.update,
        delete: command.inputs.delete,
        stdin: command.inputs.stdin,
        triggers: command.inputs.triggers,
        interpreter: command.inputs.interpreter,
      });
      for (const secret of secrets) expect(visible).not.toContain(secret.trim().slice(0, 40));
      for (const [name, value] of Object.entries(
        (command.inputs.environment ?? {}) as Record<string, string>,
      )) {
        if (/kubeconfig|token|PRIVATE KEY/i.test(value)) {
          expect({
            command: command.name,
            name,
            secret: command.secretPaths.some((p) => `environment.${name}`.startsWith(p)),
          }).toEqual({
            command: command.name,
            name,
            secret: true,
          });
        }
      }
    }
  });
});

describe("the secret-stdout detector itself", () => {
  const command = (inputs: Record<string, unknown>, additionalSecretOutputs: string[] = []) =>
    ({ name: "c", inputs, additionalSecretOutputs }) as unknown as CapturedResource;

  test("flags a script that prints the kubeconfig, or a declared secret stdout", () => {
    expect(printsSecret(command({ create: 'k3d kubeconfig get "$K3D_CLUSTER"\n' }))).toBe(true);
    expect(printsSecret(command({ create: "echo hi" }, ["stdout"]))).toBe(true);
  });

  test("leaves alone a script that only writes the kubeconfig to a private file", () => {
    expect(
      printsSecret(command({ create: `printf '%s' "$ISTIO_SANDBOX_KUBECONFIG" > "$work/kubeconfig"\n` })),
    ).toBe(false);
  });
});
