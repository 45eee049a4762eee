/** The test layout of tests/harness/areas.ts holds: every case runs, once, and no case reaches into another file's. */
import * as fs from "node:fs";
import * as path from "node:path";
import { AREAS, type Area, casesOf, casesUnder, TESTS_DIR } from "../harness/areas";

const read = (file: string) => fs.readFileSync(path.join(TESTS_DIR, file), "utf8");
const everyCase = () => casesUnder(".").map((file) => path.posix.normalize(file));
const areas = Object.keys(AREAS) as Area[];
const TOP_LEVEL_HOOK = /^(beforeAll|afterAll|beforeEach|afterEach)\(/m;

describe("test layout", () => {
  test("every *.cases.ts belongs to exactly one area", () => {
    const claimed = areas.flatMap(casesOf);
    expect([...claimed].sort()).toEqual(everyCase());
    expect(new Set(claimed).size).toBe(claimed.length);
    for (const area of areas) expect(casesOf(area).length).toBeGreaterThan(0);
  });

  test("the only test files are the areas' entries, each running its own area", () => {
    const testFiles = fs
      .readdirSync(TESTS_DIR, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".test.ts"))
      .sort();
    expect(testFiles).toEqual(areas.map((area) => `${area}.test.ts`).sort());
    for (const area of areas) expect(read(`${area}.test.ts`)).toContain(`runCases("${area}");`);
  });

  test("no case file registers a hook outside a describe block, where it would run for its whole area", () => {
    expect(everyCase().filter((file) => TOP_LEVEL_HOOK.test(read(file)))).toEqual([]);
  });

  test("the check can fail: a hook at the top of a file is found", () => {
    expect(/^(beforeAll|afterAll|beforeEach|afterEach)\(/m.test("import x;\nafterEach(() => x());\n")).toBe(
      true,
    );
  });
});
