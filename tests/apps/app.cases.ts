import { gate } from "../harness/mock-program";
import { startSandbox } from "../program/run-sandbox";

/** The Istio install that everything Istio-shaped waits for. */
const ISTIO_INSTALL = { type: "command:local:Command", name: "istio-istioctl" };

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const VIRTUAL_SERVICE = "kubernetes:networking.istio.io/v1:VirtualService";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const PATCH = "kubernetes:core/v1:NamespacePatch";

const twoNamespaces = {
  apps: [
    { name: "helloworld", image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0" },
    { name: "shop", image: "nginx:1.27", namespace: "store", targetPort: 80 },
  ],
};

describe("App ordering", () => {
  test("Deployments and VirtualServices wait for the Istio install; Services do not", async () => {
    const istio = gate();
    const run = startSandbox(twoNamespaces, {
      hold: (r) =>
        r.type === ISTIO_INSTALL.type && r.name === ISTIO_INSTALL.name ? istio.promise : undefined,
    });
    await run.stack.registration(SERVICE, "default-helloworld-service");
    await run.stack.registration(SERVICE, "store-shop-service");
    expect(run.stack.ofType(DEPLOYMENT)).toEqual([]);
    expect(run.stack.ofType(VIRTUAL_SERVICE)).toEqual([]);
    istio.open();
    await run.done;
    for (const r of [...run.stack.ofType(DEPLOYMENT), ...run.stack.ofType(VIRTUAL_SERVICE)]) {
      expect(run.stack.registeredAfterCreated(r, ISTIO_INSTALL)).toBe(true);
    }
    expect(run.stack.ofType(DEPLOYMENT)).toHaveLength(2);
    expect(run.stack.ofType(VIRTUAL_SERVICE)).toHaveLength(2);
  });

  test.each([
    [PATCH, "mesh-default", "default-helloworld"],
    [NAMESPACE, "mesh-store", "store-shop"],
  ])(
    "every resource of the app waits for its namespace's injection label (%s %s)",
    async (type, label, app) => {
      const held = gate();
      const run = startSandbox(twoNamespaces, {
        hold: (r) => (r.type === type && r.name === label ? held.promise : undefined),
      });
      // Istio is not held, so the Gateways register; the app in the held namespace must not.
      await run.stack.registration("kubernetes:networking.istio.io/v1:Gateway", "ingress-https-gateway");
      const early = run.stack.resources.map((r) => r.name);
      for (const suffix of ["deployment", "service", "virtual-service"])
        expect(early).not.toContain(`${app}-${suffix}`);
      held.open();
      await run.done;
      const labelled = { type, name: label };
      expect(
        run.stack.registeredAfterCreated({ type: DEPLOYMENT, name: `${app}-deployment` }, labelled),
      ).toBe(true);
      expect(run.stack.registeredAfterCreated({ type: SERVICE, name: `${app}-service` }, labelled)).toBe(
        true,
      );
      expect(
        run.stack.registeredAfterCreated({ type: VIRTUAL_SERVICE, name: `${app}-virtual-service` }, labelled),
      ).toBe(true);
    },
  );
});
