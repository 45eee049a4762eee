/** The istioctl revisions stack rendered the way `npm run e2e:objects` renders it. */
import * as path from "node:path";
import istioSandbox from "../../index";
import { declaredObjects } from "../../tools/e2e/objects/declared";
import { renderUnderMocks } from "../../tools/e2e/objects/mock-render";
import { readStackFile } from "../../tools/e2e/lane/stack-config";
import { tempDir } from "./harness/temp-dirs";

const ROOT = path.resolve(__dirname, "../..");

test("e2e-revisions-istioctl: an install per revision, main first, then a tag Command per tag", async () => {
  const stack = readStackFile(path.join(ROOT, "Pulumi.e2e-revisions-istioctl.yaml"));
  const values = { ...stack.values, metallbChartRepo: "/srv/charts" };
  const declared = declaredObjects(
    await renderUnderMocks(istioSandbox, values, "e2e-revisions-istioctl", tempDir("objects-tls-")),
  );
  expect(
    declared.istioInstalls.map((i) => [
      i.resource,
      i.revision,
      (i.operator.spec as { revision?: string }).revision,
    ]),
  ).toEqual([
    ["istio-istioctl-1-31-1", "1-31-1", "1-31-1"],
    ["istio-istioctl-1-31-1-next", "1-31-1-next", "1-31-1-next"],
  ]);
  // Each revision's Command removes it when the config drops it: its delete step names the revision.
  for (const install of declared.istioInstalls)
    expect(install.uninstall?.script).toContain(`--revision '${install.revision}'`);
  expect(declared.tagCommands.map((t) => [t.resource, t.tag, t.revision])).toEqual([
    ["istio-tag-default", "default", "1-31-1"],
    ["istio-tag-prod", "prod", "1-31-1"],
    ["istio-tag-next", "next", "1-31-1-next"],
  ]);
  expect(declared.namespacePatches.concat().map((p) => [p.namespace, p.labels["istio.io/rev"]])).toEqual(
    expect.arrayContaining([["default", "prod"]]),
  );
});
