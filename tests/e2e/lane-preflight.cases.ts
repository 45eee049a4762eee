import { parseConfig } from "../../components/config";
import { preflightProblems } from "../../tools/e2e/lane/preflight";

const versions = {
  pulumi: "3.248.0",
  providers: { kubernetes: "4.34.2", tls: "5.6.1", command: "1.2.1" },
  kubernetes: "1.34.4",
  etcd: "3.6.16",
  kwok: "0.8.0",
  istioctl: "1.31.1",
  metallb: "0.16.1",
};

describe("lane preflight", () => {
  test("an istioctl stack whose istioVersion is not the toolchain's istioctl stops with the fix", () => {
    const problems = preflightProblems(parseConfig({ istioVersion: "1.30.3" }), versions);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("istioVersion is 1.30.3 but the toolchain's istioctl is 1.31.1");
    expect(problems[0]).toContain("istio-sandbox:istioVersion: 1.31.1");
    expect(problems[0]).toContain("istio-sandbox:istioInstaller: helm");
  });

  test("matching versions, or the Helm installer, pass", () => {
    expect(preflightProblems(parseConfig({ istioVersion: "1.31.1" }), versions)).toEqual([]);
    expect(
      preflightProblems(parseConfig({ istioVersion: "1.30.3", istioInstaller: "helm" }), versions),
    ).toEqual([]);
  });
});
