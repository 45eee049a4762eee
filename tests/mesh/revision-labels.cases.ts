/** Namespaces and waypoints of a stack with revisions: the labels, and what they wait for. */
import { parseConfig } from "../../components/config";
import { renderWaypoint } from "../../components/ambient";
import { MeshNamespaces, namespaceRevisions, revisionLabels } from "../../components/mesh";
import { StandIn, fakeCluster, fakeIstio } from "../harness/component-fakes";
import { runUnderMocks } from "../harness/mock-program";
import { validateKubernetesObject } from "../apps/validate-models";

const IMAGE = "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0";

describe("revision labels", () => {
  test("sidecars: istio.io/rev replaces istio-injection, which would win over it", () => {
    expect(revisionLabels({ "istio-injection": "enabled" }, "prod")).toEqual({ "istio.io/rev": "prod" });
  });

  test("each namespace takes its apps' revision or tag, istioRevision by default", () => {
    const config = parseConfig({
      istioRevision: "1-31-1",
      istioTags: { prod: "1-31-1" },
      apps: [
        { name: "a", image: IMAGE },
        { name: "b", image: IMAGE, namespace: "shop", revision: "prod" },
        { name: "c", image: IMAGE, namespace: "shop", revision: "prod" },
      ],
    });
    expect([...namespaceRevisions(config.apps)]).toEqual([
      ["default", "1-31-1"],
      ["shop", "prod"],
    ]);
    expect(namespaceRevisions(parseConfig({}).apps).size).toBe(0);
  });

  test("ambient: the waypoint, not the namespace, names its revision", () => {
    const waypoint = renderWaypoint("shop", "prod");
    expect(waypoint.metadata.labels).toEqual({ "istio.io/waypoint-for": "service", "istio.io/rev": "prod" });
    expect(renderWaypoint("shop").metadata.labels).toEqual({ "istio.io/waypoint-for": "service" });
  });
});

describe("MeshNamespaces with revisions", () => {
  test("each namespace is labelled with its target and waits for what serves it", async () => {
    const { stack } = await runUnderMocks(() => {
      const prod = new StandIn("istio-sandbox:test:Injector", "tag-prod");
      const canary = new StandIn("istio-sandbox:test:Injector", "revision-1-31-1");
      return new MeshNamespaces("mesh", {
        cluster: fakeCluster("k3d"),
        istio: fakeIstio(),
        namespaces: ["default", "shop"],
        mtls: parseConfig({}).mtls,
        revisions: new Map([
          ["default", { target: "prod", injector: prod }],
          ["shop", { target: "1-31-1", injector: canary }],
        ]),
      });
    });
    const patch = stack.get("kubernetes:core/v1:NamespacePatch", "mesh-default");
    const shop = stack.get("kubernetes:core/v1:Namespace", "mesh-shop");
    expect(patch.inputs.metadata.labels).toEqual({ "istio.io/rev": "prod" });
    expect(shop.inputs.metadata.labels).toEqual({ "istio.io/rev": "1-31-1" });
    validateKubernetesObject(shop.inputs);
    expect(stack.dependenciesOf(patch)).toContain(stack.get("istio-sandbox:test:Injector", "tag-prod").urn);
    expect(stack.dependenciesOf(shop)).toContain(
      stack.get("istio-sandbox:test:Injector", "revision-1-31-1").urn,
    );
  });
});
