/**
 * The live-stack guards in the whole program: the stack's last update is read on every backend layout
 * (at preview too), and a config that the live stack cannot take (another ingress API, another
 * cluster) stops the program before any resource is declared, with the steps that work.
 */
import { READ_STACK_OUTPUTS } from "../../components/stack-guards";
import { resolve } from "../harness/mock-program";
import { runSandbox, startSandbox } from "./run-sandbox";
import { engineError, type Layout, lastUpdateOn } from "./stack-backends";
import { PROD_AND_LAB_KUBECONFIG } from "../fixtures/kubeconfigs";

const existing = (extra: Record<string, unknown> = {}) => ({
  mode: "existing",
  kubeconfig: PROD_AND_LAB_KUBECONFIG,
  ...extra,
});
const PROD = { context: "prod", server: "https://prod.example:6443" };
const LAB = { context: "lab", server: "https://lab.example:6443" };

/** Runs a stack expected to stop; returns the message, after checking that nothing was declared. */
async function stopped(config: Record<string, unknown>, outputs: Record<string, unknown>): Promise<string> {
  const run = startSandbox(config, lastUpdateOn("diy-project", outputs));
  const error = await run.done.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(run.stack.resources).toEqual([]);
  return (error as Error).message;
}

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

describe("switching ingressApi on a live stack", () => {
  test("istio → gateway-api in k3d mode stops with both Services' nodePorts and the steps", async () => {
    expect(await stopped({ ingressApi: "gateway-api" }, { ingressApi: "istio" })).toBe(
      [
        "istio-sandbox:ingressApi is gateway-api, but this stack's ingress gateway was made for istio.",
        "The istio-ingressgateway Service (ingressApi istio) and the ingress-istio Service (ingressApi gateway-api) " +
          "both take the nodePorts 30080 and 30443, and the new gateway would be made before the old one is removed, " +
          "so the switch cannot finish. Nothing was changed.",
        "To switch ingress APIs:",
        "  1. npm run config -- set ingressApi istio",
        "  2. npm run destroy        (deletes the k3d cluster, its storage volume included)",
        "  3. npm run config -- set ingressApi gateway-api",
        "  4. npm run up",
        "To keep the current ingress instead: npm run config -- set ingressApi istio",
      ].join("\n"),
    );
  });

  test("gateway-api → istio in existing mode names the configured nodePorts; destroy removes only the stack's own", async () => {
    const message = await stopped(existing({ httpNodePort: 31080, httpsNodePort: 31443 }), {
      ingressApi: "gateway-api",
      clusterTarget: PROD,
    });
    expect(message).toContain(
      "istio-sandbox:ingressApi is istio, but this stack's ingress gateway was made for gateway-api.",
    );
    expect(message).toContain("both take the nodePorts 31080 and 31443");
    expect(message).toContain("  2. npm run destroy        (removes only what this stack installed)");
    expect(message).toContain("  3. npm run config -- set ingressApi istio");
  });

  test("the same ingressApi, and a stack that never recorded one, pass; ingressApi is exported", async () => {
    const same = await runSandbox(
      { ingressApi: "gateway-api" },
      lastUpdateOn("diy-project", { ingressApi: "gateway-api" }),
    );
    await expect(resolve(same.outputs.ingressApi)).resolves.toEqual({ value: "gateway-api", secret: false });
    const before = await runSandbox(
      { ingressApi: "gateway-api" },
      lastUpdateOn("diy-project", { istioInstaller: "istioctl" }),
    );
    await expect(resolve(before.outputs.ingressApi)).resolves.toEqual({
      value: "gateway-api",
      secret: false,
    });
  });

  test("an installer switch and an ingressApi switch at once: both, in one stop", async () => {
    const message = await stopped(
      { istioInstaller: "helm", ingressApi: "gateway-api" },
      { istioInstaller: "istioctl", ingressApi: "istio" },
    );
    expect(message).toMatch(
      /^istio-sandbox:istioInstaller is helm, [^]*\n\nistio-sandbox:ingressApi is gateway-api, [^]*$/,
    );
  });
});

describe("existing mode: the stack stays on the cluster of its last update", () => {
  test("the context and API server are recorded as the clusterTarget output, plain, without credentials", async () => {
    const { outputs } = await runSandbox(existing(), lastUpdateOn("diy-project", {}));
    await expect(resolve(outputs.clusterTarget)).resolves.toEqual({ value: PROD, secret: false });
    const k3d = await runSandbox({}, lastUpdateOn("diy-project", {}));
    expect(k3d.outputs.clusterTarget).toBeUndefined();
  });

  test("kubeContext unset and the current-context moved: stops, naming both, the key, the rule and the fixes", async () => {
    expect(await stopped(existing(), { clusterTarget: LAB })).toBe(
      [
        'istio-sandbox:kubeContext is not set, so this run follows the kubeconfig\'s current-context, now "prod" (https://prod.example:6443); this stack\'s last update ran in context "lab" (https://lab.example:6443). Nothing was changed.',
        "A stack stays on the cluster of its last update; only istio-sandbox:kubeContext naming another context moves it.",
        'To stay on "lab": npm run config -- set kubeContext lab',
        'To move the sandbox to "prod":',
        "  1. npm run config -- set kubeContext lab",
        '  2. npm run destroy        (removes what this stack installed in "lab")',
        "  3. npm run config -- set kubeContext prod",
        "  4. npm run up",
      ].join("\n"),
    );
  });

  test("the same context now pointing at another server stops, set or not", async () => {
    const moved = { context: "prod", server: "https://old-prod.example:6443" };
    for (const config of [existing(), existing({ kubeContext: "prod" })]) {
      const message = await stopped(config, { clusterTarget: moved });
      expect(message).toContain(
        "The kubeconfig's context \"prod\" now points at https://prod.example:6443, but this stack's last update ran against https://old-prod.example:6443 through it. Nothing was changed.",
      );
      expect(message).toContain(
        "  1. npm run destroy        (removes what this stack installed, from the cluster at https://old-prod.example:6443)",
      );
    }
  });

  test("kubeContext naming another context than the last update's is a deliberate move, and passes", async () => {
    const { outputs } = await runSandbox(
      existing({ kubeContext: "lab" }),
      lastUpdateOn("diy-project", { clusterTarget: PROD }),
    );
    await expect(resolve(outputs.clusterTarget)).resolves.toEqual({ value: LAB, secret: false });
  });

  test("the same context and server pass, whether kubeContext names it or not", async () => {
    for (const config of [existing(), existing({ kubeContext: "prod" })]) {
      const { outputs } = await runSandbox(config, lastUpdateOn("diy-project", { clusterTarget: PROD }));
      await expect(resolve(outputs.clusterTarget)).resolves.toEqual({ value: PROD, secret: false });
    }
  });
});
