import { helmEnvironment, helmTemplateArgs } from "../../tools/e2e/objects/helm";

const release = {
  resource: "istio-istiod",
  release: "istiod",
  chart: "/work/charts/istio-charts/istiod",
  namespace: "istio-system",
  createNamespace: false,
  values: { profile: "demo" },
};

describe("e2e:objects renders the program's Helm releases", () => {
  test("helm template of the chart on disk, with the release's name, namespace and values, for the cluster's version", () => {
    expect(helmTemplateArgs(release, "/w/values.yaml", "1.34.4")).toEqual([
      "template",
      "istiod",
      "/work/charts/istio-charts/istiod",
      "--namespace",
      "istio-system",
      "--values",
      "/w/values.yaml",
      "--kube-version",
      "1.34.4",
    ]);
  });

  test("a chart from a repository is refused with the reason (the check has no network)", () => {
    expect(() => helmTemplateArgs({ ...release, chart: "istiod" }, "/w/v.yaml", "1.34.4")).toThrow(
      'release istiod (resource istio-istiod) takes chart "istiod" from a repository; e2e:objects renders charts on disk only',
    );
  });

  test("Helm's own directories stay inside the work directory", () => {
    expect(
      Object.values(helmEnvironment("/w/private")).every((dir) => dir.startsWith("/w/private/helm/")),
    ).toBe(true);
    expect(Object.keys(helmEnvironment("/w"))).toEqual([
      "HELM_CONFIG_HOME",
      "HELM_CACHE_HOME",
      "HELM_DATA_HOME",
    ]);
  });
});
