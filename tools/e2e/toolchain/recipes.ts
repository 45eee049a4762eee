/**
 * What the e2e toolchain builds and how: module names, packages and link flags, all derived from the
 * pinned versions. The project holds these names and versions only; sources come from the Go module proxy.
 */
import type { PinnedVersions } from "./versions";

/** One executable: the import path of its main package and the name it gets in `<cache>/bin`. */
export interface Target {
  readonly binary: string;
  readonly pkg: string;
}

/** A way to find the module version to build, tried in order until one answers. */
export interface VersionQuery {
  /** What this query means, for the report of what was tried. */
  readonly description: string;
  /**
   * `module@query` given to `go list -m -json`; when `commitOf` is set, that module@version is listed
   * first and its `Origin.Hash` (the tag's commit) becomes the query.
   */
  readonly module: string;
  readonly query?: string;
  readonly commitOf?: { readonly module: string; readonly version: string };
  /** Link flags that only a build from this version gets (the version the binary reports). */
  readonly ldflags?: readonly string[];
  /** Set when this version is not the pinned release: why, for the progress line and build-status.json. */
  readonly substitute?: string;
  /** The version a binary built from this query reports, when it is not the recipe's `version`. */
  readonly reports?: string;
}

export interface GoRecipe {
  /** Step name, unique: shown in progress lines and build-status.json. */
  readonly name: string;
  readonly module: string;
  /** The version the built binaries report (a query's `reports` overrides it); recorded in toolchain.json. */
  readonly version: string;
  readonly queries: readonly VersionQuery[];
  readonly targets: readonly Target[];
  /** Published version of a module that upstream's go.mod replaces with a local directory. */
  readonly siblingVersion: (module: string) => string | undefined;
  readonly ldflags: readonly string[];
  /** Go's own generator run in a copy of the main package when upstream `go:embed`s a generated file. */
  readonly generateEnv?: Readonly<Record<string, string>>;
  /** A Pulumi resource plugin to install from the built binary. */
  readonly plugin?: { readonly name: string; readonly version: string };
  /**
   * `go get` the module rather than its main packages: for a package path the proxy here answers 403
   * (not 404, which `go get` would pass over), so asking for `<module>/<pkg>@<version>` stops there.
   */
  readonly getModule?: boolean;
}

/** A module whose files (charts, manifests) the lane reads from the module cache. */
export interface SourceRecipe {
  readonly name: keyof SourceDirs | "istio";
  readonly module: string;
  readonly queries: readonly VersionQuery[];
  /** Subdirectories of the module, by `toolchain.json` `sources` key. */
  readonly dirs: Readonly<Partial<Record<keyof SourceDirs, string>>>;
}

export interface SourceDirs {
  readonly istioCharts: string;
  readonly istioAddons: string;
  readonly metallbChart: string;
  readonly gatewayApiCrds: string;
}

const PULUMI_PKG = "github.com/pulumi/pulumi/pkg/v3";
const PULUMI_SDK = "github.com/pulumi/pulumi/sdk/v3";
const PULUMI_VERSION_VAR = `${PULUMI_SDK}/go/common/version.Version`;

function v(version: string): string {
  return version.startsWith("v") ? version : `v${version}`;
}

/** Semantic import versioning: a v2+ module without a go.mod at its root is `+incompatible`. */
function rootTag(version: string): string {
  return /^v?[01]\./.test(version) ? v(version) : `${v(version)}+incompatible`;
}

function exact(module: string, version: string): VersionQuery {
  return { description: `${module}@${version}`, module, query: version };
}

/** A module without tags of its own, fetched at the commit of a tag of `tagModule`. */
function atCommitOf(module: string, tagModule: string, tagVersion: string): VersionQuery {
  return {
    description: `${module} at the commit of ${tagModule}@${tagVersion}`,
    module,
    commitOf: { module: tagModule, version: tagVersion },
  };
}

function pulumiProvider(
  name: "kubernetes" | "tls" | "command",
  module: string,
  versionPackage: string,
  version: string,
): GoRecipe {
  const repo = `github.com/pulumi/pulumi-${name}`;
  return {
    name: `pulumi-resource-${name}`,
    module,
    version,
    queries: [exact(module, v(version)), atCommitOf(module, repo, rootTag(version))],
    targets: [{ binary: `pulumi-resource-${name}`, pkg: `${module}/cmd/pulumi-resource-${name}` }],
    // The provider's own Go SDK is tagged with the provider's release (sdk/vN.x.y).
    siblingVersion: (sibling) => (sibling.startsWith(`${repo}/`) ? v(version) : undefined),
    ldflags: [`-X ${module}/${versionPackage}.Version=${version}`],
    generateEnv: { VERSION: version },
    plugin: { name, version },
  };
}

