/**
 * The whole program with two revisions and tags: namespace labels, restarts, waypoints, the order in
 * which apps wait for their revision's injector, the istioRevisions output, schemas and the policy pack.
 */
import { parse } from "yaml";
import { runPack } from "../../policies/testing/run-pack";
import { isKubernetesType, validateKubernetesObjects } from "../apps/validate-models";
import { gate, type MockStack, resolve } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { packInput } from "./pack-input";
import { runSandbox, startSandbox } from "./run-sandbox";

const COMMAND = "command:local:Command";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const ANNOTATION = "istio-sandbox/sidecar-revision";
const IMAGE = "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0";

/** Two revisions, a tag on each, one namespace per revision or tag. */
const CANARY = {
  ...stackConfig("Pulumi.dev.yaml"),
  istioVersion: "1.30.3",
  istioRevision: "1-30-3",
  istioCanary: { version: "1.31.1", revision: "1-31-1" },
  istioTags: { prod: "1-30-3", next: "1-31-1" },
  apps: [
    { name: "helloworld", image: IMAGE, revision: "prod" },
    { name: "shop", image: IMAGE, namespace: "shop", revision: "next" },
    { name: "lab", image: IMAGE, namespace: "lab", revision: "1-31-1" },
  ],
};

async function violations(stack: MockStack) {
  return runPack(packInput(stack));
}

function objects(stack: MockStack): Record<string, any>[] {
  return stack.resources
    .filter((r) => isKubernetesType(r.type) && r.custom && !/metallb\.io|helm\.sh/.test(r.type))
    .map((r) => (r.type.endsWith("Patch") ? { ...r.inputs, apiVersion: "v1", kind: "Namespace" } : r.inputs));
}

/** The app namespaces' labels: what MeshNamespaces declares. */
const labelsOf = (stack: MockStack) => {
  const mesh = stack.get("istio-sandbox:mesh:MeshNamespaces", "mesh").urn;
  return Object.fromEntries(
    stack.resources
      .filter((r) => /core\/v1:Namespace(Patch)?$/.test(r.type) && r.parent === mesh)
      .map((r) => [r.inputs.metadata.name, r.inputs.metadata.labels]),
  );
};

describe.each(["istioctl", "helm"])("two revisions and tags, sidecars, %s", (installer) => {
  const config = { ...CANARY, istioInstaller: installer };

  test("each namespace is labelled istio.io/rev with its revision or tag, never istio-injection", async () => {
    const { stack } = await runSandbox(config);
    expect(labelsOf(stack)).toEqual({
      default: { "istio.io/rev": "prod" },
      shop: { "istio.io/rev": "next" },
      lab: { "istio.io/rev": "1-31-1" },
    });
  });

  test("each Deployment names the revision its sidecar comes from, a tag resolved", async () => {
    const { stack } = await runSandbox(config);
    const revisionOf = (name: string) =>
      stack.ofType(DEPLOYMENT).find((d) => d.inputs.metadata.name === name)?.inputs.spec.template.metadata
        .annotations[ANNOTATION];
    expect([revisionOf("helloworld"), revisionOf("shop"), revisionOf("lab")]).toEqual([
      "1-30-3",
      "1-31-1",
      "1-31-1",
    ]);
  });

  test("every object passes its upstream schema, and the policy pack finds nothing", async () => {
    const { stack } = await runSandbox(config);
    expect(() => validateKubernetesObjects(objects(stack))).not.toThrow();
    expect(await violations(stack)).toEqual([]);
  });

  test("the istioRevisions output lists revisions, tags, and each namespace's label and revision", async () => {
    const { outputs } = await runSandbox(config);
    expect((await resolve(outputs.istioRevisions)).value).toEqual({
      main: "1-30-3",
      canary: "1-31-1",
      tags: { default: "1-30-3", prod: "1-30-3", next: "1-31-1" },
      namespaces: {
        default: { label: "prod", revision: "1-30-3" },
        shop: { label: "next", revision: "1-31-1" },
        lab: { label: "1-31-1", revision: "1-31-1" },
      },
    });
  });
});

