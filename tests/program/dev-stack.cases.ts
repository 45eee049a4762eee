/**
 * The whole program on the dev stack (k3d mode) under mocks: what it declares, how the pieces hang
 * together, and what stays secret.
 */
import type * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { StackOutputs } from "../../components/outputs";
import { resolve } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { FAKE_GATEWAY_ADDRESS, FAKE_KUBECONFIG, runSandbox, type SandboxOutputs } from "./run-sandbox";

// The program's outputs, once resolved, are the contract that `npm run verify` reads back.
const outputsMatchContract: pulumi.Unwrap<SandboxOutputs> extends StackOutputs ? true : never = true;

const COMMAND = "command:local:Command";
const PROVIDER = "pulumi:providers:kubernetes";

describe("dev stack (k3d mode)", () => {
  let run: Awaited<ReturnType<typeof runSandbox>>;
  beforeAll(async () => {
    run = await runSandbox(stackConfig("Pulumi.dev.yaml"));
  });

  test("one component per concern, each with its type token", () => {
    const components = run.stack.resources.filter((r) => !r.custom).map((r) => r.type);
    expect(components).toEqual([
      "istio-sandbox:cluster:K3dCluster",
      "istio-sandbox:pki:Pki",
      "istio-sandbox:metallb:MetalLB",
      "istio-sandbox:istio:IstioMesh",
      // meshCa sandbox: declared by the Istio install's hook, so that istiod waits for it.
      "istio-sandbox:mesh-ca:MeshCa",
      "istio-sandbox:ingress:Ingress",
      "istio-sandbox:istio:IngressAddress",
      "istio-sandbox:mesh:MeshNamespaces",
      "istio-sandbox:apps:App",
      "istio-sandbox:addons:Addons",
      // Istio's add-on manifests, each applied by pulumi-kubernetes' yaml component.
      "kubernetes:yaml/v2:ConfigFile",
      "kubernetes:yaml/v2:ConfigFile",
      "kubernetes:yaml/v2:ConfigFile",
      "kubernetes:yaml/v2:ConfigGroup",
    ]);
  });

  test("the k3d cluster is created from the rendered config on stdin, and replaced (delete first) when it changes", () => {
    const k3d = run.stack.get(COMMAND, "sandbox-k3d");
    const config = parse(k3d.inputs.stdin as string);
    expect(config).toMatchObject({ apiVersion: "k3d.io/v1alpha5", kind: "Simple", servers: 1, agents: 5 });
    expect(k3d.inputs.triggers).toEqual([k3d.inputs.stdin]);
    expect(k3d.inputs.create).toContain(`k3d cluster create --config "$work/k3d.yaml"`);
    expect(k3d.inputs.delete).toContain('k3d cluster delete "$K3D_CLUSTER"');
    expect(k3d.inputs.environment).toEqual({ K3D_CLUSTER: "istio-sandbox", K3D_OWNER: "istio-sandbox/dev" });
    expect(k3d.deleteBeforeReplace).toBe(true);
    expect(k3d.additionalSecretOutputs).toEqual(["stdout"]);
  });

  test("only a change k3d cannot apply in place touches the cluster; everything else leaves it alone", async () => {
    const dev = stackConfig("Pulumi.dev.yaml");
    const k3d = async (raw: Record<string, unknown>) =>
      (await runSandbox(raw)).stack.get(COMMAND, "sandbox-k3d").inputs;
    const base = await k3d(dev);
    const unrelated = await k3d({
      ...dev,
      istioProfile: "default",
      meshConfig: { accessLogFile: "/dev/stdout" },
      httpsRedirect: true,
      tlsMode: "MUTUAL",
      metallbAddresses: "172.18.255.100-172.18.255.120",
      apps: [{ name: "web", image: "nginx:1.27" }],
    });
    expect(unrelated).toEqual(base);
    const moreAgents = await k3d({ ...dev, agents: 3 });
    expect(moreAgents.triggers).not.toEqual(base.triggers);
    expect(parse(moreAgents.stdin as string)).toMatchObject({ agents: 3 });
  });

  test("the Docker network lookup runs after the cluster exists", () => {
    const k3d = run.stack.get(COMMAND, "sandbox-k3d");
    const network = run.stack.get(COMMAND, "sandbox-network");
    expect(run.stack.dependenciesOf(network)).toContain(k3d.urn);
  });

  test("the Kubernetes provider gets the cluster's kubeconfig as a secret", () => {
    const provider = run.stack.get(PROVIDER, "sandbox-provider");
    expect(provider.inputs.kubeconfig).toBe(FAKE_KUBECONFIG);
    expect(provider.secretPaths).toContain("kubeconfig");
  });

  test("every in-cluster resource uses that provider and is deleted with the cluster", () => {
    const provider = run.stack.get(PROVIDER, "sandbox-provider");
    const k3d = run.stack.get(COMMAND, "sandbox-k3d");
    const inCluster = run.stack.resources.filter((r) => r.type.startsWith("kubernetes:"));
    expect(inCluster.length).toBeGreaterThan(10);
    for (const resource of inCluster) {
      // A provider reference is `<urn>::<id>`.
      expect({ name: resource.name, provider: resource.provider?.slice(0, provider.urn.length) }).toEqual({
        name: resource.name,
        provider: provider.urn,
      });
      expect({ name: resource.name, deletedWith: resource.deletedWith }).toEqual({
        name: resource.name,
        deletedWith: k3d.urn,
      });
    }
  });

  test("commands that act on the cluster are deleted with it too, so destroy is one k3d cluster delete", () => {
    const k3d = run.stack.get(COMMAND, "sandbox-k3d");
    const clusterCommands = run.stack
      .ofType(COMMAND)
      .filter((c) => !["sandbox-k3d", "sandbox-network"].includes(c.name));
    expect(clusterCommands.map((c) => c.name).sort()).toEqual([
      "ingress-address-probe",
      "istio-istioctl",
      "metallb-webhook-ready",
    ]);
    for (const command of clusterCommands) expect(command.deletedWith).toBe(k3d.urn);
  });

  test("TLS material does not depend on the cluster", () => {
    const clusterUrns = new Set(
      run.stack.resources.filter((r) => r.type === COMMAND || r.type === PROVIDER).map((r) => r.urn),
    );
    for (const tls of run.stack.resources.filter((r) => r.type.startsWith("tls:"))) {
      for (const dependency of run.stack.dependenciesOf(tls)) expect(clusterUrns).not.toContain(dependency);
    }
  });

  test("private keys and the kubeconfig reach resources only as secrets", () => {
    const pem = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
    for (const resource of run.stack.resources) {
      const walk = (value: unknown, path: string): void => {
        if (typeof value === "string") {
          if (pem.test(value) || value === FAKE_KUBECONFIG) {
            expect({
              resource: resource.name,
              path,
              secret: resource.secretPaths.some((p) => path.startsWith(p)),
            }).toEqual({
              resource: resource.name,
              path,
              secret: true,
            });
          }
        } else if (value && typeof value === "object") {
          for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
        }
      };
      walk(resource.inputs, "");
    }
  });

  test("stack outputs are exactly the contract's keys", () => {
    expect(outputsMatchContract).toBe(true);
    const contractKeys: Record<keyof StackOutputs, true> = {
      mode: true,
      clusterName: true,
      kubeconfig: true,
      ingress: true,
      mtlsMode: true,
      istioInstaller: true,
      apps: true,
      caCertificate: true,
      clientCertificate: true,
      clientPrivateKey: true,
      ingressApi: true,
      clusterTarget: true,
      dataplaneMode: true,
      waypoint: true,
      addons: true,
      meshCa: true,
      nextSteps: true,
      istioRevisions: true,
    };
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(contractKeys).sort());
  });

  test("stack outputs: kubeconfig secret, CA certificate plain, no client key in SIMPLE mode", async () => {
    const outputs = run.outputs;
    await expect(resolve(outputs.kubeconfig)).resolves.toEqual({ value: FAKE_KUBECONFIG, secret: true });
    const ca = await resolve(outputs.caCertificate);
    expect(ca.secret).toBe(false);
    expect(ca.value).toContain("BEGIN CERTIFICATE");
    expect(outputs.clientPrivateKey).toBeUndefined();
    expect(outputs.mode).toBe("k3d");
    expect(outputs.mtlsMode).toBe("STRICT");
  });

  test("stack outputs: the gateway address, URLs and curl commands that need no /etc/hosts", async () => {
    const outputs = run.outputs;
    const ingress = (await resolve(outputs.ingress)).value;
    expect(ingress).toMatchObject({
      address: FAKE_GATEWAY_ADDRESS,
      localHttpPort: 80,
      localHttpsPort: 443,
      namespace: "istio-system",
      selector: { istio: "ingressgateway" },
      gateways: { http: "istio-system/ingressgateway", https: "istio-system/ingressgateway-tls" },
    });
    const [app] = (await resolve(outputs.apps)).value as any[];
    expect(app.host).toBe("helloworld.fireflyclass.com");
    expect(app.urls).toMatchObject({
      http: "http://helloworld.fireflyclass.com/",
      https: "https://helloworld.fireflyclass.com/",
    });
    expect(app.curl.https).toContain("--cacert ca.crt");
    expect(app.curl.https).toContain(`--resolve helloworld.fireflyclass.com:443:`);
    const steps = (await resolve(outputs.nextSteps)).value;
    expect(steps).toContain("npm run -s outputs -- caCertificate > ca.crt");
    expect(steps).toContain("npm run verify");
    // The dev stack's dashboards ask for the CA to be trusted in a browser, so the CA is named for removal.
    expect(steps).toContain(`delete the CA "ca.fireflyclass.com" from the browser's trusted authorities`);
  });
});
