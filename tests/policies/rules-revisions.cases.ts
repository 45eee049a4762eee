/** Rule: revision-label-installed. A namespace or Gateway names a revision or tag the stack installs; nothing is judged from what the preview cannot see. */
import { installedRevisions } from "../../policies/lib/revisions";
import { checkRevisionsInstalled } from "../../policies/rules/revision-installed";
import { PREVIEW_UNKNOWN, runPack } from "../../policies/testing/run-pack";
import { UNKNOWN } from "../../policies/lib/values";
import {
  devStack,
  helmRelease,
  list,
  namespace,
  namespacePatch,
  resource,
  view,
  violationsOf,
  type DevStack,
} from "./builder";

const RULE = "revision-label-installed";
const COMMAND = "command:local:Command";
const WEBHOOK = "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration";
const operator = (revision: string) =>
  `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: istio-sandbox-${revision}\nspec:\n  profile: demo\n  revision: ${revision}\n`;

const install = (revision: string) =>
  resource(COMMAND, `istio-istioctl-${revision}`, {
    create: `set -eu\nistioctl install -y --kubeconfig "$work/kubeconfig" -f "$work/istio-operator.yaml"\n`,
    stdin: operator(revision),
  });
const tagSet = (tag: string, revision: string) =>
  resource(COMMAND, `istio-tag-${tag}`, {
    create: `set -eu\nistioctl tag set '${tag}' --revision '${revision}' --skip-confirmation --kubeconfig "$work/kubeconfig"\n`,
  });
const tagWebhook = (tag: string, revision: string) =>
  resource(WEBHOOK, `istio-tag-${tag}`, {
    metadata: {
      name: `istio-revision-tag-${tag}`,
      labels: { "istio.io/tag": tag, "istio.io/rev": revision },
    },
  });

/** The dev stack with two revisions and a prod tag, as the program builds it with istioctl. */
function revisioned(): DevStack {
  const s = devStack();
  delete s.install;
  s.main = install("1-30-3");
  s.canary = install("1-31-1");
  s.tagDefault = tagSet("default", "1-30-3");
  s.tagProd = tagSet("prod", "1-30-3");
  s.labels = namespacePatch("default", { "istio.io/rev": "prod" });
  return s;
}

