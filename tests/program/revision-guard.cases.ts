/** The live-stack guard of revisions: leaving them stops the program before any resource; moving within them does not. */
import { parseConfig } from "../../components/config";
import { revisionSwitchProblem } from "../../components/stack-guards";
import { runSandbox, startSandbox } from "./run-sandbox";
import { lastUpdateOn } from "./stack-backends";

const LAST = { istioInstaller: "istioctl", istioRevisions: { main: "1-30-3", tags: { default: "1-30-3" } } };

describe("revisions on a live stack", () => {
  test("istioRevision unset on a revisioned stack stops the program, before any resource, with the steps", async () => {
    const run = startSandbox({}, lastUpdateOn("diy-project", LAST));
    const error = await run.done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(run.stack.resources).toEqual([]);
    const message = (error as Error).message;
    expect(message).toContain(
      "istio-sandbox:istioRevision is not set, but this stack's Istio runs as revision 1-30-3.",
    );
    expect(message).toContain("Nothing was changed.");
    expect(message).toContain(
      "npm run destroy        (deletes the k3d cluster, its storage volume included)",
    );
    expect(message).toContain("npm run config -- rm istioRevision");
    expect(message).toContain("To keep revisions instead: npm run config -- set istioRevision 1-30-3");
  });

  test("a new main revision, a canary, and a first update all go ahead", async () => {
    const { stack } = await runSandbox({ istioRevision: "1-31-1" }, lastUpdateOn("diy-project", LAST));
    expect(stack.resources.some((r) => r.name === "istio-istioctl-1-31-1")).toBe(true);
    const current = parseConfig({ istioRevision: "1-30-3" }).istio.revisions;
    expect(revisionSwitchProblem(undefined, current, "k3d")).toBeUndefined();
    expect(revisionSwitchProblem(undefined, undefined, "k3d")).toBeUndefined();
    expect(revisionSwitchProblem({ main: "1-29-0" }, current, "existing")).toBeUndefined();
  });

  test("existing mode: the destroy step says it removes only what the stack installed", () => {
    expect(revisionSwitchProblem({ main: "1-30-3" }, undefined, "existing")).toContain(
      "npm run destroy        (removes only what this stack installed)",
    );
  });
});
