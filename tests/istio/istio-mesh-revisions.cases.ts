/** IstioMesh with revisions, under mocks: one install per revision, one resource per tag, what waits for what. */
import { parse } from "yaml";
import { parseConfig } from "../../components/config";
import type { IstioSettings } from "../../components/config/types";
import { IstioMesh } from "../../components/istio";
import { FOREIGN_ISTIO_PROBE_SCRIPT } from "../../components/istio/foreign-istio-check";
import { OPERATOR_ENV } from "../../components/istio/istioctl-script";
import { gate, runUnderMocks, startUnderMocks } from "../harness/mock-program";
import { CLUSTER_COMMAND, fakeCluster } from "../harness/component-fakes";
import { validateKubernetesObject } from "../apps/validate-models";

const COMMAND = "command:local:Command";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const WEBHOOK = "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration";
const CANARY = {
  istioVersion: "1.30.3",
  istioRevision: "1-30-3",
  istioCanary: { version: "1.31.1", revision: "1-31-1" },
  istioTags: { prod: "1-30-3", next: "1-31-1" },
};
const settings = (raw: Record<string, unknown> = {}): IstioSettings =>
  parseConfig({ ...CANARY, ...raw }).istio;
const urnOf = (resource: { urn: unknown }) =>
  new Promise<string>((ok) => (resource.urn as { apply(f: (u: string) => void): void }).apply(ok));

describe("IstioMesh with revisions, istioctl", () => {
  /** An existing cluster as ExistingCluster hands it over: with the target the checks record. */
  const cluster = (mode: "k3d" | "existing") =>
    mode === "k3d"
      ? fakeCluster(mode)
      : { ...fakeCluster(mode), target: { context: "lab", server: "https://lab.example:6443" } };
  const mesh = (mode: "k3d" | "existing" = "k3d", raw: Record<string, unknown> = {}) =>
    runUnderMocks(() => new IstioMesh("istio", { cluster: cluster(mode), settings: settings(raw) }));

  test("one install per revision, each with its own IstioOperator and istioctl release; the canary after the main one", async () => {
    const { stack, result } = await mesh();
    const main = stack.get(COMMAND, "istio-istioctl-1-30-3");
    const canary = stack.get(COMMAND, "istio-istioctl-1-31-1");
    expect(stack.ofType(COMMAND).map((c) => c.name)).not.toContain("istio-istioctl");
    expect(parse(main.inputs.stdin as string)).toEqual(result.operator);
    expect(parse(main.inputs.stdin as string).spec.revision).toBe("1-30-3");
    expect(parse(canary.inputs.stdin as string)).toMatchObject({
      metadata: { name: "istio-sandbox-1-31-1" },
      spec: { revision: "1-31-1" },
    });
    expect(main.inputs.create).toContain("want='1.30.3'");
    expect(canary.inputs.create).toContain("want='1.31.1'");
    expect(canary.inputs.create).toContain("istioctl install -y");
    expect(stack.dependenciesOf(canary)).toContain(main.urn);
  });

  test("a revision uninstalls itself by revision once the config drops it, also in k3d mode; the cluster's deletion skips that", async () => {
    const { stack } = await mesh();
    for (const revision of ["1-30-3", "1-31-1"]) {
      const install = stack.get(COMMAND, `istio-istioctl-${revision}`);
      expect(install.inputs.delete).toContain(`istioctl uninstall -y --revision '${revision}' -f`);
      expect(install.inputs.delete).not.toContain("--purge");
      expect(parse(install.inputs.environment[OPERATOR_ENV] as string)).toEqual(parse(install.inputs.stdin));
      expect(install.deletedWith).toBe(stack.get(CLUSTER_COMMAND.type, CLUSTER_COMMAND.name).urn);
    }
  });

  test("each tag is an istioctl tag set Command after its revision's install; default always exists", async () => {
    const { stack } = await mesh();
    const tags = stack.ofType(COMMAND).filter((c) => c.name.startsWith("istio-tag-"));
    expect(tags.map((t) => t.name).sort()).toEqual(["istio-tag-default", "istio-tag-next", "istio-tag-prod"]);
    const next = stack.get(COMMAND, "istio-tag-next");
    expect(next.inputs.create).toContain("istioctl tag set 'next' --revision '1-31-1' --skip-confirmation");
    expect(next.inputs.update).toContain(
      "istioctl tag set 'next' --revision '1-31-1' --overwrite --skip-confirmation",
    );
    expect(next.inputs.delete).toContain("istioctl tag remove 'next' --skip-confirmation");
    expect(next.inputs.create).toContain("want='1.31.1'");
    expect(next.secretPaths).toContain("environment");
    expect(stack.dependenciesOf(next)).toContain(stack.get(COMMAND, "istio-istioctl-1-31-1").urn);
    expect(stack.dependenciesOf(stack.get(COMMAND, "istio-tag-prod"))).toContain(
      stack.get(COMMAND, "istio-istioctl-1-30-3").urn,
    );
  });

  test("ready is the main install and the default tag; injector() names each revision's and tag's resource", async () => {
    const { stack, result } = await mesh();
    expect(await Promise.all(result.ready.map(urnOf))).toEqual([
      stack.get(COMMAND, "istio-istioctl-1-30-3").urn,
      stack.get(COMMAND, "istio-tag-default").urn,
    ]);
    expect(await urnOf(result.injector("1-31-1"))).toBe(stack.get(COMMAND, "istio-istioctl-1-31-1").urn);
    expect(await urnOf(result.injector("prod"))).toBe(stack.get(COMMAND, "istio-tag-prod").urn);
    expect(() => result.injector("1-29-0")).toThrow(
      '"1-29-0" is not a revision or tag of this stack (known: 1-30-3, 1-31-1, default, prod, next)',
    );
    expect(result.revisions?.main.name).toBe("1-30-3");
  });

  test("existing mode: each revision gets its own existing-revision check, and its install waits for it", async () => {
    const { stack } = await mesh("existing");
    for (const [revision, key] of [
      ["1-30-3", "istioRevision"],
      ["1-31-1", "istioCanary.revision"],
    ]) {
      const check = stack.get(COMMAND, `istio-${revision}-revision-check`);
      expect(check.inputs.create).toContain(FOREIGN_ISTIO_PROBE_SCRIPT);
      expect(check.inputs.update).toContain(FOREIGN_ISTIO_PROBE_SCRIPT);
      expect(check.inputs.environment).toMatchObject({
        ISTIO_REVISION: revision,
        ISTIO_REVISION_KEY: key,
        SANDBOX_TARGET_SERVER: "https://lab.example:6443",
      });
      expect(stack.dependenciesOf(stack.get(COMMAND, `istio-istioctl-${revision}`))).toContain(check.urn);
    }
    expect(stack.get(COMMAND, "istio-existing-istio-check")).toBeDefined();
  });

  test("a held canary install holds only what uses it: its tag, not the main revision's", async () => {
    const held = gate();
    const run = startUnderMocks(
      () => new IstioMesh("istio", { cluster: fakeCluster("k3d"), settings: settings() }),
      {
        hold: (r) => (r.type === COMMAND && r.name === "istio-istioctl-1-31-1" ? held.promise : undefined),
      },
    );
    await run.stack.registration(COMMAND, "istio-tag-prod");
    expect(run.stack.ofType(COMMAND).map((c) => c.name)).not.toContain("istio-tag-next");
    held.open();
    await run.done;
    expect(
      run.stack.registeredAfterCreated(
        { type: COMMAND, name: "istio-tag-next" },
        { type: COMMAND, name: "istio-istioctl-1-31-1" },
      ),
    ).toBe(true);
  });
});

