/**
 * With revisions and the istioctl installer, each revision is installed by its own release's
 * istioctl: `istioctl-<version>` on PATH where there is one, else the plain `istioctl`, as the install
 * script picks it (components/istio/istioctl-script.ts). One row per revision.
 */
import type { IstioSettings } from "../../components/config/types";
import { versionedIstioctl } from "../../components/istio/istioctl-script";
import { revisionInstalls, type RevisionInstall } from "../../components/istio/revisions";
import type { Run } from "../common/run";
import { checkIstioctl } from "./tool-checks";
import type { CheckResult } from "./types";
import { parseIstioctlVersion } from "./versions";

async function checkRevision(run: Run, revision: RevisionInstall): Promise<CheckResult> {
  const check = `istioctl (revision ${revision.name})`;
  const seen: string[] = [];
  for (const candidate of [versionedIstioctl(revision.version), "istioctl"]) {
    const result = await run(candidate, ["version", "--remote=false"]);
    if (result.kind === "missing") continue;
    const version = result.code === 0 ? parseIstioctlVersion(result.stdout)?.text : undefined;
    if (version === revision.version) {
      return { check, status: "ok", detail: `${candidate} ${version} (matches ${revision.versionKey})` };
    }
    seen.push(`${candidate} is ${version ?? "of an unreadable version"}`);
  }
  const v = revision.version;
  return {
    check,
    status: "fail",
    detail:
      `revision ${revision.name} is installed by istioctl ${v} (${revision.versionKey}); ` +
      `${seen.length === 0 ? "no istioctl is on PATH" : `on PATH, ${seen.join(", ")}`}.\n` +
      `Fix: curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${v} sh - && ` +
      `ln -s "$PWD/istio-${v}/bin/istioctl" <a directory on PATH>/${versionedIstioctl(v)}\n` +
      `Or install with Helm instead: pulumi config set istioInstaller helm`,
  };
}

/** Doctor's istioctl rows: one per revision with revisions, else the one istioctl check. */
export async function checkRevisionIstioctls(run: Run, istio: IstioSettings): Promise<CheckResult[]> {
  if (istio.installer !== "istioctl" || istio.revisions === undefined)
    return [await checkIstioctl(run, istio)];
  const rows: CheckResult[] = [];
  for (const revision of revisionInstalls(istio.revisions)) rows.push(await checkRevision(run, revision));
  return rows;
}