/** The Go recipes, in build priority: what `pulumi preview` needs first, then the cluster tools. */
export function goRecipes(pinned: PinnedVersions): GoRecipe[] {
  const t = pinned.toolchain;
  const pulumi = v(t.pulumi);
  const kube = v(t.kubernetes);
  const staging = `v0.${t.kubernetes.split(".").slice(1).join(".")}`;
  const kubeVersionFlags = ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"].flatMap(
    (pkg) => {
      const [major, minor] = t.kubernetes.split(".");
      return [
        `-X ${pkg}.gitVersion=${kube}`,
        `-X ${pkg}.gitMajor=${major}`,
        `-X ${pkg}.gitMinor=${minor}`,
        `-X ${pkg}.gitTreeState=clean`,
      ];
    },
  );
  const etcd = v(t.etcd);
  const pulumiSiblings = (module: string) =>
    module === PULUMI_SDK || module === PULUMI_PKG ? pulumi : undefined;
  return [
    {
      name: "pulumi",
      module: PULUMI_PKG,
      version: t.pulumi,
      queries: [exact(PULUMI_PKG, pulumi)],
      targets: [{ binary: "pulumi", pkg: `${PULUMI_PKG}/cmd/pulumi` }],
      siblingVersion: pulumiSiblings,
      ldflags: [`-X ${PULUMI_VERSION_VAR}=${pulumi}`],
    },
    {
      name: "pulumi-language-nodejs",
      module: "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3",
      version: t.pulumi,
      // Untagged: the commit of the CLI's tag, then that of the repository's release tag.
      queries: [
        atCommitOf("github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3", PULUMI_PKG, pulumi),
        atCommitOf(
          "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3",
          "github.com/pulumi/pulumi",
          rootTag(pulumi),
        ),
      ],
      targets: [
        {
          binary: "pulumi-language-nodejs",
          pkg: "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3",
        },
      ],
      siblingVersion: pulumiSiblings,
      ldflags: [`-X ${PULUMI_VERSION_VAR}=${pulumi}`],
    },
    pulumiProvider(
      "kubernetes",
      "github.com/pulumi/pulumi-kubernetes/provider/v4",
      "pkg/version",
      t.providers.kubernetes,
    ),
    pulumiProvider("tls", "github.com/pulumi/pulumi-tls/provider/v5", "pkg/version", t.providers.tls),
    pulumiProvider(
      "command",
      "github.com/pulumi/pulumi-command/provider",
      "pkg/version",
      t.providers.command,
    ),
    {
      name: "kubernetes",
      module: "k8s.io/kubernetes",
      version: t.kubernetes,
      queries: [exact("k8s.io/kubernetes", kube)],
      targets: ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"].map((binary) => ({
        binary,
        pkg: `k8s.io/kubernetes/cmd/${binary}`,
      })),
      // Every k8s.io/* staging module is published as v0.<minor>.<patch> of the same release.
      siblingVersion: (module) => (module.startsWith("k8s.io/") ? staging : undefined),
      ldflags: kubeVersionFlags,
    },
    {
      name: "etcd",
      module: "go.etcd.io/etcd/server/v3",
      version: t.etcd,
      queries: [exact("go.etcd.io/etcd/server/v3", etcd)],
      targets: [{ binary: "etcd", pkg: "go.etcd.io/etcd/server/v3" }],
      // etcd's api, client and pkg modules are released together with the server at one version.
      siblingVersion: (module) => (module.startsWith("go.etcd.io/etcd/") ? etcd : undefined),
      ldflags: [],
    },
    {
      name: "kwok",
      module: "sigs.k8s.io/kwok",
      version: t.kwok,
      queries: [exact("sigs.k8s.io/kwok", v(t.kwok))],
      targets: ["kwok", "kwokctl"].map((binary) => ({ binary, pkg: `sigs.k8s.io/kwok/cmd/${binary}` })),
      siblingVersion: () => undefined,
      // kwokctl picks its Kubernetes defaults from KubeVersion; make them those of the binaries built here.
      ldflags: [
        `-X sigs.k8s.io/kwok/pkg/consts.Version=${v(t.kwok)}`,
        `-X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${kube}`,
      ],
    },
    istioRecipe("istioctl", "istioctl/cmd/istioctl", t.istioctl),
    // istiod's own binary: the lane runs it as a local process in place of istiod's simulated pod.
    istioRecipe("pilot-discovery", "pilot/cmd/pilot-discovery", t.istioctl),
    {
      name: "helm",
      module: "helm.sh/helm/v3",
      version: pinned.helm,
      queries: [exact("helm.sh/helm/v3", v(pinned.helm))],
      targets: [{ binary: "helm", pkg: "helm.sh/helm/v3/cmd/helm" }],
      siblingVersion: () => undefined,
      ldflags: [`-X helm.sh/helm/v3/internal/version.version=${v(pinned.helm)}`],
    },
    {
      name: "metallb",
      module: "go.universe.tf/metallb",
      version: t.metallb,
      queries: [exact("go.universe.tf/metallb", v(t.metallb))],
      targets: [{ binary: "metallb-controller", pkg: "go.universe.tf/metallb/controller" }],
      siblingVersion: () => undefined,
      ldflags: [],
    },
  ];
}

