/**
 * The istioctl scripts of revisions, run for real against the stand-in istioctl: the release's own
 * istioctl (istioctl-<version>) beside another, uninstall by revision, tag set and tag remove.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  KUBECONFIG_ENV,
  OPERATOR_ENV,
  renderInstallScript,
  renderUninstallScript,
} from "../../components/istio/istioctl-script";
import { renderTagRemoveScript, renderTagSetScript } from "../../components/istio/istioctl-tag-script";
import { runShell } from "./fake-kube-api";

const STANDIN = path.resolve(__dirname, "../fixtures/bin/istioctl");
const NODE_BIN = path.dirname(process.execPath);
const KUBECONFIG = "apiVersion: v1\nkind: Config\ncurrent-context: k3d-sandbox\n";
const SPEC = "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  revision: 1-31-1\n";

describe("istioctl scripts for revisions, run against stand-in istioctls", () => {
  let scratch: string;
  let bin: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "istioctl-revisions-test-"));
    bin = path.join(scratch, "bin");
    for (const dir of [bin, path.join(scratch, "home"), path.join(scratch, "tmp")]) fs.mkdirSync(dir);
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** An istioctl on PATH under `name` that reports `version`; it logs its name, then runs the stand-in. */
  function istioctl(name: string, version: string, failWith?: { subcommand: string; message: string }) {
    const fail = failWith
      ? `if [ "$1" = ${failWith.subcommand} ]; then echo '${failWith.message}' >&2; exit 1; fi\n`
      : "";
    fs.writeFileSync(
      path.join(bin, name),
      `#!/bin/sh\necho "${name} $*" >> "${scratch}/which.log"\n${fail}ISTIOCTL_STANDIN_VERSION=${version} exec "${STANDIN}" "$@"\n`,
      { mode: 0o755 },
    );
  }

  async function run(script: string, env: Record<string, string> = {}, stdin = "") {
    const result = await runShell(
      script,
      {
        PATH: `${bin}:${NODE_BIN}:/usr/bin:/bin`,
        HOME: path.join(scratch, "home"),
        TMPDIR: path.join(scratch, "tmp"),
        [KUBECONFIG_ENV]: KUBECONFIG,
        ...env,
      },
      stdin,
    );
    const log = path.join(scratch, "which.log");
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    return { ...result, calls };
  }

  test("a second release's install runs istioctl-<version> from PATH, leaving the main release's istioctl alone", async () => {
    istioctl("istioctl", "1.30.3");
    istioctl("istioctl-1.31.1", "1.31.1");
    const result = await run(
      renderInstallScript({ version: "1.31.1", versionKey: "istioCanary.version" }),
      {},
      SPEC,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([
      "istioctl-1.31.1 version --remote=false",
      expect.stringMatching(/^istioctl-1\.31\.1 install -y --kubeconfig \S+ -f \S+$/),
    ]);
  });

  test("the plain istioctl serves when it is the right release", async () => {
    istioctl("istioctl", "1.30.3");
    istioctl("istioctl-1.31.1", "1.31.1");
    const result = await run(renderInstallScript({ version: "1.30.3" }), {}, SPEC);
    expect(result.code).toBe(0);
    expect(result.calls.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual([
      "istioctl version",
      "istioctl install",
    ]);
  });

  test("neither is the canary's release: the message names istioCanary.version and the istioctl-<version> way", async () => {
    istioctl("istioctl", "1.30.3");
    const result = await run(
      renderInstallScript({ version: "1.31.1", versionKey: "istioCanary.version" }),
      {},
      SPEC,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "istioctl on PATH is version 1.30.3, but the stack's istioCanary.version is 1.31.1",
    );
    expect(result.stderr).toContain("link it onto PATH as istioctl-1.31.1");
    expect(result.calls).toEqual(["istioctl version --remote=false"]);
  });

  test("a revision's uninstall: --revision and its own IstioOperator, never --purge, by the release's istioctl", async () => {
    istioctl("istioctl", "1.31.1");
    istioctl("istioctl-1.30.3", "1.30.3");
    const result = await run(
      renderUninstallScript({ version: "1.30.3", revision: "1-30-3", context: "lab" }),
      { [OPERATOR_ENV]: SPEC },
    );
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([
      expect.stringMatching(
        /^istioctl-1\.30\.3 uninstall -y --revision 1-30-3 -f \S+istio-operator\.yaml --kubeconfig \S+ --context lab$/,
      ),
    ]);
    expect(result.calls[0]).not.toContain("--purge");
  });

  test("a revision already gone from the cluster counts as uninstalled; any other failure fails", async () => {
    istioctl("istioctl", "1.30.3", {
      subcommand: "uninstall",
      message: "Error: could not find target revision",
    });
    const gone = await run(renderUninstallScript({ version: "1.30.3", revision: "1-30-3" }), {
      [OPERATOR_ENV]: SPEC,
    });
    expect(gone.code).toBe(0);
    expect(gone.stderr).toContain("(already gone: nothing to remove)");

    istioctl("istioctl", "1.30.3", { subcommand: "uninstall", message: "Error: connection refused" });
    const failed = await run(renderUninstallScript({ version: "1.30.3", revision: "1-30-3" }), {
      [OPERATOR_ENV]: SPEC,
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("connection refused");
  });

  test("tag set: by the tag's revision's istioctl; a first create never overwrites someone else's tag, an update moves it", async () => {
    istioctl("istioctl", "1.30.3");
    istioctl("istioctl-1.31.1", "1.31.1");
    const options = { tag: "prod", revision: "1-31-1", version: "1.31.1" };
    const create = await run(renderTagSetScript(options, false));
    expect(create.code).toBe(0);
    expect(create.calls[1]).toMatch(
      /^istioctl-1\.31\.1 tag set prod --revision 1-31-1 --skip-confirmation --kubeconfig \S+$/,
    );
    fs.rmSync(path.join(scratch, "which.log"));
    const update = await run(renderTagSetScript(options, true));
    expect(update.calls[1]).toMatch(
      /^istioctl-1\.31\.1 tag set prod --revision 1-31-1 --overwrite --skip-confirmation --kubeconfig \S+$/,
    );
  });

  test("the default tag always overwrites: the first istioctl install into a cluster makes one itself", async () => {
    istioctl("istioctl", "1.30.3");
    const result = await run(
      renderTagSetScript({ tag: "default", revision: "1-30-3", version: "1.30.3" }, false),
    );
    expect(result.calls[1]).toContain("tag set default --revision 1-30-3 --overwrite --skip-confirmation");
  });

  test("tag set refuses an istioctl of another release than the tag's revision", async () => {
    istioctl("istioctl", "1.30.3");
    const result = await run(
      renderTagSetScript({ tag: "prod", revision: "1-31-1", version: "1.31.1" }, true),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "istioctl on PATH is version 1.30.3, but the stack's istioVersion is 1.31.1",
    );
  });

  test("tag remove: a tag already gone counts as removed", async () => {
    istioctl("istioctl", "1.30.3", {
      subcommand: "tag",
      message: 'Error: cannot remove tag "prod": cannot find MutatingWebhookConfiguration or Service for tag',
    });
    const result = await run(renderTagRemoveScript({ tag: "prod", version: "1.30.3", context: "lab" }));
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([
      expect.stringMatching(/^istioctl tag remove prod --skip-confirmation --kubeconfig \S+ --context lab$/),
    ]);
  });
});
