import {
  applyOrder,
  assertUnique,
  crdSources,
  groupOf,
  namespacesToCreate,
} from "../../tools/e2e/objects/apply-plan";
import type { Declared, KubeObject } from "../../tools/e2e/objects/declared";

const obj = (apiVersion: string, kind: string, name: string, namespace?: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

const declared = (objects: KubeObject[], helm: Declared["helmReleases"] = []): Declared => ({
  objects,
  probes: [],
  manifests: [],
  namespacePatches: [],
  helmReleases: helm,
  istioInstalls: [],
  tagCommands: [],
});

describe("apply plan", () => {
  test("namespaces, then secrets, services, workloads, then custom resources; stable within a rank", () => {
    const ordered = applyOrder([
      obj("networking.istio.io/v1", "VirtualService", "vs", "shop"),
      obj("apps/v1", "Deployment", "web", "shop"),
      obj("v1", "Service", "web", "shop"),
      obj("v1", "Secret", "cred", "istio-system"),
      obj("metallb.io/v1beta1", "IPAddressPool", "pool", "metallb-system"),
      obj("v1", "Namespace", "shop"),
      obj("v1", "Secret", "second", "shop"),
    ]);
    expect(ordered.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/shop",
      "Secret/cred",
      "Secret/second",
      "Service/web",
      "Deployment/web",
      "VirtualService/vs",
      "IPAddressPool/pool",
    ]);
  });

  test("an object declared twice is named", () => {
    expect(() =>
      assertUnique([
        obj("v1", "Secret", "a", "x"),
        obj("v1", "Secret", "b", "x"),
        obj("v1", "Secret", "a", "x"),
      ]),
    ).toThrow("declared more than once: v1|Secret|x|a");
  });

  test("CRD sources follow the declared groups; Istio's always", () => {
    expect(groupOf("v1")).toBe("");
    expect(groupOf("metallb.io/v1beta1")).toBe("metallb.io");
    expect(crdSources(declared([obj("v1", "Secret", "a", "x")]), false)).toEqual(["istio"]);
    expect(crdSources(declared([obj("metallb.io/v1beta1", "L2Advertisement", "l2", "m")]), true)).toEqual([
      "istio",
      "metallb",
      "gatewayApi",
    ]);
  });

  test("a Helm release's namespace is made only when it asks for one and no Namespace is declared", () => {
    const helm = [
      {
        resource: "metallb",
        release: "metallb",
        chart: "metallb",
        namespace: "metallb-system",
        createNamespace: true,
        values: {},
      },
      {
        resource: "istiod",
        release: "istiod",
        chart: "istiod",
        namespace: "istio-system",
        createNamespace: false,
        values: {},
      },
      {
        resource: "base",
        release: "base",
        chart: "base",
        namespace: "shop",
        createNamespace: true,
        values: {},
      },
    ];
    expect(namespacesToCreate(declared([obj("v1", "Namespace", "shop")], helm))).toEqual(["metallb-system"]);
  });
});
