/** The revision keys (istioRevision, istioCanary, istioTags, apps[].revision): derivations and every bad input's message. */
import { parseConfig } from "../../components/config";
import { problem } from "./problem";

const IMAGE = "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0";
const app = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: IMAGE, ...extra });

/** The walkthrough's canary stack: 1.30.3 as the main revision, 1.31.1 beside it, a tag, two namespaces. */
const CANARY = {
  istioVersion: "1.30.3",
  istioRevision: "1-30-3",
  istioCanary: { version: "1.31.1", revision: "1-31-1" },
  istioTags: { prod: "1-30-3" },
  apps: [app("helloworld", { revision: "prod" }), app("shop", { namespace: "shop", revision: "1-31-1" })],
};

describe("revision settings", () => {
  test("without istioRevision there are no revisions and apps name none: Istio as before", () => {
    const config = parseConfig({});
    expect(config.istio.revisions).toBeUndefined();
    expect(config.apps[0].revision).toBeUndefined();
  });

  test("istioRevision alone: the main revision at istioVersion, the default tag on it, apps on it", () => {
    const config = parseConfig({ istioRevision: "1-31-1" });
    expect(config.istio.revisions).toEqual({
      main: { name: "1-31-1", version: "1.31.1" },
      tags: { default: "1-31-1" },
    });
    expect(config.apps.map((a) => a.revision)).toEqual(["1-31-1"]);
  });

  test("a canary beside it, tags, and an app per revision or tag", () => {
    const config = parseConfig(CANARY);
    expect(config.istio.revisions).toEqual({
      main: { name: "1-30-3", version: "1.30.3" },
      canary: { name: "1-31-1", version: "1.31.1" },
      tags: { default: "1-30-3", prod: "1-30-3" },
    });
    expect(config.apps.map((a) => `${a.namespace}:${a.revision}`)).toEqual(["default:prod", "shop:1-31-1"]);
  });

  test("istioTags.default moves the default tag off the main revision", () => {
    const config = parseConfig({ ...CANARY, istioTags: { prod: "1-30-3", default: "1-31-1" } });
    expect(config.istio.revisions?.tags).toEqual({ default: "1-31-1", prod: "1-30-3" });
  });

  test("the canary may run the same release as the main revision, under its own name", () => {
    const config = parseConfig({
      istioRevision: "stable",
      istioCanary: { version: "1.31.1", revision: "next" },
    });
    expect(config.istio.revisions?.canary).toEqual({ name: "next", version: "1.31.1" });
  });
});

