import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { copyProject, pointBackend, runPulumiHome } from "../../tools/e2e/lane/project-copy";
import { tempDir } from "./harness/temp-dirs";

const ROOT = path.resolve(__dirname, "../..");

describe("the project copy Pulumi runs", () => {
  const dir = path.join(tempDir("lane-copy-"), "project");
  copyProject(ROOT, dir);

  test("holds the program and the policy pack, shares node_modules, and leaves tests, tools and stack files", () => {
    const entries = fs.readdirSync(dir);
    expect(entries).toEqual(
      expect.arrayContaining(["Pulumi.yaml", "index.ts", "components", "policies", "package.json"]),
    );
    for (const absent of ["tests", "tools", ".git", "Pulumi.dev.yaml"]) expect(entries).not.toContain(absent);
    expect(fs.readlinkSync(path.join(dir, "node_modules"))).toBe(path.join(ROOT, "node_modules"));
  });

  test("its state goes to the run's backend, never the user's ~/.pulumi", () => {
    pointBackend(dir, "file:///tmp/run/state");
    const project = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
    expect(project.backend).toEqual({ url: "file:///tmp/run/state" });
    expect(project.name).toBe("istio-sandbox");
    expect(parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")).backend).toEqual({
      url: "file://~",
    });
  });

  test("the run's PULUMI_HOME is its own, with the toolchain's plugins", () => {
    const home = runPulumiHome("/cache/pulumi-home", path.join(path.dirname(dir), "pulumi-home"));
    expect(fs.readdirSync(home)).toEqual(["plugins"]);
    expect(fs.readlinkSync(path.join(home, "plugins"))).toBe("/cache/pulumi-home/plugins");
  });
});
