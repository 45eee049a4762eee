/**
 * Switching `istioInstaller` on a live stack. The two installers cannot take over each other's
 * resources (Helm refuses objects it does not own), and Pulumi creates new resources before it
 * deletes removed ones, so the new install would run into the old one.
 */
import type { IstioSettings } from "../config/types";
import { type ClusterMode, switchSteps } from "./switch-steps";

type Installer = IstioSettings["installer"];

/** The steps for a switch from `previous` to `current`, or undefined when there is no switch. */
export function installerSwitchProblem(
  previous: unknown,
  current: Installer,
  mode: ClusterMode,
): string | undefined {
  if (typeof previous !== "string" || previous === current) return undefined;
  return [
    `istio-sandbox:istioInstaller is ${current}, but this stack's Istio was installed with ${previous}.`,
    `The ${current} installer cannot take over what ${previous} installed. Nothing was changed.`,
    ...switchSteps({
      key: "istioInstaller",
      previous,
      current,
      mode,
      switching: "installers",
      keep: "the installed Istio",
    }),
  ].join("\n");
}
