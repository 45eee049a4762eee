import * as pulumi from "@pulumi/pulumi";
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
});
