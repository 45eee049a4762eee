/**
 * The README's 1.30 → 1.31 canary walkthrough: each step's stack config (docs/canary/step-*.yaml,
 * merged into the dev stack) run in order under mocks, and each preview's diff, as the engine would
 * compute it from the inputs, is exactly the step's change. The policy pack passes every step.
 */
import { runPack } from "../../policies/testing/run-pack";
import { type MockStack, resolve } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { previewDiff } from "./preview-diff";
import { packInput } from "./pack-input";
import { runSandbox } from "./run-sandbox";
import { lastUpdateOn } from "./stack-backends";

const STEPS = [
  "step-0-start",
  "step-1-install-canary",
  "step-2-move-shop",
  "step-3-move-prod-tag",
  "step-4-remove-old-revision",
  "step-5-shop-back-on-prod",
] as const;

const ANNOTATION = "spec.template.metadata.annotations.istio-sandbox/sidecar-revision";
const LABEL = "metadata.labels.istio.io/rev";

/** The dev stack without add-ons, whose manifests follow istioVersion and would join step 4's diff. */
function stepConfig(step: string, installer: string): Record<string, unknown> {
  return {
    ...stackConfig("Pulumi.dev.yaml"),
    addons: [],
    istioInstaller: installer,
    ...stackConfig(`docs/canary/${step}.yaml`),
  };
}

async function violations(stack: MockStack) {
  return runPack(packInput(stack));
}

const EXPECTED: Record<string, Record<(typeof STEPS)[number], string[]>> = {
  istioctl: {
    "step-0-start": [],
    "step-1-install-canary": ["+ istio-istioctl-1-31-1"],
    "step-2-move-shop": [`~ mesh-shop: ${LABEL}`, `~ shop-shop-deployment: ${ANNOTATION}`],
    "step-3-move-prod-tag": [
      `~ default-helloworld-deployment: ${ANNOTATION}`,
      "~ istio-tag-prod: create, delete, update",
    ],
    "step-4-remove-old-revision": [
      "- istio-istioctl-1-30-3",
      "~ istio-istioctl-1-31-1: create, environment.ISTIO_SANDBOX_OPERATOR, stdin, update",
      "~ istio-tag-default: create, delete, update",
    ],
    "step-5-shop-back-on-prod": [`~ mesh-shop: ${LABEL}`],
  },
  helm: {
    "step-0-start": [],
    // Istio's Helm guide: base (the CRDs) first at the new release, then the canary's istiod. A new
    // version is a new cached archive, so `chart` (its path) changes with `version`.
    "step-1-install-canary": ["+ istio-istiod-1-31-1", "~ istio-base: chart, version"],
    "step-2-move-shop": [`~ mesh-shop: ${LABEL}`, `~ shop-shop-deployment: ${ANNOTATION}`],
    "step-3-move-prod-tag": [
      `~ default-helloworld-deployment: ${ANNOTATION}`,
      `~ istio-tag-prod: ${LABEL}, webhooks.0.clientConfig.service.name, webhooks.1.clientConfig.service.name`,
    ],
    "step-4-remove-old-revision": [
      "- istio-istiod-1-30-3",
      "~ istio-base: values.defaultRevision",
      "~ istio-gateway: chart, values.revision, version",
      `~ istio-tag-default: ${LABEL}, ${[0, 1, 2, 3].map((i) => `webhooks.${i}.clientConfig.service.name`).join(", ")}`,
    ],
    "step-5-shop-back-on-prod": [`~ mesh-shop: ${LABEL}`],
  },
};

/**
 * Each step runs as an update of the stack the step before left: the live-stack guards read that
 * update's outputs, and none of them stops a step.
 */
async function runSteps(installer: string): Promise<Map<string, MockStack>> {
  const stacks = new Map<string, MockStack>();
  let last: Record<string, unknown> = {};
  for (const step of STEPS) {
    const { stack, outputs } = await runSandbox(
      stepConfig(step, installer),
      lastUpdateOn("diy-project", last),
    );
    stacks.set(step, stack);
    last = {
      istioInstaller: (await resolve(outputs.istioInstaller)).value,
      ingressApi: outputs.ingressApi,
      istioRevisions: outputs.istioRevisions,
    };
  }
  return stacks;
}

describe.each(["istioctl", "helm"])("the canary walkthrough with the %s installer", (installer) => {
  let runs: Promise<Map<string, MockStack>> | undefined;
  const stackOf = async (step: string) => {
    runs ??= runSteps(installer);
    return (await runs).get(step) as MockStack;
  };

  test.each(STEPS.slice(1).map((step, i) => [step, STEPS[i]]))(
    "%s: the preview shows exactly the step's change",
    async (step, previous) => {
      const diff = previewDiff(await stackOf(previous), await stackOf(step));
      expect(diff).toEqual(EXPECTED[installer][step]);
    },
  );

  test.each([...STEPS])("%s: the policy pack passes", async (step) => {
    expect(await violations(await stackOf(step))).toEqual([]);
  });

  test("step 4 removes the old revision last, by its own uninstall or release, and points the default tag at the new one", async () => {
    const before = await stackOf("step-3-move-prod-tag");
    const after = await stackOf("step-4-remove-old-revision");
    if (installer === "istioctl") {
      const old = before.get("command:local:Command", "istio-istioctl-1-30-3");
      expect(old.inputs.delete).toContain("istioctl uninstall -y --revision '1-30-3' -f");
      expect(old.inputs.delete).not.toContain("--purge");
      expect(after.get("command:local:Command", "istio-tag-default").inputs.update).toContain(
        "istioctl tag set 'default' --revision '1-31-1' --overwrite",
      );
    } else {
      const tag = after.get(
        "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
        "istio-tag-default",
      );
      expect(tag.inputs.metadata.labels["istio.io/rev"]).toBe("1-31-1");
    }
  });
});
