import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { deferred } from "./deferred/defer";
import { gate, resolve, runUnderMocks, startUnderMocks } from "./mock-program";

class TestResource extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(type, name, props, opts);
  }
}

class Parent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("istio-sandbox:test:Parent", name);
    this.registerOutputs({});
  }
}

describe("mock harness", () => {
  test("captures inputs, secret paths, parents, dependencies and deletedWith", async () => {
    const { stack } = await runUnderMocks(() => {
      const parent = new Parent("p");
      const a = new TestResource("test:index:A", "a", { plain: "x", hidden: pulumi.secret("s") }, { parent });
      new TestResource("test:index:B", "b", { fromA: a.urn }, { dependsOn: [a], deletedWith: a });
    });
    const a = stack.get("test:index:A", "a");
    const b = stack.get("test:index:B", "b");
    expect(a.inputs).toMatchObject({ plain: "x", hidden: "s" });
    expect(a.secretPaths).toEqual(["hidden"]);
    expect(a.parent).toContain("istio-sandbox:test:Parent");
    expect(stack.dependenciesOf(b)).toContain(a.urn);
    expect(b.deletedWith).toBe(a.urn);
    expect(() => stack.get("test:index:A", "missing")).toThrow(
      'no test:index:A named "missing"; registered: a',
    );
  });

  test("a held resource delays the registration of its dependents", async () => {
    const held = gate();
    const run = startUnderMocks(
      () => {
        const a = new TestResource("test:index:A", "a", {});
        new TestResource("test:index:B", "b", {}, { dependsOn: [a] });
        new TestResource("test:index:C", "c", {});
      },
      { hold: ({ name }) => (name === "a" ? held.promise : undefined) },
    );
    // C is independent of A, so it registers while A is still held.
    await run.stack.registration("test:index:C", "c");
    expect(run.stack.resources.map((r) => r.name)).not.toContain("b");
    held.open();
    await run.done;
    const b = { type: "test:index:B", name: "b" };
    expect(run.stack.registeredAfterCreated(b, { type: "test:index:A", name: "a" })).toBe(true);
    expect(run.stack.registeredAfterCreated(b, { type: "test:index:C", name: "c" })).toBe(true);
    expect(
      run.stack.registeredAfterCreated(
        { type: "test:index:C", name: "c" },
        { type: "test:index:A", name: "a" },
      ),
    ).toBe(false);
  });

  test("resolve reports secretness", async () => {
    await runUnderMocks(() => undefined);
    await expect(resolve(pulumi.secret("k"))).resolves.toEqual({ value: "k", secret: true });
    await expect(resolve(pulumi.output("p"))).resolves.toEqual({ value: "p", secret: false });
  });

  test("bare stack traces only while a program runs; jest's own afterwards and after a throw", async () => {
    const jestTraces = Error.prepareStackTrace;
    const jestLimit = Error.stackTraceLimit;
    let during: unknown;
    const run = startUnderMocks(() => {
      during = { prepare: Error.prepareStackTrace, limit: Error.stackTraceLimit };
    });
    if (process.env.SANDBOX_TEST_TRACES === "1") {
      expect(during).toEqual({ prepare: jestTraces, limit: jestLimit });
    } else {
      expect(during).toEqual({ prepare: expect.any(Function), limit: 0 });
      expect((during as { prepare: unknown }).prepare).not.toBe(jestTraces);
    }
    await run.done;
    expect(Error.prepareStackTrace).toBe(jestTraces);
    expect(Error.stackTraceLimit).toBe(jestLimit);
    expect(() =>
      startUnderMocks(() => {
        throw new Error("bad program");
      }),
    ).toThrow("bad program");
    expect(Error.prepareStackTrace).toBe(jestTraces);
    expect(Error.stackTraceLimit).toBe(jestLimit);
  });
});

describe("deferred modules (see jest.config.js)", () => {
  test("load on first use, not when imported with import * as", () => {
    let loads = 0;
    const module = deferred(() => {
      loads++;
      return { answer: 42, default: undefined };
    }) as Record<string, unknown>;
    expect(module.__esModule).toBe(true);
    expect(loads).toBe(0);
    expect(module.answer).toBe(42);
    expect("answer" in module).toBe(true);
    expect(Object.keys(module)).toEqual(["answer", "default"]);
    expect(loads).toBe(1);
  });

  test("a deferred package is the real one once used", () => {
    expect(ts.version).toMatch(/^5\./);
    expect(ts.transpileModule("const a: number = 1;", {}).outputText).toContain("var a = 1;");
  });
});
