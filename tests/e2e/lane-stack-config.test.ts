import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
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
    expect(offlineSourceValues(sources, repos)).toEqual({
      istioChartRepo: repos.istio,
      metallbChartRepo: repos.metallb,
      gatewayApiCrds: sources.gatewayApiCrds,
      addonsSource: sources.istioAddons,
    });
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
