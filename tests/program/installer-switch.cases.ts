/**
 * Switching istioInstaller on a live stack stops at preview with the steps, before anything changes;
 * the installer of the last update comes from the stack's own outputs (components/stack-guards).
 */
import { installerSwitchProblem } from "../../components/stack-guards";
import { resolve } from "../harness/mock-program";
import { runSandbox, startSandbox } from "./run-sandbox";
import { lastUpdateOn } from "./stack-backends";

const lastUpdate = (outputs: Record<string, unknown>) => lastUpdateOn("diy-project", outputs);

describe("switching istioInstaller on a live stack", () => {
  test("istioctl → helm stops the program, before any resource, with the steps naming both installers", async () => {
    const run = startSandbox({ istioInstaller: "helm" }, lastUpdate({ istioInstaller: "istioctl" }));
    await expect(run.done).rejects.toThrow(
      "istio-sandbox:istioInstaller is helm, but this stack's Istio was installed with istioctl.",
    );
    expect(run.stack.resources).toEqual([]);
  });

  test("the whole program checks its installer against the last update, and exports it", async () => {
    const { outputs } = await runSandbox({ istioInstaller: "helm" }, lastUpdate({ istioInstaller: "helm" }));
    await expect(resolve(outputs.istioInstaller)).resolves.toEqual({ value: "helm", secret: false });
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

  test("the message, whole", () => {
    expect(installerSwitchProblem("istioctl", "helm", "k3d")).toBe(
      [
        "istio-sandbox:istioInstaller is helm, but this stack's Istio was installed with istioctl.",
        "The helm installer cannot take over what istioctl installed. Nothing was changed.",
        "To switch installers:",
        "  1. npm run config -- set istioInstaller istioctl",
        "  2. npm run destroy        (deletes the k3d cluster, its storage volume included)",
        "  3. npm run config -- set istioInstaller helm",
        "  4. npm run up",
        "To keep the installed Istio instead: npm run config -- set istioInstaller istioctl",
      ].join("\n"),
    );
  });

  test("the same installer, and a first update (no previous output), pass", async () => {
    expect(installerSwitchProblem("helm", "helm", "k3d")).toBeUndefined();
    expect(installerSwitchProblem(undefined, "helm", "k3d")).toBeUndefined();
    const same = await runSandbox({ istioInstaller: "helm" }, lastUpdate({ istioInstaller: "helm" }));
    await expect(resolve(same.outputs.istioInstaller)).resolves.toEqual({ value: "helm", secret: false });
    const first = await runSandbox({}, lastUpdate({}));
    await expect(resolve(first.outputs.istioInstaller)).resolves.toEqual({
      value: "istioctl",
      secret: false,
    });
  });
});