/**
 * Commits of Istio release branches that the Go module proxy here serves, for releases whose tag it
 * does not serve. The release-1.31 commit of 2026-08-27 (its VERSION file says 1.31) stands in for
 * 1.31.1; anything built from it says so.
 */
const ISTIO_BRANCH_COMMITS: Readonly<Record<string, string>> = {
  "1.31": "v0.0.0-20260827124520-eed52ebb66ad",
};

/** A binary of the istio.io/istio module, built from the same version as every other Istio piece. */
function istioRecipe(binary: string, pkg: string, release: string): GoRecipe {
  return {
    name: binary,
    module: "istio.io/istio",
    version: release,
    queries: istioQueries(release),
    targets: [{ binary, pkg: `istio.io/istio/${pkg}` }],
    siblingVersion: () => undefined,
    ldflags: ["-X istio.io/istio/pkg/version.buildStatus=Clean"],
    getModule: true,
  };
}

function istioVersionFlags(reported: string): string[] {
  return [
    `-X istio.io/istio/pkg/version.buildVersion=${reported}`,
    `-X istio.io/istio/pkg/version.buildTag=${reported}`,
  ];
}

/**
 * Istio tags carry no `v`, so they are not module versions: ask the proxy to resolve the tag name.
 * Failing that (the tag, or a module its build needs, refused), the release branch's commit, built
 * as `<minor>-<commit>` (as Istio's own branch builds report themselves) and flagged as a substitute.
 */
export function istioQueries(release: string): VersionQuery[] {
  const tag: VersionQuery = {
    description: `istio.io/istio at the tag ${release}`,
    module: "istio.io/istio",
    query: release,
    ldflags: istioVersionFlags(release),
  };
  const minor = release.split(".").slice(0, 2).join(".");
  const branchCommit = ISTIO_BRANCH_COMMITS[minor];
  if (branchCommit === undefined) return [tag];
  const commit = branchCommit.split("-").pop() ?? branchCommit;
  return [
    tag,
    {
      description: `istio.io/istio at ${branchCommit}, a release-${minor} commit`,
      module: "istio.io/istio",
      query: branchCommit,
      ldflags: istioVersionFlags(`${minor}-${commit}`),
      reports: `${minor}-${commit}`,
      substitute: `the proxy serves no buildable ${release} (its tag, or a module the tag needs, is refused); built from release-${minor} at ${commit}, reporting ${minor}-${commit}`,
    },
  ];
}

export function sourceRecipes(pinned: PinnedVersions): SourceRecipe[] {
  const t = pinned.toolchain;
  return [
    {
      name: "istio",
      module: "istio.io/istio",
      queries: istioQueries(t.istioctl),
      dirs: { istioCharts: "manifests/charts", istioAddons: "samples/addons" },
    },
    {
      name: "metallbChart",
      module: "go.universe.tf/metallb",
      queries: [exact("go.universe.tf/metallb", v(t.metallb))],
      dirs: { metallbChart: "charts/metallb" },
    },
    {
      name: "gatewayApiCrds",
      module: "sigs.k8s.io/gateway-api",
      queries: [exact("sigs.k8s.io/gateway-api", v(pinned.gatewayApi))],
      dirs: { gatewayApiCrds: "config/crd/standard" },
    },
  ];
}
