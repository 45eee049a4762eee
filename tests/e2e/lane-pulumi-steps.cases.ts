import { LANE_PASSPHRASE, laneEnv, pulumiArgs } from "../../tools/e2e/lane/pulumi-steps";

describe("pulumi command lines", () => {
  test("preview and up run the policy pack; up and destroy do not prompt", () => {
    expect(pulumiArgs("preview", "dev")).toEqual([
      "preview",
      "--stack",
      "dev",
      "--non-interactive",
      "--color=never",
      "--json",
      "--policy-pack",
      "policies",
    ]);
    expect(pulumiArgs("up", "dev").slice(0, 3)).toEqual(["up", "--yes", "--skip-preview"]);
    expect(pulumiArgs("up-again", "dev")).toEqual(pulumiArgs("up", "dev"));
    expect(pulumiArgs("destroy", "dev")).not.toContain("--policy-pack");
  });

  test("the no-change preview fails on any change", () => {
    expect(pulumiArgs("preview-no-changes", "dev")).toContain("--expect-no-changes");
  });

  test("refresh is a real refresh", () => {
    expect(pulumiArgs("refresh", "dev").slice(0, 3)).toEqual(["refresh", "--yes", "--skip-preview"]);
  });
});

describe("the lane's environment", () => {
  const env = laneEnv({
    base: {
      PATH: "/usr/bin",
      PULUMI_CONFIG_PASSPHRASE_FILE: "/home/me/pass",
      KUBECONFIG: "/home/me/.kube/config",
      HOME: "/home/me",
    },
    bin: "/cache/bin",
    standIns: "/repo/tools/e2e/stand-ins/bin",
    workdir: "/tmp/run",
    pulumiHome: "/tmp/run/pulumi-home",
    simSettingsFile: "/tmp/run/sim.json",
  });

  test("stand-ins, then the toolchain, first on PATH", () => {
    expect(env.PATH).toBe("/repo/tools/e2e/stand-ins/bin:/cache/bin:/usr/bin");
  });

  test("fresh local state, a passphrase, no update check and no plugin download", () => {
    expect(env).toMatchObject({
      PULUMI_HOME: "/tmp/run/pulumi-home",
      PULUMI_BACKEND_URL: "file:///tmp/run/state",
      PULUMI_CONFIG_PASSPHRASE: LANE_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
      PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
      ISTIO_SANDBOX_E2E_SIM: "/tmp/run/sim.json",
    });
    expect(env.PULUMI_CONFIG_PASSPHRASE_FILE).toBeUndefined();
  });

  test("the user's kubeconfig, Helm caches and k3d ownership records are out of reach", () => {
    expect(env.KUBECONFIG).toBe("/tmp/run/no-default-kubeconfig");
    expect(env.HELM_CACHE_HOME).toBe("/tmp/run/helm/cache");
    expect(env.XDG_STATE_HOME).toBe("/tmp/run/state-home");
  });
});

describe("the substitute istioctl in the lane's environment", () => {
  const input = {
    base: { PATH: "/usr/bin", ISTIO_SANDBOX_E2E_ISTIOCTL_SUBSTITUTE: "1.31-set-by-the-user" },
    bin: "/cache/bin",
    standIns: "/s",
    workdir: "/tmp/run",
    pulumiHome: "/tmp/run/pulumi-home",
    simSettingsFile: "/tmp/run/sim.json",
  };

  test("is named exactly when the toolchain's record says substitute, and only by the lane", () => {
    expect(
      laneEnv({ ...input, istioctlSubstitute: "1.31-eed52ebb66ad" }).ISTIO_SANDBOX_E2E_ISTIOCTL_SUBSTITUTE,
    ).toBe("1.31-eed52ebb66ad");
    // A value from the user's shell never reaches the engine.
    expect(laneEnv(input).ISTIO_SANDBOX_E2E_ISTIOCTL_SUBSTITUTE).toBeUndefined();
  });
});
