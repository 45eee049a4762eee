/**
 * The whole program on the dev stack under mocks: every element of the walkthrough's traffic and
 * trust, with the properties that make its checks pass, and every Kubernetes object valid against
 * upstream schemas.
 */
import type { CapturedResource } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { isSecretAt } from "../harness/component-fakes";
import { isKubernetesType, validateKubernetesObject } from "../apps/validate-models";
import { runSandbox } from "./run-sandbox";

/**
 * Kubernetes objects with an upstream schema model. MetalLB's objects have none (their specs are typed
 * instead), and a Helm release is not an object.
 */
const kubernetesObjects = (resources: readonly CapturedResource[]) =>
  resources.filter(
    (r) =>
      isKubernetesType(r.type) && r.custom && !r.type.includes("metallb.io") && !r.type.includes("helm.sh"),
  );

/** Every string input path whose value is PEM private key material. */
function privateKeyPaths(value: unknown, path = ""): string[] {
  if (typeof value === "string") return value.includes("PRIVATE KEY") ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => privateKeyPaths(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => privateKeyPaths(v, path ? `${path}.${k}` : k));
  }
  return [];
}

describe("dev stack: the walkthrough's traffic and trust, declared by the whole program", () => {
  test("declares CA, wildcard cert, credential Secret, both Gateways, helloworld Deployment + Service + VirtualService, injection label, STRICT PeerAuthentication", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"));
    const kinds = kubernetesObjects(stack.resources).map(
      (r) => `${r.inputs.kind} ${r.inputs.metadata.namespace ?? ""}/${r.inputs.metadata.name}`,
    );
    expect(kinds.sort()).toEqual(
      [
        "Deployment default/helloworld",
        "Gateway istio-system/ingressgateway",
        "Gateway istio-system/ingressgateway-tls",
        "Namespace /default",
        "PeerAuthentication default/default",
        "Secret istio-system/fireflyclass-credential",
        "Service default/helloworld",
        "VirtualService default/helloworld",
        // The demo profile's dashboards, as the dev stack enables them.
        "Telemetry istio-system/mesh-default",
        "VirtualService istio-system/grafana",
        "VirtualService istio-system/jaeger",
        "VirtualService istio-system/kiali",
        "VirtualService istio-system/prometheus",
        // meshCa sandbox: istiod's plug-in CA, and its namespace made sure of before the install.
        "Namespace /istio-system",
        "Secret istio-system/cacerts",
      ].sort(),
    );
    expect(stack.get("tls:index/selfSignedCert:SelfSignedCert", "pki-ca").inputs.subject.commonName).toBe(
      "ca.fireflyclass.com",
    );
    expect(stack.get("tls:index/certRequest:CertRequest", "pki-server-csr").inputs.dnsNames).toEqual([
      "*.fireflyclass.com",
      "fireflyclass.com",
    ]);
    expect(stack.get("kubernetes:core/v1:NamespacePatch", "mesh-default").inputs.metadata.labels).toEqual({
      "istio-injection": "enabled",
    });
    expect(
      stack.get("kubernetes:security.istio.io/v1:PeerAuthentication", "mesh-default-peer-authentication")
        .inputs.spec,
    ).toEqual({ mtls: { mode: "STRICT" } });
    const vs = stack.get(
      "kubernetes:networking.istio.io/v1:VirtualService",
      "default-helloworld-virtual-service",
    );
    expect(vs.inputs.spec.gateways).toEqual([
      "istio-system/ingressgateway",
      "istio-system/ingressgateway-tls",
    ]);
  });

  test("every Kubernetes object validates against the Kubernetes and Istio schema models", async () => {
    for (const raw of [
      {},
      { tlsMode: "MUTUAL", httpsRedirect: true, meshWideMtls: true, mtlsMode: "PERMISSIVE" },
      {
        apps: [
          { name: "a", image: "nginx:1.27", namespace: "one" },
          { name: "b", image: "nginx:1.27", namespace: "two" },
        ],
      },
    ]) {
      const { stack } = await runSandbox(raw);
      const objects = kubernetesObjects(stack.resources);
      expect(objects.length).toBeGreaterThanOrEqual(8);
      for (const r of objects) {
        // A NamespacePatch carries a partial Namespace; it is checked as one.
        const object = r.type.endsWith("Patch")
          ? { ...r.inputs, apiVersion: "v1", kind: "Namespace" }
          : r.inputs;
        expect(() => validateKubernetesObject(object)).not.toThrow();
      }
    }
  });

  test("private keys reach resource inputs only as secrets", async () => {
    const { stack } = await runSandbox({ tlsMode: "MUTUAL" });
    const found = stack.resources.flatMap((r) => privateKeyPaths(r.inputs).map((path) => ({ r, path })));
    // CA key into the CA cert and two signed certs, leaf and client keys into their CSRs, leaf key into the Secret.
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const { r, path } of found)
      expect({ resource: r.name, path, secret: isSecretAt(r, path) }).toMatchObject({ secret: true });
  });

  test("several apps in several namespaces, each with its own Deployment, Service, VirtualService and mesh namespace", async () => {
    const { stack } = await runSandbox({
      apps: [
        { name: "helloworld", image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0" },
        { name: "shop", image: "nginx:1.27", namespace: "store", targetPort: 80 },
        { name: "cart", image: "nginx:1.27", namespace: "store", port: 8080, targetPort: 80 },
        { name: "blog", image: "ghost:5", namespace: "content", replicas: 2, targetPort: 2368 },
      ],
    });
    const vss = stack.ofType("kubernetes:networking.istio.io/v1:VirtualService").map((r) => r.inputs.spec);
    // Registration order follows dependency resolution, so these compare as sets.
    expect(vss.map((s) => [s.hosts[0], s.http[0].route[0].destination])).toEqual(
      expect.arrayContaining([
        [
          "helloworld.fireflyclass.com",
          { host: "helloworld.default.svc.cluster.local", port: { number: 80 } },
        ],
        ["shop.fireflyclass.com", { host: "shop.store.svc.cluster.local", port: { number: 80 } }],
        ["cart.fireflyclass.com", { host: "cart.store.svc.cluster.local", port: { number: 8080 } }],
        ["blog.fireflyclass.com", { host: "blog.content.svc.cluster.local", port: { number: 80 } }],
      ]),
    );
    expect(vss).toHaveLength(4);
    expect(
      stack
        .ofType("kubernetes:core/v1:Namespace")
        .map((r) => r.inputs.metadata.name)
        .sort(),
    ).toEqual(["content", "store"]);
    expect(stack.ofType("kubernetes:core/v1:NamespacePatch").map((r) => r.inputs.metadata.name)).toEqual([
      "default",
    ]);
    expect(
      stack
        .ofType("kubernetes:security.istio.io/v1:PeerAuthentication")
        .map((r) => r.inputs.metadata.namespace)
        .sort(),
    ).toEqual(["content", "default", "store"]);
    const blog = stack.get("kubernetes:apps/v1:Deployment", "content-blog-deployment");
    expect(blog.inputs.spec.replicas).toBe(2);
    expect(blog.inputs.metadata.namespace).toBe("content");
    expect(stack.ofType("kubernetes:apps/v1:Deployment")).toHaveLength(4);
    expect(stack.ofType("kubernetes:core/v1:Service")).toHaveLength(4);
  });

  test("each App is an istio-sandbox:apps:App parenting its three resources", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"));
    const app = stack.get("istio-sandbox:apps:App", "default-helloworld");
    const children = stack.resources.filter((r) => r.parent === app.urn).map((r) => r.type);
    expect(children.sort()).toEqual(
      [
        "kubernetes:apps/v1:Deployment",
        "kubernetes:core/v1:Service",
        "kubernetes:networking.istio.io/v1:VirtualService",
      ].sort(),
    );
  });
});
