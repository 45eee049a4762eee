/**
 * Where the CRDs come from: the Go module cache copies the toolchain build fetched (contracts.md),
 * read from toolchain.json when the build completed, else found in the module cache directly.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PinnedVersions } from "../toolchain/versions";

export interface CrdFiles {
  /** `<istio.io/istio>/manifests/charts/base/files/crd-all.gen.yaml`. */
  readonly istio: string;
  /** `<metallb>/charts/metallb/charts/crds/templates/crds.yaml` (a Helm template). */
  readonly metallb: string;
  /** `<gateway-api>/config/crd/standard`, when that module is in the cache. */
  readonly gatewayApi?: string;
  /** `<istio.io/istio>/samples/addons`: the add-on manifests the program reads instead of downloading. */
  readonly istioAddons: string;
  /** `<istio.io/istio>/manifests/charts` and `<metallb>/charts/metallb`: the charts `helm template` renders. */
  readonly istioCharts: string;
  readonly metallbChart: string;
}

export const ISTIO_CRDS = "manifests/charts/base/files/crd-all.gen.yaml";
export const METALLB_CRDS = "charts/crds/templates/crds.yaml";

/**
 * The istio.io/istio module whose version ends with the commit istioctl reports (`1.31-eed52ebb66ad`
 * is built from `…-eed52ebb66ad`), so the CRDs match the istioctl that judges them; without an
 * istioctl, the pinned release's module, else the newest pseudo-version in the cache.
 */
export function istioModuleFor(
  candidates: readonly string[],
  istioctlVersion: string,
  pinnedRelease: string,
): string | undefined {
  const commit = /-([0-9a-f]{12})$/.exec(istioctlVersion)?.[1];
  if (commit !== undefined) return candidates.find((c) => c.endsWith(`-${commit}`));
  const release = /^\d+\.\d+\.\d+$/.test(istioctlVersion) ? istioctlVersion : pinnedRelease;
  return (
    candidates.find((c) => c.endsWith(`@${release}`)) ??
    (istioctlVersion === "" ? [...candidates].sort().at(-1) : undefined)
  );
}

/**
 * Renders the MetalLB CRDs template: its only expression is the conversion webhook's namespace
 * (`{{ .Release.Namespace }}`); anything else is refused rather than guessed.
 */
export function renderMetallbCrds(template: string, namespace: string): string {
  const rendered = template.replace(/\{\{-?\s*\.Release\.Namespace\s*-?\}\}/g, namespace);
  const left = /\{\{[^}]*\}\}/.exec(rendered);
  if (left) throw new Error(`MetalLB's CRD template has an expression this check cannot render: ${left[0]}`);
  return rendered;
}

export function findCrdFiles(
  pinned: PinnedVersions,
  istioctlVersion: string,
  toolchainSources?: {
    istioCharts: string;
    istioAddons: string;
    metallbChart: string;
    gatewayApiCrds: string;
  },
): CrdFiles {
  if (toolchainSources !== undefined) {
    return {
      istio: path.join(toolchainSources.istioCharts, "base/files/crd-all.gen.yaml"),
      istioAddons: toolchainSources.istioAddons,
      istioCharts: toolchainSources.istioCharts,
      metallbChart: toolchainSources.metallbChart,
      metallb: path.join(toolchainSources.metallbChart, METALLB_CRDS),
      gatewayApi: fs.existsSync(toolchainSources.gatewayApiCrds)
        ? toolchainSources.gatewayApiCrds
        : undefined,
    };
  }
  const modcache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
  const istioDir = path.join(modcache, "istio.io");
  const candidates = fs.existsSync(istioDir)
    ? fs
        .readdirSync(istioDir)
        .filter((d) => d.startsWith("istio@"))
        .map((d) => path.join(istioDir, d))
    : [];
  const istio = istioModuleFor(candidates, istioctlVersion, pinned.toolchain.istioctl);
  if (istio === undefined)
    throw new Error(
      `no istio.io/istio module for istioctl ${istioctlVersion} in ${istioDir}: run \`npm run e2e:tools\``,
    );
  const metallb = path.join(
    modcache,
    "go.universe.tf",
    `metallb@v${pinned.toolchain.metallb}`,
    "charts/metallb",
  );
  const gatewayApi = path.join(
    modcache,
    "sigs.k8s.io",
    `gateway-api@v${pinned.gatewayApi}`,
    "config/crd/standard",
  );
  return {
    istio: path.join(istio, ISTIO_CRDS),
    istioAddons: path.join(istio, "samples/addons"),
    istioCharts: path.join(istio, "manifests/charts"),
    metallbChart: metallb,
    metallb: path.join(metallb, METALLB_CRDS),
    gatewayApi: fs.existsSync(gatewayApi) ? gatewayApi : undefined,
  };
}
