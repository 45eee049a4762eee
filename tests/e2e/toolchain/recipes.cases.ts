import { goRecipes, istioQueries, sourceRecipes } from "../../../tools/e2e/toolchain/recipes";
import type { PinnedVersions } from "../../../tools/e2e/toolchain/versions";
import { PINNED } from "./pinned";

const pinned: PinnedVersions = PINNED;

const byName = (name: string) => {
  const recipe = goRecipes(pinned).find((r) => r.name === name);
  if (recipe === undefined) throw new Error(`no recipe ${name}`);
  return recipe;
};

describe("recipes", () => {
  it("build what preview needs first, then the cluster tools", () => {
    expect(goRecipes(pinned).map((r) => r.name)).toEqual([
      "pulumi",
      "pulumi-language-nodejs",
      "pulumi-resource-kubernetes",
      "pulumi-resource-tls",
      "pulumi-resource-command",
      "kubernetes",
      "etcd",
      "kwok",
      "istioctl",
      "pilot-discovery",
      "helm",
      "metallb",
    ]);
  });

  it("stamp the CLI with the lockfile's version and map its sdk replace to the same release", () => {
    const pulumi = byName("pulumi");
    expect(pulumi.ldflags).toEqual(["-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.248.0"]);
    expect(pulumi.siblingVersion("github.com/pulumi/pulumi/sdk/v3")).toBe("v3.248.0");
    expect(pulumi.targets).toEqual([{ binary: "pulumi", pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi" }]);
  });

  it("fetch the language host at the commit of the CLI's tag", () => {
    expect(byName("pulumi-language-nodejs").queries[0].commitOf).toEqual({
      module: "github.com/pulumi/pulumi/pkg/v3",
      version: "v3.248.0",
    });
  });

  it("find an untagged provider through its repository's release tag, +incompatible from v2 on", () => {
    expect(byName("pulumi-resource-tls").queries[1].commitOf).toEqual({
      module: "github.com/pulumi/pulumi-tls",
      version: "v5.6.1+incompatible",
    });
    expect(byName("pulumi-resource-command").queries[1].commitOf).toEqual({
      module: "github.com/pulumi/pulumi-command",
      version: "v1.2.1",
    });
    expect(byName("pulumi-resource-kubernetes").plugin).toEqual({ name: "kubernetes", version: "4.34.2" });
    expect(
      byName("pulumi-resource-kubernetes").siblingVersion("github.com/pulumi/pulumi-kubernetes/sdk/v4"),
    ).toBe("v4.34.2");
    expect(byName("pulumi-resource-kubernetes").generateEnv).toEqual({ VERSION: "4.34.2" });
  });

  it("map Kubernetes staging modules to v0.<minor>.<patch> and set the version /version reports", () => {
    const kube = byName("kubernetes");
    expect(kube.siblingVersion("k8s.io/client-go")).toBe("v0.34.4");
    expect(kube.siblingVersion("github.com/other/module")).toBeUndefined();
    expect(kube.ldflags).toContain("-X k8s.io/component-base/version.gitVersion=v1.34.4");
    expect(kube.ldflags).toContain("-X k8s.io/client-go/pkg/version.gitMinor=34");
    expect(kube.targets.map((t) => t.binary)).toEqual([
      "kube-apiserver",
      "kube-controller-manager",
      "kube-scheduler",
      "kubectl",
    ]);
  });

  it("release etcd's sibling modules at the server's version", () => {
    expect(byName("etcd").siblingVersion("go.etcd.io/etcd/api/v3")).toBe("v3.6.16");
  });

  it("point kwokctl's default Kubernetes version at the binaries built here", () => {
    expect(byName("kwok").ldflags).toContain("-X sigs.k8s.io/kwok/pkg/consts.KubeVersion=v1.34.4");
  });

  it("ask for Istio by its tag name, which has no v, and fall back to a release-branch commit labelled as such", () => {
    const [tag, branch] = byName("istioctl").queries;
    expect(tag).toEqual({
      description: "istio.io/istio at the tag 1.31.1",
      module: "istio.io/istio",
      query: "1.31.1",
      ldflags: [
        "-X istio.io/istio/pkg/version.buildVersion=1.31.1",
        "-X istio.io/istio/pkg/version.buildTag=1.31.1",
      ],
    });
    expect(branch).toMatchObject({
      query: "v0.0.0-20260827124520-eed52ebb66ad",
      ldflags: [
        "-X istio.io/istio/pkg/version.buildVersion=1.31-eed52ebb66ad",
        "-X istio.io/istio/pkg/version.buildTag=1.31-eed52ebb66ad",
      ],
      substitute:
        "the proxy serves no buildable 1.31.1 (its tag, or a module the tag needs, is refused); built from release-1.31 at eed52ebb66ad, reporting 1.31-eed52ebb66ad",
    });
    expect(byName("istioctl").ldflags).toEqual(["-X istio.io/istio/pkg/version.buildStatus=Clean"]);
    // A release with no known branch commit gets the tag only.
    expect(istioQueries("1.30.3")).toHaveLength(1);
  });

  it("build istiod's pilot-discovery from the same Istio version as istioctl, asking the proxy for the module only", () => {
    const istioctl = byName("istioctl");
    const pilot = byName("pilot-discovery");
    expect(pilot.targets).toEqual([
      { binary: "pilot-discovery", pkg: "istio.io/istio/pilot/cmd/pilot-discovery" },
    ]);
    expect(pilot.queries).toEqual(istioctl.queries);
    expect(pilot.version).toBe("1.31.1");
    // A package path is answered 403 by the proxy here, which stops `go get pkg@version`.
    expect([istioctl.getModule, pilot.getModule, byName("kubernetes").getModule]).toEqual([
      true,
      true,
      undefined,
    ]);
  });

  it("record the version each build reports: the pin, or a substitute's own", () => {
    expect(byName("kubernetes").version).toBe("1.34.4");
    expect(byName("pulumi-resource-tls").version).toBe("5.6.1");
    const [tag, branch] = byName("istioctl").queries;
    expect(tag.reports).toBeUndefined();
    expect(branch.reports).toBe("1.31-eed52ebb66ad");
  });

  it("read the lane's offline sources from the pinned modules", () => {
    expect(sourceRecipes(pinned).map((s) => [s.module, s.queries[0].query, s.dirs])).toEqual([
      ["istio.io/istio", "1.31.1", { istioCharts: "manifests/charts", istioAddons: "samples/addons" }],
      ["go.universe.tf/metallb", "v0.16.1", { metallbChart: "charts/metallb" }],
      ["sigs.k8s.io/gateway-api", "v1.6.1", { gatewayApiCrds: "config/crd/standard" }],
    ]);
  });
});
