/**
 * The project as Pulumi runs it in the lane: a copy in the run's directory, so that the stack file the
 * lane writes (and the encryption salt `pulumi stack init` adds to it) never touch the user's tree.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";

/** What the program and the policy pack need; tests, tools and docs stay behind. */
const SKIPPED = new Set([".git", "node_modules", "tests", "tools", "coverage", ".ci", "README.md"]);

/** Copies the project into `dir`, sharing its installed packages; returns the copy's root. */
export function copyProject(root: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(root)) {
    if (SKIPPED.has(entry) || /^Pulumi\..+\.yaml$/.test(entry)) continue;
    fs.cpSync(path.join(root, entry), path.join(dir, entry), {
      recursive: true,
      filter: (source) => path.basename(source) !== "node_modules",
    });
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

/**
 * A PULUMI_HOME of the run's own whose plugins are the toolchain's: the engine writes its workspace
 * and credentials files into PULUMI_HOME, which stays private to the run, while the plugins built
 * once are shared read-only.
 */
export function runPulumiHome(toolchainHome: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(path.join(toolchainHome, "plugins"), path.join(dir, "plugins"));
  return dir;
}

/**
 * Points the copy's `backend.url` at the run's own state. The project file names `file://~` (the
 * user's state), and a project's backend setting is what the CLI follows, so PULUMI_BACKEND_URL
 * alone is not enough to keep the user's state untouched.
 */
export function pointBackend(projectDir: string, url: string): void {
  const file = path.join(projectDir, "Pulumi.yaml");
  const project = parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  fs.writeFileSync(file, stringify({ ...project, backend: { url } }));
}
