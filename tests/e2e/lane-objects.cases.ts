import { clusterLeftover, leftovers, objectsFromList } from "../../tools/e2e/lane/objects";

const list = JSON.stringify({
  apiVersion: "v1",
  kind: "List",
  items: [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { namespace: "istio-system", name: "fireflyclass-credential" },
      data: { "tls.key": "c2VjcmV0" },
    },
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "default", labels: { "istio-injection": "enabled" } },
    },
  ],
});

describe("object snapshot", () => {
  test("identity and labels only, sorted; a Secret's data is never kept", () => {
    const objects = objectsFromList(list);
    expect(objects).toEqual([
      {
        apiVersion: "v1",
        kind: "Namespace",
        namespace: "",
        name: "default",
        labels: { "istio-injection": "enabled" },
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        namespace: "istio-system",
        name: "fireflyclass-credential",
        labels: {},
      },
    ]);
    expect(JSON.stringify(objects)).not.toContain("c2VjcmV0");
  });
});

describe("leftovers", () => {
  const ns = (name: string) => ({ apiVersion: "v1", kind: "Namespace", namespace: "", name });
  test("what exists after destroy and did not before, Events aside", () => {
    const before = [ns("default"), ns("kube-system")];
    const after = [
      ns("default"),
      ns("kube-system"),
      ns("shop"),
      { apiVersion: "v1", kind: "Event", namespace: "default", name: "x.1" },
      { apiVersion: "events.k8s.io/v1", kind: "Event", namespace: "default", name: "x.2" },
    ];
    expect(leftovers(before, after)).toEqual([ns("shop")]);
  });

  test("in k3d mode the leftover is the cluster itself", () => {
    expect(clusterLeftover("istio-sandbox")).toEqual({
      apiVersion: "k3d.io/v1alpha5",
      kind: "Cluster",
      namespace: "",
      name: "istio-sandbox",
    });
  });
});
