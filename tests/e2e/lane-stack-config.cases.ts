import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseConfig } from "../../components/config";
import type { AddonName } from "../../components/config/types";
import {
  ISTIO_CHART_DIRS,
  laneStackDocument,
  layOutChartRepos,
  needsSimulatedCluster,
  offlineSourceValues,
  readStackFile,
  stackFilePath,
} from "../../tools/e2e/lane/stack-config";
import { tempDir } from "./harness/temp-dirs";

const ROOT = path.resolve(__dirname, "../..");
const tmp = () => tempDir("lane-stack-");

describe("the stack file a run starts from", () => {
  test("--stack NAME reads Pulumi.NAME.yaml at the root; --stack-file any file", () => {
    expect(stackFilePath("/repo", "dev")).toBe("/repo/Pulumi.dev.yaml");
    expect(stackFilePath("/repo", "dev", "/elsewhere/mine.yaml")).toBe("/elsewhere/mine.yaml");
  });

  test("the project's stack files are read with the program's own config code", () => {
    const dev = readStackFile(path.join(ROOT, "Pulumi.dev.yaml"));
    expect(dev.config.mode).toBe("k3d");
    expect(dev.values.agents).toBe(5);
  });

  test("an existing-mode stack without a kubeconfig is valid here: the lane brings the cluster", () => {
    const existing = readStackFile(path.join(ROOT, "Pulumi.e2e-existing.yaml"));
    expect(needsSimulatedCluster(existing.values)).toBe(true);
    expect(needsSimulatedCluster({ mode: "existing", kubeconfig: "~/.kube/config" })).toBe(false);
    expect(needsSimulatedCluster({ mode: "k3d" })).toBe(false);
  });

  test("a missing or invalid file is an error naming the file and, for a bad key, the key", () => {
    expect(() => readStackFile("/nowhere/Pulumi.x.yaml")).toThrow(
      "cannot read the stack file /nowhere/Pulumi.x.yaml",
    );
    const file = path.join(tmp(), "Pulumi.bad.yaml");
    fs.writeFileSync(file, "config:\n  istio-sandbox:agnets: 2\n");
    expect(() => readStackFile(file)).toThrow(`the stack file ${file} is not valid`);
    expect(() => readStackFile(file)).toThrow("istio-sandbox:agnets");
  });
});

describe("the stack the lane runs", () => {
  const sources = {
    istioCharts: "/gomod/istio.io/istio@v1.31.1/manifests/charts",
    istioAddons: "/gomod/istio.io/istio@v1.31.1/samples/addons",
    metallbChart: "/gomod/go.universe.tf/metallb@v0.16.1/charts/metallb",
    gatewayApiCrds: "/gomod/sigs.k8s.io/gateway-api@v1.6.1/config/crd/standard",
  };

  test("Istio's source charts are laid out under their published names, MetalLB's as <dir>/metallb", () => {
    const dir = tmp();
    const repos = layOutChartRepos(sources, dir);
    expect(Object.keys(ISTIO_CHART_DIRS).sort()).toEqual(["base", "cni", "gateway", "istiod", "ztunnel"]);
    expect(fs.readlinkSync(path.join(repos.istio, "istiod"))).toBe(
      `${sources.istioCharts}/istio-control/istio-discovery`,
    );
    expect(fs.readlinkSync(path.join(repos.istio, "cni"))).toBe(`${sources.istioCharts}/istio-cni`);
    expect(fs.readlinkSync(path.join(repos.istio, "base"))).toBe(`${sources.istioCharts}/base`);
    expect(fs.readlinkSync(path.join(repos.metallb, "metallb"))).toBe(sources.metallbChart);
  });

  test("the Gateway API and add-on sources are set only where the stack uses them", () => {
    const repos = { istio: "/run/istio-charts", metallb: "/run/metallb-charts" };
    const uses = (install: boolean, enabled: readonly AddonName[]) => ({
      gatewayApi: { version: "v1.6.1", crds: "https://example.invalid/crds.yaml", install, adopt: false },
      addons: { enabled, source: "https://example.invalid/addons", version: "1.31.1" },
    });
    expect(offlineSourceValues(sources, repos, uses(true, ["kiali"]))).toEqual({
      istioChartRepo: repos.istio,
      metallbChartRepo: repos.metallb,
      gatewayApiCrds: sources.gatewayApiCrds,
      addonsSource: sources.istioAddons,
    });
    expect(offlineSourceValues(sources, repos, uses(false, []))).toEqual({
      istioChartRepo: repos.istio,
      metallbChartRepo: repos.metallb,
    });
  });

  test("every source the lane sets for the project's stacks passes the program's config checks", () => {
    for (const stackName of ["dev", "e2e-existing", "e2e-helm", "e2e-mutual"]) {
      const stack = readStackFile(path.join(ROOT, `Pulumi.${stackName}.yaml`));
      const overrides = offlineSourceValues(sources, { istio: "/i", metallb: "/m" }, stack.config);
      const { yaml } = laneStackDocument(stack, { ...overrides, kubeconfig: "/k" });
      const doc = parse(yaml);
      const values = Object.fromEntries(
        Object.entries(doc.config as Record<string, unknown>).map(([k, v]) => [
          k.replace(/^istio-sandbox:/, ""),
          v,
        ]),
      );
      if (values.mode !== "existing") delete values.kubeconfig;
      expect(() => parseConfig(values)).not.toThrow();
    }
  });

  test("overrides are added to the user's config; keys the schema does not know are left out and named", () => {
    const stack = readStackFile(path.join(ROOT, "Pulumi.dev.yaml"));
    const { yaml, unknownKeys } = laneStackDocument(stack, { kubeconfig: "/k", futureKey: "x" }, [
      "kubeconfig",
      "agents",
    ]);
    const doc = parse(yaml);
    expect(doc.config["istio-sandbox:kubeconfig"]).toBe("/k");
    expect(doc.config["istio-sandbox:agents"]).toBe(5);
    expect(doc.config["istio-sandbox:futureKey"]).toBeUndefined();
    expect(unknownKeys).toEqual(["futureKey"]);
  });
});