describe("revision-label-installed", () => {
  it("reads the revisions and tags of every installer's form", () => {
    const s = revisioned();
    s.release = helmRelease("istiod-1-32-0", "istiod", {
      values: { revision: "1-32-0", revisionTags: ["lab"] },
    });
    s.unrevisioned = helmRelease("istiod", "istiod", { values: {} });
    s.webhook = tagWebhook("next", "1-31-1");
    const found = installedRevisions(view(s));
    expect(found.complete).toBe(true);
    expect([...found.revisions].sort()).toEqual(["1-30-3", "1-31-1", "1-32-0", "default"]);
    expect(Object.fromEntries(found.tags)).toEqual({
      default: "1-30-3",
      prod: "1-30-3",
      lab: "1-32-0",
      next: "1-31-1",
    });
  });

  it("passes namespaces on installed revisions, tags, and an unrevisioned install's default", async () => {
    const s = revisioned();
    s.shop = namespace("shop", { "istio.io/rev": "1-31-1" });
    expect(await violationsOf(s, RULE)).toEqual([]);
    const plain = devStack();
    plain.labels = namespacePatch("default", { "istio.io/rev": "default" });
    expect(checkRevisionsInstalled(view(plain))).toEqual([]);
  });

  it("stops a namespace on a revision the stack does not install (a canary removed while in use)", async () => {
    const s = revisioned();
    delete s.canary;
    s.shop = namespace("shop", { "istio.io/rev": "1-31-1" });
    const found = await violationsOf(s, RULE);
    expect(found).toHaveLength(1);
    expect(found[0].urn).toBe(s.shop.urn);
    expect(found[0].enforcementLevel).toBe("mandatory");
    expect(found[0].message).toBe(
      "Namespace shop is labelled istio.io/rev=1-31-1, but the stack installs no revision or tag named 1-31-1 " +
        "(revisions: 1-30-3; tags: default → 1-30-3, prod → 1-30-3), so its pods start without a sidecar. Fix: point it " +
        "at one of them (istio-sandbox:apps[].revision), or install 1-31-1 (istio-sandbox:istioCanary, or " +
        "istio-sandbox:istioTags for a tag).",
    );
  });

  it("stops a namespace on a tag left pointing at a removed revision", () => {
    const s = revisioned();
    s.tagProd = tagWebhook("prod", "1-29-0");
    const found = checkRevisionsInstalled(view(s));
    expect(found.map((v) => v.urn)).toEqual([s.labels.urn]);
    expect(found[0].message).toContain(
      "Namespace default is labelled istio.io/rev=prod, a tag pointing at revision 1-29-0, which the stack does not install",
    );
  });

  it("stops a waypoint Gateway on a tag the stack does not set", () => {
    const s = revisioned();
    s.waypoint = resource("kubernetes:gateway.networking.k8s.io/v1:Gateway", "waypoints-default", {
      metadata: { name: "waypoint", namespace: "default", labels: { "istio.io/rev": "next" } },
      spec: { gatewayClassName: "istio-waypoint" },
    });
    const found = checkRevisionsInstalled(view(s));
    expect(found.map((v) => v.urn)).toEqual([s.waypoint.urn]);
    expect(found[0].message).toContain("Gateway default/waypoint is labelled istio.io/rev=next");
    expect(found[0].message).toContain("so no istiod deploys it");
  });

  it("judges nothing where the stack installs no Istio of its own", () => {
    const s = revisioned();
    for (const role of ["main", "canary", "tagDefault", "tagProd"]) delete s[role];
    expect(checkRevisionsInstalled(view(s))).toEqual([]);
  });

  describe("never reports from a value the preview cannot see", () => {
    it("a namespace label unknown at preview", async () => {
      const s = revisioned();
      s.labels = namespacePatch("default", { "istio.io/rev": PREVIEW_UNKNOWN });
      expect(await violationsOf(s, RULE)).toEqual([]);
    });

    it("an install's IstioOperator, a tag's script, a release's values or chart, or a webhook's labels unknown", async () => {
      const missing = () => {
        const s = revisioned();
        delete s.canary;
        s.shop = namespace("shop", { "istio.io/rev": "1-31-1" });
        return s;
      };
      // Without the unknown value, the rule does report the shop namespace.
      expect(await violationsOf(missing(), RULE)).toHaveLength(1);
      const unknowns: ((s: DevStack) => void)[] = [
        (s) =>
          (s.canary = resource(COMMAND, "istio-istioctl-1-31-1", {
            create: install("x").props.create,
            stdin: PREVIEW_UNKNOWN,
          })),
        (s) => (s.canary = resource(COMMAND, "istio-tag-next", { create: PREVIEW_UNKNOWN })),
        (s) => (s.canary = helmRelease("istiod-next", "istiod", { values: PREVIEW_UNKNOWN })),
        (s) => (s.canary = helmRelease("istiod-next", "istiod", { values: { revision: PREVIEW_UNKNOWN } })),
        (s) => (s.canary = helmRelease("istiod-next", PREVIEW_UNKNOWN)),
        (s) =>
          (s.canary = resource(WEBHOOK, "istio-tag-next", {
            metadata: { labels: { "istio.io/tag": PREVIEW_UNKNOWN } },
          })),
      ];
      for (const [i, hide] of unknowns.entries()) {
        const s = missing();
        hide(s);
        expect([i, await violationsOf(s, RULE)]).toEqual([i, []]);
      }
    });

    it("resources seen without any props (their provider unknown at the first preview)", async () => {
      for (const type of [COMMAND, "kubernetes:helm.sh/v3:Release", WEBHOOK]) {
        const s = revisioned();
        delete s.canary;
        s.shop = namespace("shop", { "istio.io/rev": "1-31-1" });
        s.hidden = resource(type, "hidden", {});
        expect([type, await violationsOf(s, RULE)]).toEqual([type, []]);
      }
      // A stack policy that sees every resource without props concludes nothing at all.
      const bare = list(revisioned()).map((r) => ({ ...r, props: {} }));
      expect((await runPack(bare)).filter((v) => v.policyName === RULE)).toEqual([]);
    });

    it("the UNKNOWN marker in the rule's own view", () => {
      const s = revisioned();
      s.labels = namespacePatch("default", { "istio.io/rev": UNKNOWN });
      expect(checkRevisionsInstalled(view(s))).toEqual([]);
    });
  });
});
