/**
 * Jest gives each test file a fresh module registry, and loading @pulumi/pulumi, the components and
 * the schema models again costs about half a second a file. So the cases (`*.cases.ts`, in one folder
 * per area of the project) run from one entry file per area (`tests/<area>.test.ts`), which loads what
 * they share once; jest spreads the areas over its workers.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The folders under tests/ whose cases each area's entry file runs (with their subfolders). */
export const AREAS = {
  components: [
    "addons",
    "apps",
    "cluster",
    "config",
    "gateway-api",
    "ingress",
    "istio",
    "mesh",
    "mesh-ca",
    "metallb",
    "outputs",
    "pki",
    "sources",
    "stack-guards",
  ],
  program: ["harness", "program"],
  policies: ["policies"],
  tools: ["docs", "tools"],
  e2e: ["e2e"],
} as const;

export type Area = keyof typeof AREAS;

export const TESTS_DIR = path.resolve(__dirname, "..");

/** Every `*.cases.ts` below `dir` (relative to tests/), sorted. */
export function casesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(TESTS_DIR, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".cases.ts"))
    .map((file) => path.posix.join(dir, file.split(path.sep).join("/")))
    .sort();
}

/** The area's cases, relative to tests/. */
export function casesOf(area: Area): string[] {
  return AREAS[area].flatMap(casesUnder);
}

/** Declares the area's cases in the calling test file. */
export function runCases(area: Area): void {
  const files = casesOf(area);
  if (files.length === 0) throw new Error(`no *.cases.ts in tests/{${AREAS[area].join(",")}}`);
  // Loaded through jest's own require, so each file is transformed and its describe blocks join this file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const file of files) require(path.join(TESTS_DIR, file));
}
