/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  // One entry file per area; each runs that area's *.cases.ts (see tests/harness/areas.ts).
  testMatch: ["<rootDir>/tests/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  // A test may run the whole program under mocks several times; a generous ceiling keeps a slow CI
  // machine from flaking without hiding a hang.
  testTimeout: 30000,
  // Loaded by @pulumi/pulumi only for function serialization, which no test does; see the files.
  moduleNameMapper: {
    "^typescript$": "<rootDir>/tests/harness/deferred/typescript.ts",
    "^@npmcli/arborist$": "<rootDir>/tests/harness/deferred/arborist.ts",
  },
  // Jest defaults to one worker on a two-core machine; the areas wait on child processes enough for two.
  maxWorkers: 2,
};
