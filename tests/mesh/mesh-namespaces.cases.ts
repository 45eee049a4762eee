import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "../../components/config";
import { MeshNamespaces } from "../../components/mesh";
import { gate, runUnderMocks, startUnderMocks } from "../harness/mock-program";
import {
  CLUSTER_COMMAND,
  fakeCluster,
  fakeIstio,
  isIstioReady,
  ISTIO_READY_NAME,
  ISTIO_READY_TYPE,
} from "../harness/component-fakes";
import { validateKubernetesObject } from "../apps/validate-models";

const PATCH = "kubernetes:core/v1:NamespacePatch";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const PEER_AUTH = "kubernetes:security.istio.io/v1:PeerAuthentication";

function declare(namespaces: string[], raw: Record<string, unknown> = {}) {
  const mtls = parseConfig(raw).mtls;
  return () =>
    new MeshNamespaces("mesh", { cluster: fakeCluster("k3d"), istio: fakeIstio(), namespaces, mtls });
}

describe("MeshNamespaces component", () => {
  test("labels the existing default namespace istio-injection=enabled with a NamespacePatch", async () => {
    const { stack } = await runUnderMocks(declare(["default"]));
    const patch = stack.get(PATCH, "mesh-default");
    expect(patch.inputs.metadata).toEqual({
      name: "default",
      labels: { "istio-injection": "enabled" },
      // A label set earlier by hand must not make the patch fail.
      annotations: { "pulumi.com/patchForce": "true" },
    });
    expect(stack.ofType(NAMESPACE)).toEqual([]);
    validateKubernetesObject({ ...patch.inputs, apiVersion: "v1", kind: "Namespace" });
  });

  test("creates a new namespace with the label already on it", async () => {
    const { stack } = await runUnderMocks(declare(["default", "shop"]));
    const ns = stack.get(NAMESPACE, "mesh-shop");
    expect(ns.inputs.metadata).toEqual({ name: "shop", labels: { "istio-injection": "enabled" } });
    expect(stack.ofType(PATCH).map((r) => r.name)).toEqual(["mesh-default"]);
    validateKubernetesObject(ns.inputs);
  });

  test("a STRICT PeerAuthentication named default in each namespace, by default", async () => {
    const { stack, result } = await runUnderMocks(declare(["default", "shop"]));
    const pas = stack.ofType(PEER_AUTH);
    // Registration order follows dependency resolution, so compare as a set.
    expect(pas.map((r) => r.inputs.metadata).sort((a, b) => a.namespace.localeCompare(b.namespace))).toEqual([
      { name: "default", namespace: "default" },
      { name: "default", namespace: "shop" },
    ]);
    for (const pa of pas) {
      expect(pa.inputs.apiVersion).toBe("security.istio.io/v1");
      expect(pa.inputs.spec).toEqual({ mtls: { mode: "STRICT" } });
      validateKubernetesObject(pa.inputs);
    }
    expect(result.mtlsMode).toBe("STRICT");
  });

  test("PERMISSIVE when configured", async () => {
    const { stack } = await runUnderMocks(declare(["default"], { mtlsMode: "PERMISSIVE" }));
    expect(stack.get(PEER_AUTH, "mesh-default-peer-authentication").inputs.spec.mtls.mode).toBe("PERMISSIVE");
  });

  test("mesh-wide: one more PeerAuthentication in istio-system", async () => {
    const { stack } = await runUnderMocks(declare(["default"], { meshWideMtls: true }));
    const meshWide = stack.get(PEER_AUTH, "mesh-mesh-wide-peer-authentication");
    expect(meshWide.inputs.metadata).toEqual({ name: "default", namespace: "istio-system" });
    expect(meshWide.inputs.spec).toEqual({ mtls: { mode: "STRICT" } });
    expect(stack.ofType(PEER_AUTH)).toHaveLength(2);
  });

  test("every resource is deletedWith the k3d cluster", async () => {
    const { stack } = await runUnderMocks(declare(["default", "shop"], { meshWideMtls: true }));
    const cluster = stack.get(CLUSTER_COMMAND.type, CLUSTER_COMMAND.name);
    const own = stack.resources.filter(
      (r) => r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes",
    );
    expect(own).toHaveLength(5);
    for (const r of own) expect(r.deletedWith).toBe(cluster.urn);
  });

  test("PeerAuthentications wait for the Istio install; namespace labels do not", async () => {
    const istio = gate();
    const run = startUnderMocks(declare(["default", "shop"], { meshWideMtls: true }), {
      hold: (r) => (isIstioReady(r) ? istio.promise : undefined),
    });
    await run.stack.registration(PATCH, "mesh-default");
    await run.stack.registration(NAMESPACE, "mesh-shop");
    expect(run.stack.ofType(PEER_AUTH)).toEqual([]);
    istio.open();
    await run.done;
    const ready = { type: ISTIO_READY_TYPE, name: ISTIO_READY_NAME };
    const pas = run.stack.ofType(PEER_AUTH);
    expect(pas).toHaveLength(3);
    for (const pa of pas) expect(run.stack.registeredAfterCreated(pa, ready)).toBe(true);
  });

  test("labelling Istio's own namespace waits for the install that creates it", async () => {
    const istio = gate();
    const run = startUnderMocks(declare(["istio-system", "default"]), {
      hold: (r) => (isIstioReady(r) ? istio.promise : undefined),
    });
    await run.stack.registration(PATCH, "mesh-default");
    expect(run.stack.resources.map((r) => r.name)).not.toContain("mesh-istio-system");
    istio.open();
    await run.done;
    expect(
      run.stack.registeredAfterCreated(
        { type: PATCH, name: "mesh-istio-system" },
        { type: ISTIO_READY_TYPE, name: ISTIO_READY_NAME },
      ),
    ).toBe(true);
  });

  test("injectionLabel gives the labelling resource, and refuses a namespace outside the mesh", async () => {
    let mesh: MeshNamespaces | undefined;
    const { stack } = await runUnderMocks(() => {
      mesh = declare(["default", "shop"])();
    });
    const urn = await new Promise<string>((ok) =>
      pulumi.output((mesh!.injectionLabel("shop") as pulumi.CustomResource).urn).apply(ok),
    );
    expect(urn).toBe(stack.get(NAMESPACE, "mesh-shop").urn);
    expect(() => mesh!.injectionLabel("blog")).toThrow(
      'namespace "blog" is not a mesh namespace (known: default, shop); its pods would start without a sidecar',
    );
  });

  test("a namespace listed twice is refused", async () => {
    await expect(runUnderMocks(declare(["shop", "shop"]))).rejects.toThrow(
      'namespace "shop" is listed twice',
    );
  });
});