describe("bad revision keys name the key and the fix", () => {
  test("a revision name that is no DNS label (Istio's revision format), with the dashed form as the example", () => {
    expect(problem({ istioRevision: "1.31.1" })).toBe(
      "- istio-sandbox:istioRevision: must be a revision name: lower-case letters, digits and '-', starting and ending with a letter or digit (a DNS label, as Istio requires), such as 1-31-1 for Istio 1.31.1; got \"1.31.1\". Fix: pulumi config set istioRevision <value>",
    );
  });

  test("default is the default tag's name, never a revision", () => {
    expect(problem({ istioRevision: "default" })).toContain(
      'istio-sandbox:istioRevision: must not be "default": that is the default tag\'s name',
    );
  });

  test("a revision too long for its Helm release istiod-<revision>", () => {
    expect(problem({ istioRevision: "r".repeat(47) })).toContain(
      "istio-sandbox:istioRevision: must be at most 46 characters (the Helm release istiod-<revision> may have 53)",
    );
  });

  test("a canary without a main revision", () => {
    expect(problem({ istioCanary: { version: "1.31.1", revision: "1-31-1" } })).toBe(
      "- istio-sandbox:istioCanary: is set, but istioRevision is not: a canary runs beside a control plane that is a revision too. Fix: pulumi config set istioRevision 1-31-1, or pulumi config rm istioCanary",
    );
  });

  test("a canary equal to the main revision, with a free name as the fix", () => {
    expect(problem({ istioRevision: "1-31-1", istioCanary: { version: "1.31.1", revision: "1-31-1" } })).toBe(
      "- istio-sandbox:istioCanary.revision: is \"1-31-1\", which is also istioRevision; each control plane needs its own revision. Fix: pulumi config set --path 'istioCanary.revision' 1-31-1-canary",
    );
    expect(
      problem({
        istioVersion: "1.30.3",
        istioRevision: "1-30-3",
        istioCanary: { version: "1.31.1", revision: "1-30-3" },
      }),
    ).toContain("Fix: pulumi config set --path 'istioCanary.revision' 1-31-1");
  });

  test("a canary version outside ISTIO_SUPPORTED_MINORS", () => {
    expect(problem({ istioRevision: "1-31-1", istioCanary: { version: "1.32.0", revision: "1-32-0" } })).toBe(
      "- istio-sandbox:istioCanary.version: must be a 1.30.x to 1.31.x release (the releases the rendered IstioOperator and Helm values are written for), such as 1.31.1; got \"1.32.0\". Fix: pulumi config set --path 'istioCanary.version' <value>",
    );
  });

  test("a canary older than istioVersion", () => {
    expect(problem({ istioRevision: "1-31-1", istioCanary: { version: "1.30.3", revision: "1-30-3" } })).toBe(
      "- istio-sandbox:istioCanary.version: is 1.30.3, older than istioVersion 1.31.1: the canary is the newer release, tried beside the current one (istio-cni and ztunnel stay at istioVersion, and may not run ahead of a control plane). Fix: pulumi config set --path 'istioCanary.version' 1.31.1 or newer",
    );
  });

  test("a canary missing its revision, or not a map", () => {
    expect(problem({ istioRevision: "1-31-1", istioCanary: { version: "1.31.1" } })).toBe(
      "- istio-sandbox:istioCanary.revision: must be a revision name such as 1-31-1; got (not set). Fix: pulumi config set --path 'istioCanary.revision' <value>",
    );
    expect(problem({ istioRevision: "1-31-1", istioCanary: "1.31.1" })).toContain(
      'istio-sandbox:istioCanary: must be a map with version and revision, such as {"version": "1.31.1", "revision": "1-31-1"}',
    );
  });

  test("a canary key that is not version or revision gets the nearest one", () => {
    expect(
      problem({ istioRevision: "1-31-1", istioCanary: { version: "1.31.1", revision: "x", revison: "y" } }),
    ).toContain('istio-sandbox:istioCanary.revison: unknown key; did you mean "revision"?');
  });

  test("tags without a main revision", () => {
    expect(problem({ istioTags: { prod: "1-31-1" } })).toBe(
      "- istio-sandbox:istioTags: is set, but istioRevision is not: tags point at revisions. Fix: pulumi config set istioRevision 1-31-1, or pulumi config rm istioTags",
    );
  });

  test("a tag pointing at a revision the stack does not install: the guard against removing a used revision", () => {
    // The canary is gone from the config while the tag still points at it.
    expect(
      problem({ istioVersion: "1.30.3", istioRevision: "1-30-3", istioTags: { canary: "1-31-1" } }),
    ).toBe(
      "- istio-sandbox:istioTags.canary: points at revision \"1-31-1\", which this stack does not install (it installs 1-30-3); a revision stays while a tag or namespace uses it. Fix: pulumi config set --path 'istioTags.canary' 1-30-3, or pulumi config rm --path 'istioTags.canary'",
    );
  });

  test("a tag name that is no DNS label, or too long for its Service", () => {
    expect(problem({ istioRevision: "1-31-1", istioTags: { Prod: "1-31-1" } })).toBe(
      "- istio-sandbox:istioTags.Prod: \"Prod\" is not a tag name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 43 characters (its Service is istiod-revision-tag-<tag>). Fix: pulumi config rm --path 'istioTags.Prod', and set the tag under another name",
    );
    expect(problem({ istioRevision: "1-31-1", istioTags: { ["t".repeat(44)]: "1-31-1" } })).toContain(
      "is not a tag name",
    );
  });

  test("a tag named like a revision", () => {
    expect(problem({ istioRevision: "1-31-1", istioTags: { "1-31-1": "1-31-1" } })).toBe(
      "- istio-sandbox:istioTags.1-31-1: is named like a revision this stack installs; istioctl refuses a tag that shadows a revision. Fix: pulumi config rm --path 'istioTags.1-31-1', and set the tag under another name (such as prod or canary)",
    );
  });

  test("tags that are not a map, or a target that is not text", () => {
    expect(problem({ istioRevision: "1-31-1", istioTags: ["prod"] })).toContain(
      'istio-sandbox:istioTags: must be a map of tag to revision, such as {"prod": "1-31-1"}',
    );
    expect(problem({ istioRevision: "1-31-1", istioTags: { prod: 7 } })).toContain(
      "istio-sandbox:istioTags.prod: must name a revision this stack installs, such as 1-31-1",
    );
  });

  test("apps[].revision naming nothing installed: the guard against removing a revision a namespace uses", () => {
    expect(
      problem({
        ...CANARY,
        istioCanary: undefined,
        istioTags: {},
        apps: [app("helloworld"), CANARY.apps[1]],
      }),
    ).toBe(
      "- istio-sandbox:apps[1].revision: is \"1-31-1\", which is neither a revision this stack installs (1-30-3) nor one of its tags (default). Fix: pulumi config set --path 'apps[1].revision' 1-30-3 (or a tag), or pulumi config rm --path 'apps[1].revision' for istioRevision",
    );
  });

  test("apps[].revision without istioRevision", () => {
    expect(problem({ apps: [app("helloworld", { revision: "prod" })] })).toBe(
      "- istio-sandbox:apps[0].revision: is \"prod\", but istioRevision is not set, so namespaces are labelled istio-injection=enabled. Fix: pulumi config set istioRevision 1-31-1, or pulumi config rm --path 'apps[0].revision'",
    );
  });

  test("two apps of one namespace on different revisions: the label is the namespace's", () => {
    expect(
      problem({
        istioRevision: "1-31-1",
        istioTags: { prod: "1-31-1" },
        apps: [app("a"), app("b", { revision: "prod" })],
      }),
    ).toBe(
      '- istio-sandbox:apps[1].revision: is "prod", but apps[0] in the same namespace "default" uses "1-31-1"; istio.io/rev labels a namespace, so its apps share one. Fix: pulumi config set --path \'apps[1].revision\' 1-31-1, or move the app to another namespace',
    );
  });

  test("apps[].revision must look like a revision or tag name", () => {
    expect(problem({ istioRevision: "1-31-1", apps: [app("a", { revision: "1.31.1" })] })).toContain(
      "istio-sandbox:apps[0].revision: must be lower-case letters, digits and '-', starting and ending with a letter or digit (a revision or revision tag of this stack)",
    );
  });

  test("ambient without waypoints: an app's revision would run nothing, since ztunnel serves every namespace", () => {
    expect(
      problem({
        istioRevision: "1-31-1",
        dataplaneMode: "ambient",
        apps: [app("a", { revision: "1-31-1" })],
      }),
    ).toBe(
      "- istio-sandbox:apps[0].revision: is \"1-31-1\", but in ambient mode a revision runs only a namespace's waypoint, and there is none (ztunnel and istio-cni serve every namespace). Fix: pulumi config set waypoint true, or pulumi config rm --path 'apps[0].revision'",
    );
    expect(parseConfig({ istioRevision: "1-31-1", dataplaneMode: "ambient" }).apps[0].revision).toBe(
      "1-31-1",
    );
  });
});
