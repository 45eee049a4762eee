/** Doctor with revisions: one istioctl row per revision, each release's istioctl found as the install script finds it. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseConfig } from "../../components/config";
import { processRunner } from "../../tools/common/run";
import { checkRevisionIstioctls } from "../../tools/doctor/revision-istioctl-check";

const STANDIN = path.resolve(__dirname, "../fixtures/bin/istioctl");
const istio = parseConfig({
  istioVersion: "1.30.3",
  istioRevision: "1-30-3",
  istioCanary: { version: "1.31.1", revision: "1-31-1" },
}).istio;

describe("doctor's istioctl rows with revisions", () => {
  let bin: string;
  beforeEach(() => (bin = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-revisions-"))));
  afterEach(() => fs.rmSync(bin, { recursive: true, force: true }));

  /** An istioctl stand-in on PATH under `name`, reporting `version`. */
  const istioctl = (name: string, version: string) =>
    fs.writeFileSync(
      path.join(bin, name),
      `#!/bin/sh\nISTIOCTL_STANDIN_VERSION=${version} exec "${STANDIN}" "$@"\n`,
      { mode: 0o755 },
    );
  const run = () =>
    processRunner({ env: { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` } });

  test("the main release as istioctl and the canary's as istioctl-<version>: both rows pass", async () => {
    istioctl("istioctl", "1.30.3");
    istioctl("istioctl-1.31.1", "1.31.1");
    expect(await checkRevisionIstioctls(run(), istio)).toEqual([
      { check: "istioctl (revision 1-30-3)", status: "ok", detail: "istioctl 1.30.3 (matches istioVersion)" },
      {
        check: "istioctl (revision 1-31-1)",
        status: "ok",
        detail: "istioctl-1.31.1 1.31.1 (matches istioCanary.version)",
      },
    ]);
  });

  test("the canary's release missing: its row fails with what was found and how to add it beside the other", async () => {
    istioctl("istioctl", "1.30.3");
    const [main, canary] = await checkRevisionIstioctls(run(), istio);
    expect(main.status).toBe("ok");
    expect(canary.status).toBe("fail");
    expect(canary.detail).toContain(
      "revision 1-31-1 is installed by istioctl 1.31.1 (istioCanary.version); on PATH, istioctl is 1.30.3.",
    );
    expect(canary.detail).toContain(
      'ln -s "$PWD/istio-1.31.1/bin/istioctl" <a directory on PATH>/istioctl-1.31.1',
    );
  });

  test("no istioctl at all; and without revisions, the one istioctl row as before", async () => {
    const rows = await checkRevisionIstioctls(run(), istio);
    expect(rows.map((r) => r.status)).toEqual(["fail", "fail"]);
    expect(rows[0].detail).toContain("no istioctl is on PATH");
    istioctl("istioctl", "1.31.1");
    expect(await checkRevisionIstioctls(run(), parseConfig({}).istio)).toEqual([
      { check: "istioctl", status: "ok", detail: "client 1.31.1 (matches istioVersion)" },
    ]);
    expect(
      await checkRevisionIstioctls(run(), parseConfig({ istioInstaller: "helm", istioRevision: "a" }).istio),
    ).toEqual([{ check: "istioctl", status: "skip", detail: "not needed: istioInstaller is helm" }]);
  });
});