describe("IstioMesh with revisions, Helm", () => {
  const helm = (raw: Record<string, unknown> = {}) =>
    runUnderMocks(
      () =>
        new IstioMesh("istio", {
          cluster: fakeCluster("k3d"),
          settings: settings({ istioInstaller: "helm", ...raw }),
        }),
    );

  test("base once from the newest release; an istiod release per revision; the gateway on the main revision", async () => {
    const { stack } = await helm();
    const releases = stack.ofType(RELEASE).map((r) => `${r.name} ${r.inputs.name}@${r.inputs.version}`);
    expect(releases.sort()).toEqual([
      "istio-base istio-base@1.31.1",
      "istio-gateway istio-ingressgateway@1.30.3",
      "istio-istiod-1-30-3 istiod-1-30-3@1.30.3",
      "istio-istiod-1-31-1 istiod-1-31-1@1.31.1",
    ]);
    expect(stack.get(RELEASE, "istio-istiod-1-31-1").inputs.values.revision).toBe("1-31-1");
    expect(stack.get(RELEASE, "istio-base").inputs.values).toEqual({ defaultRevision: "1-30-3" });
    expect(stack.get(RELEASE, "istio-gateway").inputs.values.revision).toBe("1-30-3");
    expect(stack.dependenciesOf(stack.get(RELEASE, "istio-gateway"))).toContain(
      stack.get(RELEASE, "istio-istiod-1-30-3").urn,
    );
  });

  test("each tag is its own webhook object after its revision's release, never a revisionTags value", async () => {
    const { stack, result } = await helm();
    const webhooks = stack.ofType(WEBHOOK);
    expect(webhooks.map((w) => w.inputs.metadata.name).sort()).toEqual([
      "istio-revision-tag-default",
      "istio-revision-tag-next",
      "istio-revision-tag-prod",
    ]);
    for (const webhook of webhooks) validateKubernetesObject(webhook.inputs);
    const next = stack.get(WEBHOOK, "istio-tag-next");
    expect(next.inputs.webhooks[0].clientConfig.service.name).toBe("istiod-1-31-1");
    expect(stack.dependenciesOf(next)).toContain(stack.get(RELEASE, "istio-istiod-1-31-1").urn);
    for (const release of stack.ofType(RELEASE))
      expect(release.inputs.values).not.toHaveProperty("revisionTags");
    expect(await urnOf(result.injector("next"))).toBe(next.urn);
  });

  test("ambient: istio-cni and ztunnel once, at the main release, ztunnel on the main revision", async () => {
    const { stack } = await helm({ dataplaneMode: "ambient" });
    expect(stack.get(RELEASE, "istio-ztunnel").inputs).toMatchObject({
      version: "1.30.3",
      values: { revision: "1-30-3" },
    });
    expect(stack.get(RELEASE, "istio-cni").inputs.version).toBe("1.30.3");
    expect(stack.ofType(RELEASE).filter((r) => r.inputs.chart === "ztunnel")).toHaveLength(1);
  });
});
