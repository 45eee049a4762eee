import { gate, resolve } from "../harness/mock-program";
import { isSecretAt } from "../harness/component-fakes";
import { runSandbox, startSandbox } from "../program/run-sandbox";
import { validateKubernetesObject } from "../apps/validate-models";

const SECRET = "kubernetes:core/v1:Secret";
/** The Istio install that everything Istio-shaped waits for, and the k3d cluster. */
const ISTIO_INSTALL = { type: "command:local:Command", name: "istio-istioctl" };
const CLUSTER = { type: "command:local:Command", name: "sandbox-k3d" };
const KUBECONFIG =
  "apiVersion: v1\nkind: Config\ncurrent-context: lab\ncontexts:\n  - name: lab\n    context: { cluster: lab }\nclusters:\n  - name: lab\n    cluster: { server: https://lab.example:6443 }\n";
const GATEWAY = "kubernetes:networking.istio.io/v1:Gateway";

describe("Ingress component", () => {
  test("its gateway is Istio's own: the address wait asks for istio-system/istio-ingressgateway after the install", async () => {
    const { stack } = await runSandbox({});
    const probe = stack.get("command:local:Command", "ingress-address-probe");
    expect(probe.inputs.environment).toMatchObject({
      SERVICE_NAMESPACE: "istio-system",
      SERVICE_NAME: "istio-ingressgateway",
    });
    expect(stack.dependenciesOf(probe)).toContain(stack.get(ISTIO_INSTALL.type, ISTIO_INSTALL.name).urn);
  });

  test("credential Secret fireflyclass-credential: kubernetes.io/tls in istio-system, tls.crt + tls.key, key secret", async () => {
    const { stack } = await runSandbox({});
    const secret = stack.get(SECRET, "ingress-credential");
    expect(secret.inputs.metadata).toEqual({ name: "fireflyclass-credential", namespace: "istio-system" });
    expect(secret.inputs.type).toBe("kubernetes.io/tls");
    expect(Object.keys(secret.inputs.stringData).sort()).toEqual(["tls.crt", "tls.key"]);
    expect(secret.inputs.stringData["tls.crt"]).toContain("fake-pki-server-cert");
    expect(secret.inputs.stringData["tls.key"]).toContain("fake-pki-server-key");
    expect(isSecretAt(secret, "stringData.tls.key")).toBe(true);
    expect(secret.parent).toBe(stack.get("istio-sandbox:ingress:Ingress", "ingress").urn);
    validateKubernetesObject(secret.inputs);
  });

  test("HTTP Gateway istio-system/ingressgateway and HTTPS Gateway istio-system/ingressgateway-tls", async () => {
    const { stack, outputs } = await runSandbox({});
    const http = stack.get(GATEWAY, "ingress-http-gateway");
    const https = stack.get(GATEWAY, "ingress-https-gateway");
    expect(http.inputs).toMatchObject({
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: "ingressgateway", namespace: "istio-system" },
      spec: {
        selector: { istio: "ingressgateway", app: "istio-ingressgateway" },
        servers: [
          { port: { number: 80, protocol: "HTTP" }, hosts: ["*.fireflyclass.com", "fireflyclass.com"] },
        ],
      },
    });
    expect(http.inputs.spec.servers[0]).not.toHaveProperty("tls");
    expect(https.inputs).toMatchObject({
      metadata: { name: "ingressgateway-tls", namespace: "istio-system" },
      spec: {
        servers: [
          {
            port: { number: 443, protocol: "HTTPS" },
            tls: { mode: "SIMPLE", credentialName: "fireflyclass-credential" },
          },
        ],
      },
    });
    expect((await resolve(outputs.ingress)).value.gateways).toEqual({
      http: "istio-system/ingressgateway",
      https: "istio-system/ingressgateway-tls",
    });
    validateKubernetesObject(http.inputs);
    validateKubernetesObject(https.inputs);
  });

  test("httpsRedirect on: set on the HTTP server", async () => {
    const { stack } = await runSandbox({ httpsRedirect: true });
    expect(stack.get(GATEWAY, "ingress-http-gateway").inputs.spec.servers[0].tls).toEqual({
      httpsRedirect: true,
    });
    expect(stack.get(GATEWAY, "ingress-https-gateway").inputs.spec.servers[0].tls).not.toHaveProperty(
      "httpsRedirect",
    );
  });

  test("MUTUAL: ca.crt in the Secret, MUTUAL on the HTTPS server", async () => {
    const { stack } = await runSandbox({ tlsMode: "MUTUAL" });
    const secret = stack.get(SECRET, "ingress-credential");
    expect(Object.keys(secret.inputs.stringData).sort()).toEqual(["ca.crt", "tls.crt", "tls.key"]);
    expect(secret.inputs.stringData["ca.crt"]).toContain("fake-pki-ca");
    expect(isSecretAt(secret, "stringData.tls.key")).toBe(true);
    expect(stack.get(GATEWAY, "ingress-https-gateway").inputs.spec.servers[0].tls.mode).toBe("MUTUAL");
    validateKubernetesObject(secret.inputs);
  });

  test("in k3d mode every resource uses the cluster's provider and is deletedWith the cluster", async () => {
    const { stack } = await runSandbox({});
    const cluster = stack.get(CLUSTER.type, CLUSTER.name);
    for (const name of ["ingress-credential", "ingress-http-gateway", "ingress-https-gateway"]) {
      const r = stack.resources.find((x) => x.name === name)!;
      expect(r.deletedWith).toBe(cluster.urn);
      expect(r.provider).toContain("pulumi:providers:kubernetes::sandbox");
    }
  });

  test("in existing mode nothing is deletedWith anything", async () => {
    const { stack } = await runSandbox({ mode: "existing", kubeconfig: KUBECONFIG });
    expect(stack.resources.filter((r) => r.deletedWith !== undefined)).toEqual([]);
  });

  test("the Secret and both Gateways wait for the Istio install; the HTTPS Gateway also for the Secret", async () => {
    const istio = gate();
    const run = startSandbox(
      {},
      {
        hold: (r) =>
          r.type === ISTIO_INSTALL.type && r.name === ISTIO_INSTALL.name ? istio.promise : undefined,
      },
    );
    // The PKI does not wait for Istio, so its last certificate registers while Istio is held.
    await run.stack.registration("tls:index/locallySignedCert:LocallySignedCert", "pki-server-cert");
    const early = run.stack.resources.map((r) => r.name);
    expect(early).not.toContain("ingress-credential");
    expect(early).not.toContain("ingress-http-gateway");
    expect(early).not.toContain("ingress-https-gateway");
    istio.open();
    await run.done;
    const ready = ISTIO_INSTALL;
    expect(run.stack.registeredAfterCreated({ type: SECRET, name: "ingress-credential" }, ready)).toBe(true);
    expect(run.stack.registeredAfterCreated({ type: GATEWAY, name: "ingress-http-gateway" }, ready)).toBe(
      true,
    );
    expect(
      run.stack.registeredAfterCreated(
        { type: GATEWAY, name: "ingress-https-gateway" },
        { type: SECRET, name: "ingress-credential" },
      ),
    ).toBe(true);
  });
});
