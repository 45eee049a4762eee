import { parseConfig } from "../../components/config";
import { istioctlSubstitute, preflightProblems } from "../../tools/e2e/lane/preflight";
import type { BinaryRecord } from "../../tools/e2e/toolchain/locate";
import { PINNED } from "./toolchain/pinned";

const versions = PINNED.toolchain;

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

  describe("a substitute istioctl", () => {
    const substitute: BinaryRecord = {
      path: "/c/bin/istioctl",
      version: "1.31-eed52ebb66ad",
      origin: "substitute",
      wanted: "1.31.1",
      substitute: "the proxy serves no 1.31.1 tag; built from release-1.31 at eed52ebb66ad",
    };

    test("is accepted, by its exact version, for a stack that installs the release it stands in for", () => {
      expect(istioctlSubstitute(parseConfig({ istioVersion: "1.31.1" }), { istioctl: substitute })).toEqual({
        version: "1.31-eed52ebb66ad",
        for: "1.31.1",
        reason: "the proxy serves no 1.31.1 tag; built from release-1.31 at eed52ebb66ad",
      });
    });

    test("is not offered for another release, for Helm, or where istioctl was built from its release", () => {
      expect(
        istioctlSubstitute(parseConfig({ istioVersion: "1.30.3" }), { istioctl: substitute }),
      ).toBeUndefined();
      expect(
        istioctlSubstitute(parseConfig({ istioVersion: "1.31.1", istioInstaller: "helm" }), {
          istioctl: substitute,
        }),
      ).toBeUndefined();
      expect(
        istioctlSubstitute(parseConfig({ istioVersion: "1.31.1" }), {
          istioctl: { ...substitute, origin: "built", version: "1.31.1" },
        }),
      ).toBeUndefined();
      expect(istioctlSubstitute(parseConfig({ istioVersion: "1.31.1" }), {})).toBeUndefined();
    });
  });
});
