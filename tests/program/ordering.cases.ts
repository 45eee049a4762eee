/**
 * docs/DESIGN.md's ordering rules, proved on the whole program: a resource is held on a promise the test
 * controls, and what must wait for it is registered only after it has been created, while what must
 * not wait goes ahead.
 */
import { gate } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { startSandbox } from "./run-sandbox";

const COMMAND = "command:local:Command";
const ref = (type: string, name: string) => ({ type, name });

const K3D = ref(COMMAND, "sandbox-k3d");
const ISTIO_INSTALL = ref(COMMAND, "istio-istioctl");
const WEBHOOK_WAIT = ref(COMMAND, "metallb-webhook-ready");
const METALLB_RELEASE = ref("kubernetes:helm.sh/v3:Release", "metallb");
const POOL = ref("kubernetes:metallb.io/v1beta1:IPAddressPool", "metallb-pool");
const ADVERTISEMENT = ref("kubernetes:metallb.io/v1beta1:L2Advertisement", "metallb-l2");
const ADDRESS_PROBE = ref(COMMAND, "ingress-address-probe");
const HTTP_GATEWAY = ref("kubernetes:networking.istio.io/v1:Gateway", "ingress-http-gateway");
const HTTPS_GATEWAY = ref("kubernetes:networking.istio.io/v1:Gateway", "ingress-https-gateway");
const VIRTUAL_SERVICE = ref(
  "kubernetes:networking.istio.io/v1:VirtualService",
  "default-helloworld-virtual-service",
);
const PEER_AUTHENTICATION = ref(
  "kubernetes:security.istio.io/v1:PeerAuthentication",
  "mesh-default-peer-authentication",
);
const DEPLOYMENT = ref("kubernetes:apps/v1:Deployment", "default-helloworld-deployment");
const NAMESPACE_LABEL = ref("kubernetes:core/v1:NamespacePatch", "mesh-default");
const CA_KEY = ref("tls:index/privateKey:PrivateKey", "pki-ca-key");

/** Starts the dev stack with `held` blocked until the test opens it. */
function holding(held: { type: string; name: string }) {
  const g = gate();
  const run = startSandbox(stackConfig("Pulumi.dev.yaml"), {
    hold: ({ type, name }) => (type === held.type && name === held.name ? g.promise : undefined),
  });
  return { ...run, open: g.open };
}

const registered = (run: ReturnType<typeof holding>) =>
  run.stack.resources.map((r) => `${r.type}::${r.name}`);
const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

describe("ordering", () => {
  test("nothing in the cluster starts before the cluster exists; TLS material does not wait for it", async () => {
    const run = holding(K3D);
    await run.stack.registration(CA_KEY.type, CA_KEY.name);
    expect(registered(run)).not.toContain(key(METALLB_RELEASE));
    expect(registered(run)).not.toContain(key(ISTIO_INSTALL));
    run.open();
    await run.done;
    for (const dependent of [METALLB_RELEASE, ISTIO_INSTALL, NAMESPACE_LABEL, DEPLOYMENT]) {
      expect([dependent.name, run.stack.registeredAfterCreated(dependent, K3D)]).toEqual([
        dependent.name,
        true,
      ]);
    }
    expect(run.stack.registeredAfterCreated(CA_KEY, K3D)).toBe(false);
  });

  test("Istio custom resources and app Deployments wait for the Istio install (rules 1 and 2)", async () => {
    const run = holding(ISTIO_INSTALL);
    // MetalLB does not wait for Istio: the two install side by side.
    await run.stack.registration(METALLB_RELEASE.type, METALLB_RELEASE.name);
    for (const waiting of [HTTP_GATEWAY, HTTPS_GATEWAY, VIRTUAL_SERVICE, PEER_AUTHENTICATION, DEPLOYMENT]) {
      expect(registered(run)).not.toContain(key(waiting));
    }
    run.open();
    await run.done;
    for (const waiting of [HTTP_GATEWAY, HTTPS_GATEWAY, VIRTUAL_SERVICE, PEER_AUTHENTICATION, DEPLOYMENT]) {
      expect([waiting.name, run.stack.registeredAfterCreated(waiting, ISTIO_INSTALL)]).toEqual([
        waiting.name,
        true,
      ]);
    }
    expect(run.stack.registeredAfterCreated(METALLB_RELEASE, ISTIO_INSTALL)).toBe(false);
  });

  test("app Deployments also wait for their namespace's injection label (rule 2)", async () => {
    const run = holding(NAMESPACE_LABEL);
    await run.stack.registration(ISTIO_INSTALL.type, ISTIO_INSTALL.name);
    expect(registered(run)).not.toContain(key(DEPLOYMENT));
    run.open();
    await run.done;
    expect(run.stack.registeredAfterCreated(DEPLOYMENT, NAMESPACE_LABEL)).toBe(true);
  });

  test("the MetalLB pool waits for the webhook to really serve (rule 3)", async () => {
    const run = holding(WEBHOOK_WAIT);
    await run.stack.registration(ISTIO_INSTALL.type, ISTIO_INSTALL.name);
    expect(registered(run)).not.toContain(key(POOL));
    run.open();
    await run.done;
    expect(run.stack.registeredAfterCreated(POOL, WEBHOOK_WAIT)).toBe(true);
    expect(run.stack.registeredAfterCreated(ADVERTISEMENT, WEBHOOK_WAIT)).toBe(true);
  });

  test("the gateway's address is read only once the pool exists and Istio is installed (rule 4)", async () => {
    const run = holding(POOL);
    await run.stack.registration(VIRTUAL_SERVICE.type, VIRTUAL_SERVICE.name);
    expect(registered(run)).not.toContain(key(ADDRESS_PROBE));
    run.open();
    await run.done;
    expect(run.stack.registeredAfterCreated(ADDRESS_PROBE, POOL)).toBe(true);
    expect(run.stack.registeredAfterCreated(ADDRESS_PROBE, ISTIO_INSTALL)).toBe(true);
  });
});
