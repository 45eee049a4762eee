/**
 * Switching `istioInstaller` on a live stack. The two installers cannot take over each other's
 * resources (Helm refuses objects it does not own), and Pulumi creates new resources before it
 * deletes removed ones, so the new install would run into the old one. The program therefore stops
 * at preview, before anything changes, with the steps that do work.
 */
import * as pulumi from "@pulumi/pulumi";
import type { IstioSettings } from "../config/types";

type Installer = IstioSettings["installer"];

/** The steps for a switch from `previous` to `current`, or undefined when there is no switch. */
export function installerSwitchProblem(
  previous: unknown,
  current: Installer,
  mode: "k3d" | "existing",
): string | undefined {
  if (typeof previous !== "string" || previous === current) return undefined;
  const destroy =
    mode === "k3d"
      ? "npm run destroy        (deletes the k3d cluster, its storage volume included)"
      : "npm run destroy        (removes only what this stack installed)";
  return [
    `istio-sandbox:istioInstaller is ${current}, but this stack's Istio was installed with ${previous}.`,
    `The ${current} installer cannot take over what ${previous} installed. Nothing was changed.`,
    "To switch installers:",
    `  1. npm run config -- set istioInstaller ${previous}`,
    `  2. ${destroy}`,
    `  3. npm run config -- set istioInstaller ${current}`,
    "  4. npm run up",
    `To keep the installed Istio instead: npm run config -- set istioInstaller ${previous}`,
  ].join("\n");
}

/** Fails the program: an error thrown here is an unhandled exception, which stops preview and up. */
export function stopOnSwitch(problem: string): never {
  throw new Error(problem);
}

/**
 * The installer, as a stack output, after checking it against the one the last update recorded (read
 * through a reference to this very stack, which the engine reads at preview time as well). A switch
 * fails the program, so the preview fails and `pulumi up` stops before it changes anything
 * (`pulumi.log.error` alone would not: https://github.com/pulumi/pulumi/issues/6090).
 */
export function checkedInstaller(
  current: Installer,
  mode: "k3d" | "existing",
  onSwitch: (problem: string) => void = stopOnSwitch,
): pulumi.Output<Installer> {
  const self = new pulumi.StackReference("istio-installer-of-last-update", {
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  return self.getOutput("istioInstaller").apply((previous: unknown) => {
    const problem = installerSwitchProblem(previous, current, mode);
    if (problem !== undefined) onSwitch(problem);
    return current;
  });
}
