/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  // Each program test file runs the whole stack under mocks; a generous ceiling keeps a slow
  // CI machine from flaking without hiding a hang.
  testTimeout: 30000,
  // Loaded by @pulumi/pulumi only for function serialization, which no test does; see the files.
  moduleNameMapper: {
    "^typescript$": "<rootDir>/tests/harness/deferred/typescript.ts",
    "^@npmcli/arborist$": "<rootDir>/tests/harness/deferred/arborist.ts",
  },
  // Jest defaults to one worker on a two-core machine; the suite is I/O-heavy enough for two.
  maxWorkers: 2,
};
