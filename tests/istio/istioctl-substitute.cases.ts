import * as fs from "node:fs";
import * as path from "node:path";
import {
  ISTIOCTL_SUBSTITUTE_ENV,
  KUBECONFIG_ENV,
  renderInstallScript,
} from "../../components/istio/istioctl-script";
import { tempDir } from "../e2e/harness/temp-dirs";
import { runShell } from "./fake-kube-api";

describe("istioctl install script and the e2e lane's substitute build", () => {
  const STANDIN_BIN = path.resolve(__dirname, "../fixtures/bin");
  const NODE_BIN = path.dirname(process.execPath);
  const SUBSTITUTE = "1.31-eed52ebb66ad";

  /** Runs the install script against the stand-in istioctl, which reports `version`. */
  async function install(version: string, env: Record<string, string> = {}) {
    const scratch = tempDir("istioctl-substitute-");
    const log = path.join(scratch, "calls.jsonl");
    const result = await runShell(
      renderInstallScript({ version: "1.31.1" }),
      {
        PATH: `${STANDIN_BIN}:${NODE_BIN}:/usr/bin:/bin`,
        HOME: scratch,
        TMPDIR: scratch,
        ISTIOCTL_STANDIN_LOG: log,
        ISTIOCTL_STANDIN_VERSION: version,
        [KUBECONFIG_ENV]: "apiVersion: v1\nkind: Config\n",
        ...env,
      },
      "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\n",
    );
    const subcommands = fs.existsSync(log)
      ? fs
          .readFileSync(log, "utf8")
          .trim()
          .split("\n")
          .map((line) => (JSON.parse(line) as { subcommand: string }).subcommand)
      : [];
    return { ...result, subcommands };
  }

  test("without the variable, the substitute build is refused by its version, as before", async () => {
    const result = await install(SUBSTITUTE);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `istioctl on PATH is version ${SUBSTITUTE}, but the stack's istioVersion is 1.31.1`,
    );
    expect(result.subcommands).toEqual(["version"]);
  });

  test("naming exactly the version istioctl reports, the lane gets the install", async () => {
    const result = await install(SUBSTITUTE, { [ISTIOCTL_SUBSTITUTE_ENV]: SUBSTITUTE });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `istioctl ${SUBSTITUTE} accepted in place of 1.31.1: named by ${ISTIOCTL_SUBSTITUTE_ENV} (e2e lane only)\n`,
    );
    expect(result.subcommands).toEqual(["version", "install"]);
  });

  test.each([
    ["another build", "1.31-0123456789ab"],
    ["a prefix of it", "1.31"],
    ["an empty value", ""],
  ])("naming %s still refuses", async (_, named) => {
    const result = await install(SUBSTITUTE, { [ISTIOCTL_SUBSTITUTE_ENV]: named });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`istioctl on PATH is version ${SUBSTITUTE}`);
    expect(result.subcommands).toEqual(["version"]);
  });

  test("the variable never lets an istioctl that prints no version through", async () => {
    const result = await install(SUBSTITUTE, {
      [ISTIOCTL_SUBSTITUTE_ENV]: SUBSTITUTE,
      ISTIOCTL_STANDIN_FAIL: "version",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("istioctl on PATH is version unknown");
  });

  test("the pinned release itself installs whatever the variable says", async () => {
    const result = await install("1.31.1", { [ISTIOCTL_SUBSTITUTE_ENV]: SUBSTITUTE });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  });
});
