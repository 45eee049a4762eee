/** The lane's revisions stack: two revisions from Helm charts, a tag on each, a namespace on each tag. */
import * as path from "node:path";
import { readStackFile } from "../../tools/e2e/lane/stack-config";

const ROOT = path.resolve(__dirname, "../..");
const read = (name: string) => readStackFile(path.join(ROOT, `Pulumi.${name}.yaml`));

describe("e2e-revisions", () => {
  test("Helm, a canary beside the main revision, and apps on tags of each", () => {
    const { config } = read("e2e-revisions");
    expect(config.istio.installer).toBe("helm");
    expect(config.istio.revisions).toEqual({
      main: { name: "1-31-1", version: "1.31.1" },
      canary: { name: "1-31-1-next", version: "1.31.1" },
      tags: { default: "1-31-1", prod: "1-31-1", next: "1-31-1-next" },
    });
    expect(config.apps.map((a) => `${a.namespace}:${a.revision}`)).toEqual(["default:prod", "shop:next"]);
  });

  test("its k3d cluster name and host ports are its own, so its run can overlap the others", () => {
    const own = read("e2e-revisions").config.cluster;
    for (const other of ["dev", "e2e-helm", "e2e-mutual"].map((n) => read(n).config.cluster)) {
      expect(own.name).not.toBe(other.name);
      expect([own.ports.http, own.ports.https]).not.toContain(other.ports.http);
      expect([own.ports.http, own.ports.https]).not.toContain(other.ports.https);
    }
  });
});

describe("e2e-revisions-istioctl", () => {
  test("istioctl, the same revisions, tags and apps as e2e-revisions", () => {
    const { config } = read("e2e-revisions-istioctl");
    const helm = read("e2e-revisions").config;
    expect(config.istio.installer).toBe("istioctl");
    expect(config.istio.revisions).toEqual(helm.istio.revisions);
    expect(config.apps).toEqual(helm.apps);
  });

  test("its k3d cluster name and host ports are its own, so its run can overlap the others", () => {
    const own = read("e2e-revisions-istioctl").config.cluster;
    for (const other of ["dev", "e2e-helm", "e2e-mutual", "e2e-revisions"].map(
      (n) => read(n).config.cluster,
    )) {
      expect(own.name).not.toBe(other.name);
      expect([own.ports.http, own.ports.https]).not.toContain(other.ports.http);
      expect([own.ports.http, own.ports.https]).not.toContain(other.ports.https);
    }
  });
});
