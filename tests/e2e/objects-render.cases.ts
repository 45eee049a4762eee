/** The whole program rendered the way `npm run e2e:objects` renders it, for the dev stack. */
import * as path from "node:path";
import istioSandbox from "../../index";
import { declaredObjects } from "../../tools/e2e/objects/declared";
import { addonsSourceFor, renderUnderMocks } from "../../tools/e2e/objects/mock-render";
import { readStackFile } from "../../tools/e2e/lane/stack-config";
import { tempDir } from "./harness/temp-dirs";

const ROOT = path.resolve(__dirname, "../..");

test("the dev stack renders under the check's mocks, its live-stack guards passing, into its walkthrough objects", async () => {
  const stack = readStackFile(path.join(ROOT, "Pulumi.dev.yaml"));
  const values = {
    ...stack.values,
    ...addonsSourceFor(stack.config, stack.values, () => path.join(ROOT, "tests/fixtures/addons")),
  };
  expect(values.addonsSource).toBe(path.join(ROOT, "tests/fixtures/addons"));
  const registrations = await renderUnderMocks(istioSandbox, values, "dev", tempDir("objects-tls-"));
  // The guards read the last update before anything is declared (a stack never updated, here), and
  // through a function call: no resource of their own.
  expect(registrations.length).toBeGreaterThan(0);
  expect(registrations.map((r) => r.type)).not.toContain("pulumi:pulumi:StackReference");
  const declared = declaredObjects(registrations);
  // The add-on manifests, applied whole: Kiali's configured text, the others from their files.
  expect(declared.manifests.map((m) => (m.file !== undefined ? path.basename(m.file) : "yaml"))).toEqual(
    expect.arrayContaining(["prometheus.yaml", "grafana.yaml", "jaeger.yaml", "yaml"]),
  );
  expect(declared.manifests.find((m) => m.yaml !== undefined)?.yaml).toContain("kind: ConfigMap");
  const kinds = declared.objects.map((o) => `${o.kind}/${o.metadata.name}`);
  expect(kinds).toEqual(
    expect.arrayContaining([
      "Gateway/ingressgateway",
      "Gateway/ingressgateway-tls",
      "VirtualService/helloworld",
      "PeerAuthentication/default",
      "Deployment/helloworld",
      "Secret/fireflyclass-credential",
    ]),
  );
});

test("a stack's own addonsSource, or no add-ons, leaves the config as it is", () => {
  const local = () => "/modcache/istio/samples/addons";
  expect(addonsSourceFor({ addons: { enabled: ["kiali"] } }, { addonsSource: "/mine" }, local)).toEqual({});
  expect(addonsSourceFor({ addons: { enabled: [] } }, {}, local)).toEqual({});
});
