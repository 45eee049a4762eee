/**
 * The whole program's Helm releases take their charts from disk: a repository's archive from the
 * source cache (read once, through the stand-in network), a local directory as it is. A second run
 * with the network gone declares the same releases.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import type { MockStack } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { FAKE_CACHE, runSandbox } from "./run-sandbox";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const HELM_AMBIENT = { ...stackConfig("Pulumi.dev.yaml"), istioInstaller: "helm", dataplaneMode: "ambient" };

/** Each release's chart as the provider gets it. */
function charts(stack: MockStack): Record<string, { chart: string; repositoryOpts: unknown }> {
  return Object.fromEntries(
    stack
      .ofType(RELEASE)
      .map((r) => [r.name, { chart: r.inputs.chart as string, repositoryOpts: r.inputs.repositoryOpts }]),
  );
}

describe("Helm charts reach the provider from disk", () => {
  test("k3d mode with the Helm installer: every release takes its cached, checksummed archive", async () => {
    const { stack } = await runSandbox(HELM_AMBIENT);
    const found = charts(stack);
    expect(
      Object.fromEntries(Object.entries(found).map(([name, c]) => [name, path.basename(c.chart)])),
    ).toEqual({
      metallb: "metallb-0.16.1.tgz",
      "istio-base": "base-1.31.1.tgz",
      "istio-istiod": "istiod-1.31.1.tgz",
      "istio-cni": "cni-1.31.1.tgz",
      "istio-ztunnel": "ztunnel-1.31.1.tgz",
      "istio-gateway": "gateway-1.31.1.tgz",
    });
    const cache = path.join(FAKE_CACHE.dir, "istio-sandbox/sources");
    for (const { chart, repositoryOpts } of Object.values(found)) {
      expect(repositoryOpts).toBeUndefined();
      expect(path.relative(cache, chart)).toMatch(/^[^./][^/]*\/[^/]+\.tgz$/);
      const record = JSON.parse(fs.readFileSync(path.join(path.dirname(chart), "entry.json"), "utf8"));
      expect(createHash("sha256").update(fs.readFileSync(chart)).digest("hex")).toBe(record.sha256);
    }
  });

  test("a second run without the network declares the same charts, read from the cache", async () => {
    const first = charts((await runSandbox(HELM_AMBIENT)).stack);
    const online = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (url: string | URL | Request) => {
      fetched.push(url instanceof Request ? url.url : url.toString());
      return Promise.reject(new TypeError("fetch failed"));
    };
    try {
      const { stack } = await runSandbox(HELM_AMBIENT, { preview: true });
      expect(charts(stack)).toEqual(first);
    } finally {
      globalThis.fetch = online;
    }
    expect(fetched).toEqual([]);
  });

  test("local chart directories are used where they are, for MetalLB and every Istio chart", async () => {
    const { stack } = await runSandbox({
      ...HELM_AMBIENT,
      istioChartRepo: "/srv/charts/istio",
      metallbChartRepo: "/srv/charts",
    });
    expect(charts(stack)).toEqual({
      metallb: { chart: "/srv/charts/metallb", repositoryOpts: undefined },
      "istio-base": { chart: "/srv/charts/istio/base", repositoryOpts: undefined },
      "istio-istiod": { chart: "/srv/charts/istio/istiod", repositoryOpts: undefined },
      "istio-cni": { chart: "/srv/charts/istio/cni", repositoryOpts: undefined },
      "istio-ztunnel": { chart: "/srv/charts/istio/ztunnel", repositoryOpts: undefined },
      "istio-gateway": { chart: "/srv/charts/istio/gateway", repositoryOpts: undefined },
    });
  });
});
