import {
  INJECTION_LABELS,
  meshNamespaces,
  namespacePreexists,
  peerAuthenticationPlacements,
  renderPeerAuthentication,
} from "../../components/mesh/namespaces";
import { validateKubernetesObject } from "../apps/validate-models";

describe("which namespaces already exist", () => {
  test.each(["default", "kube-system", "kube-public", "kube-node-lease", "istio-system"])(
    "%s exists: patch it",
    (ns) => {
      expect(namespacePreexists(ns, "istio-system")).toBe(true);
    },
  );

  test.each(["shop", "apps", "defaults", "istio-system-2"])("%s is new: create it", (ns) => {
    expect(namespacePreexists(ns, "istio-system")).toBe(false);
  });

  test("Istio's namespace is whatever the install uses", () => {
    expect(namespacePreexists("mesh-control", "mesh-control")).toBe(true);
    expect(namespacePreexists("istio-system", "mesh-control")).toBe(false);
  });
});

describe("mesh namespaces of the apps", () => {
  test("distinct, in first-seen order", () => {
    const apps = [
      { name: "a", namespace: "default" },
      { name: "b", namespace: "shop" },
      { name: "c", namespace: "default" },
      { name: "d", namespace: "blog" },
    ];
    expect(meshNamespaces(apps)).toEqual(["default", "shop", "blog"]);
  });

  test("Kubernetes' own namespaces are refused, with the fix", () => {
    expect(() => meshNamespaces([{ name: "dns", namespace: "kube-system" }])).toThrow(
      'app "dns" is in namespace "kube-system", which belongs to Kubernetes and must stay out of the mesh. Fix: pick another namespace, such as default',
    );
  });

  test("no apps is refused", () => {
    expect(() => meshNamespaces([])).toThrow("no apps, so no mesh namespaces; list at least one app");
  });
});

describe("PeerAuthentication placement", () => {
  test("one per app namespace by default", () => {
    expect(
      peerAuthenticationPlacements(["default", "shop"], { mode: "STRICT", meshWide: false }, "istio-system"),
    ).toEqual([
      { namespace: "default", meshWide: false },
      { namespace: "shop", meshWide: false },
    ]);
  });

  test("plus a mesh-wide one in the root namespace when asked", () => {
    expect(
      peerAuthenticationPlacements(["default"], { mode: "STRICT", meshWide: true }, "istio-system"),
    ).toEqual([
      { namespace: "default", meshWide: false },
      { namespace: "istio-system", meshWide: true },
    ]);
  });

  test("an app namespace equal to the root gets only the mesh-wide policy", () => {
    expect(
      peerAuthenticationPlacements(
        ["istio-system", "default"],
        { mode: "PERMISSIVE", meshWide: true },
        "istio-system",
      ),
    ).toEqual([
      { namespace: "default", meshWide: false },
      { namespace: "istio-system", meshWide: true },
    ]);
  });
});

describe("PeerAuthentication rendering", () => {
  test.each(["STRICT", "PERMISSIVE"] as const)("%s, named default, security.istio.io/v1", (mode) => {
    const pa = renderPeerAuthentication("shop", mode);
    expect(pa).toEqual({
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: "shop" },
      spec: { mtls: { mode } },
    });
    validateKubernetesObject(pa);
  });

  test("the schema model rejects an unknown mode", () => {
    const pa = renderPeerAuthentication("shop", "STRICT");
    expect(() => validateKubernetesObject({ ...pa, spec: { mtls: { mode: "ON" } } })).toThrow();
  });

  test("the injection label is istio-injection=enabled", () => {
    expect(INJECTION_LABELS).toEqual({ "istio-injection": "enabled" });
  });
});
