/** What the stack does with the Gateway API CRDs an existing cluster already has: each path, with its message. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import {
  compareBundles,
  type LiveCrd,
  type LiveCrds,
  OWNER_ANNOTATION,
  PATCH_FORCE,
  parseBundle,
  planCrds,
} from "../../components/gateway-api";

const FIXTURE = fs.readFileSync(
  path.join(__dirname, "../fixtures/gateway-api/standard-install.yaml"),
  "utf8",
);
const bundle = parseBundle([FIXTURE], "v1.6.1");
const OWNER = "istio-sandbox/dev";
const NAMES = [
  "gatewayclasses.gateway.networking.k8s.io",
  "gateways.gateway.networking.k8s.io",
  "httproutes.gateway.networking.k8s.io",
  "referencegrants.gateway.networking.k8s.io",
];

function crd(
  version: string | undefined,
  channel: string | undefined,
  owner?: string,
  managers = ["kubectl"],
): LiveCrd {
  const annotations: Record<string, string> = {};
  if (version !== undefined) annotations["gateway.networking.k8s.io/bundle-version"] = version;
  if (channel !== undefined) annotations["gateway.networking.k8s.io/channel"] = channel;
  if (owner !== undefined) annotations[OWNER_ANNOTATION] = owner;
  return { annotations, managers };
}
const all = (make: (name: string) => LiveCrd | null): LiveCrds =>
  Object.fromEntries(NAMES.map((name) => [name, make(name)]));
const applied = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as Record<string, any>);

describe("the CRD bundle", () => {
  test("its CRDs, release and channel, read from the manifest; the trailing empty document is dropped", () => {
    expect(bundle.crdNames).toEqual(NAMES);
    expect(bundle.version).toBe("v1.6.1");
    expect(bundle.channel).toBe("standard");
    expect(bundle.documents).toHaveLength(4);
  });

  test("a manifest without CRDs, or not YAML, is refused naming gatewayApiCrds", () => {
    expect(() => parseBundle(["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"], "v1.6.1")).toThrow(
      "istio-sandbox:gatewayApiCrds: the manifest holds no CustomResourceDefinition. Fix: point gatewayApiCrds at the release's standard-install.yaml",
    );
    expect(() => parseBundle(["a: [b\n"], "v1.6.1")).toThrow(
      "istio-sandbox:gatewayApiCrds: the CRD manifest is not valid YAML",
    );
  });

  test("releases compare by number, a pre-release before its release", () => {
    expect(compareBundles("v1.6.0", "v1.6.0")).toBe(0);
    expect(compareBundles("v1.5.9", "v1.6.0")).toBeLessThan(0);
    expect(compareBundles("v1.10.0", "v1.6.0")).toBeGreaterThan(0);
    expect(compareBundles("v1.6.0-rc.1", "v1.6.0")).toBeLessThan(0);
    expect(compareBundles("1.6.0", "v1.6.0")).toBeUndefined();
  });
});

describe("the plan on an existing cluster", () => {
  test("none there: every document applied, each stamped with the stack as its owner, nothing forced", () => {
    const plan = planCrds({ bundle, live: all(() => null), owner: OWNER, adopt: false });
    const docs = applied(plan.yaml);
    expect(docs.map((d) => d.metadata.name)).toEqual(NAMES);
    for (const doc of docs) {
      expect(doc.metadata.annotations).toEqual({
        "gateway.networking.k8s.io/bundle-version": "v1.6.1",
        "gateway.networking.k8s.io/channel": "standard",
        [OWNER_ANNOTATION]: OWNER,
      });
    }
    // Only the annotation differs from the manifest.
    const original = applied(FIXTURE).filter((d) => d !== null);
    expect(docs.map((d) => ({ ...d, metadata: { ...d.metadata, annotations: undefined } }))).toEqual(
      original.map((d) => ({ ...d, metadata: { ...d.metadata, annotations: undefined } })),
    );
    expect(plan.summary).toBe(
      "Gateway API CRDs: this stack applies v1.6.1 (standard channel): 4 new, 0 its own.",
    );
  });

  test("the stack's own (its owner annotation) are kept up to date, like new ones", () => {
    const live = all((name) => (name.startsWith("gateways") ? null : crd("v1.6.0", "standard", OWNER)));
    const plan = planCrds({ bundle, live, owner: OWNER, adopt: false });
    expect(applied(plan.yaml)).toHaveLength(4);
    expect(plan.summary).toBe(
      "Gateway API CRDs: this stack applies v1.6.1 (standard channel): 1 new, 3 its own.",
    );
  });

  test("another manager's at a compatible release are used as they are: nothing applied", () => {
    const live = all((name) =>
      name.startsWith("referencegrants")
        ? null
        : crd("v1.6.0", "standard", undefined, ["kube-addon-manager"]),
    );
    const plan = planCrds({ bundle, live, owner: OWNER, adopt: false });
    expect(plan.yaml).toBe("");
    expect(plan.summary).toBe(
      "Gateway API CRDs: the cluster's own, v1.6.0 (standard channel), are used as they are and left alone (it lacks referencegrants.gateway.networking.k8s.io; Istio does without them). To have this stack manage them: pulumi config set gatewayApiCrdsAdopt true.",
    );
  });

  test("another sandbox stack's are another manager's too", () => {
    const live = all(() =>
      crd("v1.7.0", "experimental", "istio-sandbox/other", ["pulumi-kubernetes-1a2b3c4d"]),
    );
    expect(planCrds({ bundle, live, owner: OWNER, adopt: false }).yaml).toBe("");
  });

  test("older than v1.6.0 (or of unknown release): stops, naming gatewayApiCrdsAdopt, each CRD and the fix", () => {
    const live = all((name) =>
      name.startsWith("gateways") ? crd(undefined, undefined, undefined, []) : crd("v1.2.1", "standard"),
    );
    expect(() => planCrds({ bundle, live, owner: OWNER, adopt: false })).toThrow(
      [
        "istio-sandbox:gatewayApiCrdsAdopt: the cluster already has Gateway API CRDs that this stack did not install, older than v1.6.0, the oldest release the sandbox's Istio works with:",
        "  - gatewayclasses.gateway.networking.k8s.io: v1.2.1, standard channel, managed by kubectl",
        "  - gateways.gateway.networking.k8s.io: no gateway.networking.k8s.io/bundle-version annotation, channel unknown, managed by unknown",
        "  - httproutes.gateway.networking.k8s.io: v1.2.1, standard channel, managed by kubectl",
        "  - referencegrants.gateway.networking.k8s.io: v1.2.1, standard channel, managed by kubectl",
        "Nothing was changed. Fix: upgrade them to v1.6.0 or newer where they come from (e.g. kubectl apply --server-side -f <the release's standard-install.yaml>), or let this stack take them over: pulumi config set gatewayApiCrdsAdopt true",
      ].join("\n"),
    );
  });

  test("compatible, but without a CRD the sandbox needs: stops, naming what is missing", () => {
    const live = all((name) => (name.startsWith("httproutes") ? null : crd("v1.6.1", "standard")));
    expect(() => planCrds({ bundle, live, owner: OWNER, adopt: false })).toThrow(
      "istio-sandbox:gatewayApiCrdsAdopt: the cluster has Gateway API CRDs that this stack did not install, but not httproutes.gateway.networking.k8s.io, which the sandbox needs:",
    );
  });

  test("gatewayApiCrdsAdopt: every document applied with pulumi.com/patchForce, older ones included", () => {
    const live = all(() => crd("v1.2.1", "standard", undefined, ["kubectl", "helm"]));
    const plan = planCrds({ bundle, live, owner: OWNER, adopt: true });
    const docs = applied(plan.yaml);
    expect(docs).toHaveLength(4);
    for (const doc of docs) {
      expect(doc.metadata.annotations[PATCH_FORCE]).toBe("true");
      expect(doc.metadata.annotations[OWNER_ANNOTATION]).toBe(OWNER);
    }
    expect(plan.summary).toBe(
      "Gateway API CRDs: this stack takes over 4 from kubectl, helm (gatewayApiCrdsAdopt) and applies v1.6.1 (standard channel), forcing server-side apply conflicts.",
    );
  });

  test("gatewayApiCrdsAdopt keeps forcing once they are the stack's own, so a manager that comes back cannot block an update", () => {
    const plan = planCrds({
      bundle,
      live: all(() => crd("v1.6.1", "standard", OWNER)),
      owner: OWNER,
      adopt: true,
    });
    expect(applied(plan.yaml).every((d) => d.metadata.annotations[PATCH_FORCE] === "true")).toBe(true);
  });

  test("gatewayApiCrdsAdopt refuses to turn experimental CRDs into standard ones", () => {
    const live = all((name) => crd("v1.6.1", name.startsWith("httproutes") ? "experimental" : "standard"));
    expect(() => planCrds({ bundle, live, owner: OWNER, adopt: true })).toThrow(
      [
        "istio-sandbox:gatewayApiCrdsAdopt: is true, but these Gateway API CRDs in the cluster are from the experimental channel, and the standard channel this stack applies would take away the versions and fields they add:",
        "  - httproutes.gateway.networking.k8s.io: v1.6.1, experimental channel, managed by kubectl",
        "Nothing was changed. Fix: point istio-sandbox:gatewayApiCrds at the same release's experimental-install.yaml, or pulumi config rm gatewayApiCrdsAdopt to use them as they are",
      ].join("\n"),
    );
  });

  test("gatewayApiCrdsAdopt refuses to downgrade a newer release", () => {
    const live = all(() => crd("v1.7.0", "standard"));
    expect(() => planCrds({ bundle, live, owner: OWNER, adopt: true })).toThrow(
      "Nothing was changed. Fix: pulumi config rm gatewayApiCrdsAdopt to use them as they are, or pulumi config set gatewayApiVersion v1.7.0 to take them over at their release",
    );
  });
});