describe("apps wait for their revision's injector", () => {
  const CANARY_INSTALL = { type: COMMAND, name: "istio-istioctl-1-31-1" };
  const deployment = (app: string) => ({ type: DEPLOYMENT, name: app });

  test("a held canary install holds the canary's namespaces and apps, not the main revision's", async () => {
    const held = gate();
    const run = startSandbox(CANARY, {
      hold: (r) =>
        r.type === CANARY_INSTALL.type && r.name === CANARY_INSTALL.name ? held.promise : undefined,
    });
    await run.stack.registration(DEPLOYMENT, "default-helloworld-deployment");
    const registered = run.stack.resources.map((r) => r.name);
    for (const waiting of [
      "mesh-shop",
      "mesh-lab",
      "istio-tag-next",
      "shop-shop-deployment",
      "lab-lab-deployment",
    ]) {
      expect([waiting, registered.includes(waiting)]).toEqual([waiting, false]);
    }
    held.open();
    await run.done;
    for (const name of ["mesh-lab", "istio-tag-next", "shop-shop-deployment", "lab-lab-deployment"]) {
      const type = run.stack.resources.find((r) => r.name === name)?.type as string;
      expect([name, run.stack.registeredAfterCreated({ type, name }, CANARY_INSTALL)]).toEqual([name, true]);
    }
    expect(
      run.stack.registeredAfterCreated(deployment("default-helloworld-deployment"), CANARY_INSTALL),
    ).toBe(false);
  });

  test("a held tag holds the namespaces on it and their apps", async () => {
    const TAG = { type: COMMAND, name: "istio-tag-prod" };
    const held = gate();
    const run = startSandbox(CANARY, {
      hold: (r) => (r.type === TAG.type && r.name === TAG.name ? held.promise : undefined),
    });
    await run.stack.registration(DEPLOYMENT, "lab-lab-deployment");
    expect(run.stack.resources.map((r) => r.name)).not.toContain("default-helloworld-deployment");
    held.open();
    await run.done;
    expect(run.stack.registeredAfterCreated(deployment("default-helloworld-deployment"), TAG)).toBe(true);
    expect(
      run.stack.registeredAfterCreated(
        { type: "kubernetes:core/v1:NamespacePatch", name: "mesh-default" },
        TAG,
      ),
    ).toBe(true);
  });
});

describe("two revisions in ambient mode, with waypoints", () => {
  const ambient = {
    ...CANARY,
    dataplaneMode: "ambient",
    waypoint: true,
    ingressApi: "gateway-api",
  };

  test.each(["istioctl", "helm"])(
    "%s: namespaces stay ambient without istio.io/rev; each waypoint names its revision or tag and waits for it",
    async (installer) => {
      const { stack } = await runSandbox({ ...ambient, istioInstaller: installer });
      for (const labels of Object.values(labelsOf(stack))) {
        expect(labels).toEqual({ "istio.io/dataplane-mode": "ambient", "istio.io/use-waypoint": "waypoint" });
      }
      const waypoints = stack
        .ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway")
        .filter((g) => g.name.startsWith("waypoints-"));
      expect(
        Object.fromEntries(
          waypoints.map((w) => [w.inputs.metadata.namespace, w.inputs.metadata.labels["istio.io/rev"]]),
        ),
      ).toEqual({
        default: "prod",
        shop: "next",
        lab: "1-31-1",
      });
      const injector = installer === "helm" ? "istio-istiod-1-31-1" : "istio-istioctl-1-31-1";
      const lab = waypoints.find((w) => w.inputs.metadata.namespace === "lab");
      expect([...stack.dependenciesOf(lab as never)].some((urn) => urn.endsWith(`::${injector}`))).toBe(true);
      for (const d of stack.ofType(DEPLOYMENT))
        expect(d.inputs.spec.template.metadata.annotations).toBeUndefined();
      expect(() => validateKubernetesObjects(objects(stack))).not.toThrow();
      expect(await violations(stack)).toEqual([]);
    },
  );

  test("istioctl: only the main revision installs istio-cni and ztunnel", async () => {
    const { stack } = await runSandbox(ambient);
    const spec = (name: string) => parse(stack.get(COMMAND, name).inputs.stdin as string).spec;
    expect(spec("istio-istioctl-1-30-3")).toMatchObject({ profile: "ambient", revision: "1-30-3" });
    expect(spec("istio-istioctl-1-30-3").components.cni).toBeUndefined();
    expect(spec("istio-istioctl-1-31-1").components).toMatchObject({
      cni: { enabled: false },
      ztunnel: { enabled: false },
    });
  });
});

describe("existing mode with revisions", () => {
  const KUBECONFIG =
    "apiVersion: v1\nkind: Config\ncurrent-context: lab\ncontexts:\n  - name: lab\n    context: { cluster: lab, user: admin }\nclusters:\n  - name: lab\n    cluster: { server: 'https://lab.example:6443' }\nusers:\n  - name: admin\n    user: { token: t }\n";

  test("each revision is checked for a foreign istiod of its name before its install; tags come off on destroy", async () => {
    const { stack } = await runSandbox({ ...CANARY, mode: "existing", kubeconfig: KUBECONFIG, addons: [] });
    for (const revision of ["1-30-3", "1-31-1"]) {
      const check = stack.get(COMMAND, `istio-${revision}-revision-check`);
      expect(check.inputs.environment.ISTIO_REVISION).toBe(revision);
      expect(stack.dependenciesOf(stack.get(COMMAND, `istio-istioctl-${revision}`))).toContain(check.urn);
    }
    const prod = stack.get(COMMAND, "istio-tag-prod");
    expect(prod.inputs.delete).toContain("istioctl tag remove 'prod'");
    expect(prod.deletedWith).toBeUndefined();
  });
});
