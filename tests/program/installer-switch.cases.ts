/**
 * Switching istioInstaller on a live stack stops at preview with the steps, before anything changes;
 * the installer of the last update comes from a reference to the stack itself.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  checkedInstaller,
  installerSwitchProblem,
  stopOnSwitch,
} from "../../components/istio/installer-switch";
import { type NewResourceInfo, runUnderMocks } from "../harness/mock-program";
import { runSandbox, sandboxState } from "./run-sandbox";

const SELF_REFERENCE = "pulumi:pulumi:StackReference";

/** The stack as the last update left it: its outputs, read through the self reference. */
const lastUpdate =
  (outputs: Record<string, unknown>) =>
  (resource: NewResourceInfo): Record<string, unknown> | undefined =>
    resource.type === SELF_REFERENCE
      ? { name: "organization/istio-sandbox/dev", outputs }
      : sandboxState(resource);

/** Settles an Output the way the engine does when it records the stack outputs. */
function settle<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

describe("switching istioInstaller on a live stack", () => {
  test("istioctl → helm stops with the steps, naming both installers", async () => {
    const problems: string[] = [];
    const { result } = await runUnderMocks(
      () => checkedInstaller("helm", "k3d", (problem) => problems.push(problem)),
      { state: lastUpdate({ istioInstaller: "istioctl" }) },
    );
    await settle(result);
    expect(problems).toEqual([
      expect.stringContaining(
        "istio-sandbox:istioInstaller is helm, but this stack's Istio was installed with istioctl.",
      ),
    ]);
  });

  test("by default a switch fails the program with that message (an unhandled exception fails preview)", () => {
    expect(() => stopOnSwitch("the steps")).toThrow("the steps");
  });

  test("the whole program checks its installer against the last update, and exports it", async () => {
    const { outputs } = await runSandbox(
      { istioInstaller: "helm" },
      { state: lastUpdate({ istioInstaller: "helm" }) },
    );
    await expect(settle(outputs.istioInstaller)).resolves.toBe("helm");
  });

  test("helm → istioctl in existing mode: the destroy step says it removes only what the stack installed", () => {
    const problem = installerSwitchProblem("helm", "istioctl", "existing");
    expect(problem).toContain(
      "The istioctl installer cannot take over what helm installed. Nothing was changed.",
    );
    expect(problem).toContain("1. npm run config -- set istioInstaller helm");
    expect(problem).toContain("2. npm run destroy        (removes only what this stack installed)");
    expect(problem).toContain("3. npm run config -- set istioInstaller istioctl");
    expect(problem).toContain("4. npm run up");
  });

  test("k3d mode: the destroy step warns that the cluster and its volume go", () => {
    expect(installerSwitchProblem("istioctl", "helm", "k3d")).toContain(
      "npm run destroy        (deletes the k3d cluster, its storage volume included)",
    );
  });

  test("the same installer, and a first update (no previous output), pass", async () => {
    expect(installerSwitchProblem("helm", "helm", "k3d")).toBeUndefined();
    expect(installerSwitchProblem(undefined, "helm", "k3d")).toBeUndefined();
    const same = await runSandbox(
      { istioInstaller: "helm" },
      { state: lastUpdate({ istioInstaller: "helm" }) },
    );
    await expect(settle(same.outputs.istioInstaller)).resolves.toBe("helm");
    const first = await runSandbox({}, { state: lastUpdate({}) });
    await expect(settle(first.outputs.istioInstaller)).resolves.toBe("istioctl");
  });
});
