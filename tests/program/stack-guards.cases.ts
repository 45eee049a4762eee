/**
 * The live-stack guards in the whole program: the stack's last update is read on every backend layout
 * (at preview too), and a config that the live stack cannot take stops the program before any resource
 * is declared, with the steps that work.
 */
import { READ_STACK_OUTPUTS } from "../../components/stack-guards";
import { resolve } from "../harness/mock-program";
import { runSandbox, startSandbox } from "./run-sandbox";
import { engineError, type Layout, lastUpdateOn } from "./stack-backends";

describe("live-stack guards: the stack's last update, on every backend", () => {
  test.each<[Layout, string[]]>([
    ["diy-legacy", ["dev"]],
    ["diy-project", ["dev"]],
    ["cloud", ["acme/istio-sandbox/dev"]],
  ])(
    "%s: the last update is read under the name that backend takes, and a switch stops",
    async (layout, asked) => {
      const names: string[] = [];
      const same = await runSandbox(
        { istioInstaller: "helm" },
        lastUpdateOn(layout, { istioInstaller: "helm" }, names),
      );
      await expect(resolve(same.outputs.istioInstaller)).resolves.toEqual({ value: "helm", secret: false });
      expect(names).toEqual(asked);

      const run = startSandbox(
        { istioInstaller: "helm" },
        lastUpdateOn(layout, { istioInstaller: "istioctl" }),
      );
      await expect(run.done).rejects.toThrow(
        "istio-sandbox:istioInstaller is helm, but this stack's Istio was installed with istioctl.",
      );
    },
  );

  test("a preview reads it too", async () => {
    const names: string[] = [];
    const run = startSandbox(
      { istioInstaller: "helm" },
      { ...lastUpdateOn("diy-legacy", { istioInstaller: "istioctl" }, names), preview: true },
    );
    await expect(run.done).rejects.toThrow("istio-sandbox:istioInstaller is helm");
    expect(names).toEqual(["dev"]);
  });

  test("a DIY backend that does not take the bare name is asked for the qualified one", async () => {
    const names: string[] = [];
    const { outputs } = await runSandbox(
      {},
      {
        call: (token, inputs) => {
          if (token !== READ_STACK_OUTPUTS) return undefined;
          names.push(String(inputs.name));
          if (inputs.name === "dev")
            throw new Error("pass the fully qualified name (organization/project/stack)");
          return { outputs: { ingressApi: "istio" } };
        },
      },
    );
    expect(names).toEqual(["dev", "organization/istio-sandbox/dev"]);
    await expect(resolve(outputs.ingressApi)).resolves.toEqual({ value: "istio", secret: false });
  });

  test("a backend that answers no name stops the program, naming each name tried and the fix", async () => {
    const run = startSandbox(
      {},
      {
        call: (token) => {
          if (token === READ_STACK_OUTPUTS) throw engineError("backend unreachable");
          return undefined;
        },
      },
    );
    await expect(run.done).rejects.toThrow(
      [
        "Cannot read this stack's last update, which the live-stack checks compare the config with. Nothing was changed.",
        '  - "dev": invocation of pulumi:pulumi:readStackOutputs returned an error: backend unreachable',
        '  - "organization/istio-sandbox/dev": invocation of pulumi:pulumi:readStackOutputs returned an error: backend unreachable',
        "Fix: check that the backend answers for this stack (pulumi stack output --stack dev).",
      ].join("\n"),
    );
    expect(run.stack.resources).toEqual([]);
  });

  test("the read leaves nothing in the state (no stack reference resource), so refresh has nothing to report", async () => {
    const { stack } = await runSandbox({}, lastUpdateOn("diy-project", { istioInstaller: "istioctl" }));
    expect(stack.reads).toEqual([]);
    expect(stack.resources.filter((r) => r.type.startsWith("pulumi:pulumi:"))).toEqual([]);
  });
});
