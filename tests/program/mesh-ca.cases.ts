/**
 * `meshCa: sandbox` on the whole program: the stack's CA signs istiod's intermediate, the `cacerts`
 * Secret is made before istiod starts (with either installer, in either mode), and `meshCa: istiod`
 * keeps istiod's own root.
 */
import { parse } from "yaml";
import { CACERTS_PROBE_SCRIPT } from "../../components/mesh-ca";
import { runPack } from "../../policies/testing/run-pack";
import { type MockStack, gate, resolve } from "../harness/mock-program";
import { stackConfig } from "../harness/stack-file";
import { runSandbox, startSandbox } from "./run-sandbox";
import { LAB_KUBECONFIG } from "../fixtures/kubeconfigs";

const COMMAND = "command:local:Command";
const SECRET = "kubernetes:core/v1:Secret";
const NAMESPACE_PATCH = "kubernetes:core/v1:NamespacePatch";
const LOCALLY_SIGNED = "tls:index/locallySignedCert:LocallySignedCert";
const ref = (type: string, name: string) => ({ type, name });

const CACERTS = ref(SECRET, "mesh-ca-cacerts");
const ISTIO_NAMESPACE = ref(NAMESPACE_PATCH, "mesh-ca-namespace");
const ISTIOCTL = ref(COMMAND, "istio-istioctl");
const HELM_BASE = ref("kubernetes:helm.sh/v3:Release", "istio-base");
const HELM_ISTIOD = ref("kubernetes:helm.sh/v3:Release", "istio-istiod");
const FOREIGN_CHECK = ref(COMMAND, "istio-existing-istio-check");
const CACERTS_CHECK = ref(COMMAND, "mesh-ca-existing-cacerts-check");

const EXISTING = { mode: "existing", kubeconfig: LAB_KUBECONFIG, meshCa: "sandbox" };

/** Starts the program with `held` blocked until the test opens it. */
function holding(config: Record<string, unknown>, held: { type: string; name: string }) {
  const g = gate();
  const run = startSandbox(config, {
    hold: ({ type, name }) => (type === held.type && name === held.name ? g.promise : undefined),
  });
  return { ...run, open: g.open };
}

const registered = (run: ReturnType<typeof holding>, r: { type: string; name: string }) =>
  run.stack.resources.some((x) => x.type === r.type && x.name === r.name);

describe("meshCa sandbox (the dev stack)", () => {
  let run: Awaited<ReturnType<typeof runSandbox>>;
  beforeAll(async () => {
    run = await runSandbox(stackConfig("Pulumi.dev.yaml"));
  });

  test("the stack's CA signs an intermediate CA for istiod: cert and CRL signing, half the CA's life, renewed 30 days early", () => {
    const ca = run.stack.get("tls:index/selfSignedCert:SelfSignedCert", "pki-ca");
    const intermediate = run.stack.get(LOCALLY_SIGNED, "pki-mesh-ca-cert");
    expect(intermediate.inputs).toMatchObject({
      isCaCertificate: true,
      allowedUses: ["cert_signing", "crl_signing"],
      validityPeriodHours: 198 * 24,
      earlyRenewalHours: 30 * 24,
      caCertPem: `-----BEGIN CERTIFICATE-----\nfake-pki-ca\n-----END CERTIFICATE-----\n`,
    });
    expect(run.stack.dependenciesOf(intermediate)).toContain(ca.urn);
    expect(intermediate.secretPaths).toContain("caPrivateKeyPem");
    const csr = run.stack.get("tls:index/certRequest:CertRequest", "pki-mesh-ca-csr");
    expect(csr.inputs.subject.commonName).toBe("istiod-ca.fireflyclass.com");
    expect(csr.inputs.dnsNames).toEqual(["istiod.istio-system.svc"]);
  });

  test("the cacerts Secret holds Istio's four files: the intermediate and its key, the root, and the chain", () => {
    const secret = run.stack.get(CACERTS.type, CACERTS.name);
    const root = "-----BEGIN CERTIFICATE-----\nfake-pki-ca\n-----END CERTIFICATE-----\n";
    const intermediate = "-----BEGIN CERTIFICATE-----\nfake-pki-mesh-ca-cert\n-----END CERTIFICATE-----\n";
    expect(secret.inputs.metadata).toEqual({ name: "cacerts", namespace: "istio-system" });
    expect(secret.inputs.type).toBe("Opaque");
    expect(secret.inputs.stringData).toEqual({
      "ca-cert.pem": intermediate,
      "ca-key.pem": "-----BEGIN PRIVATE KEY-----\nfake-pki-mesh-ca-key\n-----END PRIVATE KEY-----\n",
      "root-cert.pem": root,
      "cert-chain.pem": `${intermediate}${root}`,
    });
    // The key travels as a secret (the kubernetes SDK also marks all of a Secret's stringData so).
    expect(secret.secretPaths.some((p) => "stringData.ca-key.pem".startsWith(p))).toBe(true);
    // istiod mounts it by name: a replacement deletes the old one first.
    expect(secret.deleteBeforeReplace).toBe(true);
  });

  test("istio-system is made sure of with a NamespacePatch (never deleted), before the Secret", () => {
    const patch = run.stack.get(ISTIO_NAMESPACE.type, ISTIO_NAMESPACE.name);
    expect(patch.inputs.metadata).toEqual({ name: "istio-system" });
    const secret = run.stack.get(CACERTS.type, CACERTS.name);
    expect(run.stack.dependenciesOf(secret)).toContain(patch.urn);
  });

  test("outputs name the mode; next steps show the chain and when to restart istiod", async () => {
    expect(run.outputs.meshCa).toBe("sandbox");
    const steps = (await resolve(run.outputs.nextSteps)).value;
    expect(steps).toContain(
      "Workload certificates chain to ca.crt too: the stack's CA signs istiod's intermediate (Secret istio-system/cacerts)",
    );
    expect(steps).toContain("istioctl proxy-config secret deployment/helloworld -n default");
    expect(steps).toContain("kubectl -n istio-system rollout restart deployment/istiod");
    expect(steps).toContain("kubectl -n default rollout restart deployment/helloworld");
  });
});

describe("meshCa istiod (the default) keeps istiod's own root", () => {
  test("no intermediate, no cacerts Secret, no MeshCa, and no restart note", async () => {
    const { stack, outputs } = await runSandbox({});
    expect(stack.ofType("istio-sandbox:mesh-ca:MeshCa")).toEqual([]);
    expect(stack.ofType(SECRET).map((s) => s.inputs.metadata.name)).not.toContain("cacerts");
    expect(stack.ofType(LOCALLY_SIGNED).map((c) => c.name)).toEqual(["pki-server-cert"]);
    expect(stack.ofType(NAMESPACE_PATCH).map((p) => p.name)).toEqual(["mesh-default"]);
    expect(outputs.meshCa).toBe("istiod");
    expect((await resolve(outputs.nextSteps)).value).not.toContain("rollout restart deployment/istiod");
  });
});

describe("istiod starts only once cacerts exists", () => {
  test.each([
    ["istioctl", ISTIOCTL],
    ["helm", HELM_BASE],
  ])("%s: the install waits for the Secret", async (installer, first) => {
    const run = holding({ ...stackConfig("Pulumi.dev.yaml"), istioInstaller: installer }, CACERTS);
    await run.stack.registration(CACERTS.type, CACERTS.name);
    // The cluster and the PKI go on meanwhile; the install does not start.
    await run.stack.registration("kubernetes:helm.sh/v3:Release", "metallb");
    expect(registered(run, first)).toBe(false);
    run.open();
    await run.done;
    expect(run.stack.registeredAfterCreated(first, CACERTS)).toBe(true);
    if (installer === "helm") expect(run.stack.registeredAfterCreated(HELM_ISTIOD, CACERTS)).toBe(true);
  });

  test("the Secret waits for istio-system to exist", async () => {
    const run = holding(stackConfig("Pulumi.dev.yaml"), ISTIO_NAMESPACE);
    await run.stack.registration(ISTIO_NAMESPACE.type, ISTIO_NAMESPACE.name);
    await run.stack.registration("kubernetes:helm.sh/v3:Release", "metallb");
    expect(registered(run, CACERTS)).toBe(false);
    run.open();
    await run.done;
    expect(run.stack.registeredAfterCreated(CACERTS, ISTIO_NAMESPACE)).toBe(true);
    expect(run.stack.registeredAfterCreated(ISTIOCTL, ISTIO_NAMESPACE)).toBe(true);
  });
});

describe("meshCa sandbox on an existing cluster touches nothing it did not make", () => {
  test("a create-only check for a cacerts Secret runs first, after the existing-Istio check", async () => {
    const { stack } = await runSandbox(EXISTING);
    const check = stack.get(CACERTS_CHECK.type, CACERTS_CHECK.name);
    expect(check.inputs.create).toContain(CACERTS_PROBE_SCRIPT);
    expect(check.inputs.update).toBe("true");
    expect(check.inputs.delete).toBeUndefined();
    expect(check.inputs.environment).toMatchObject({ SANDBOX_NAMESPACE: "istio-system" });
    expect(check.secretPaths.some((p) => p.startsWith("environment"))).toBe(true);
    expect(check.additionalSecretOutputs).toEqual(["environment"]);
    const foreign = stack.get(FOREIGN_CHECK.type, FOREIGN_CHECK.name);
    expect(stack.dependenciesOf(check)).toContain(foreign.urn);
    for (const writer of [ISTIO_NAMESPACE, CACERTS]) {
      const resource = stack.get(writer.type, writer.name);
      expect([writer.name, stack.dependenciesOf(resource).has(check.urn)]).toEqual([writer.name, true]);
      expect([writer.name, stack.dependenciesOf(resource).has(foreign.urn)]).toEqual([writer.name, true]);
      // Nothing goes with a cluster the stack does not own.
      expect(resource.deletedWith).toBeUndefined();
    }
  });

  test("nothing is written before the check has passed", async () => {
    const run = holding(EXISTING, CACERTS_CHECK);
    await run.stack.registration(CACERTS_CHECK.type, CACERTS_CHECK.name);
    expect(registered(run, ISTIO_NAMESPACE)).toBe(false);
    expect(registered(run, CACERTS)).toBe(false);
    expect(registered(run, ISTIOCTL)).toBe(false);
    run.open();
    await run.done;
    for (const later of [ISTIO_NAMESPACE, CACERTS, ISTIOCTL]) {
      expect([later.name, run.stack.registeredAfterCreated(later, CACERTS_CHECK)]).toEqual([
        later.name,
        true,
      ]);
    }
  });

  test("the check waits for the existing-Istio check, so a foreign mesh stops everything first", async () => {
    const run = holding(EXISTING, FOREIGN_CHECK);
    await run.stack.registration(FOREIGN_CHECK.type, FOREIGN_CHECK.name);
    expect(registered(run, CACERTS_CHECK)).toBe(false);
    run.open();
    await run.done;
    expect(run.stack.registeredAfterCreated(CACERTS_CHECK, FOREIGN_CHECK)).toBe(true);
  });

  test("the uninstall still removes only the stack's own Istio; the Secret is the stack's own resource", async () => {
    const { stack } = await runSandbox(EXISTING);
    const install = stack.get(ISTIOCTL.type, ISTIOCTL.name);
    expect(install.inputs.delete).not.toContain("--purge");
    expect(parse(install.inputs.stdin as string).kind).toBe("IstioOperator");
    // A k3d cluster needs no check: it is the stack's own from the start.
    const k3d = await runSandbox({ meshCa: "sandbox" });
    expect(k3d.stack.ofType(COMMAND).map((c) => c.name)).not.toContain(CACERTS_CHECK.name);
  });
});

describe("the policy pack over the dev stack's cacerts", () => {
  const CA_PEM = "-----BEGIN CERTIFICATE-----\nfake-pki-ca\n-----END CERTIFICATE-----\n";

  /** The captured stack as a stack policy sees it once the CA exists: its certificate is known. */
  const captured = (stack: MockStack, edit: (files: Record<string, string>) => void = () => undefined) =>
    stack.resources.map((r) => {
      const props: Record<string, unknown> =
        r.name === "pki-ca" ? { ...r.inputs, certPem: CA_PEM } : { ...r.inputs };
      if (r.name === CACERTS.name) {
        const files = { ...(r.inputs.stringData as Record<string, string>) };
        edit(files);
        props.stringData = files;
      }
      return { type: r.type, name: r.name, urn: r.urn, props, dependencies: [...stack.dependenciesOf(r)] };
    });

  test("the program's Secret passes: four files, ending at the stack's CA", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"));
    expect(await runPack(captured(stack))).toEqual([]);
  });

  test("the pack does see it: a root that is not the stack's CA, or a missing file, is caught", async () => {
    const { stack } = await runSandbox(stackConfig("Pulumi.dev.yaml"));
    const other = "-----BEGIN CERTIFICATE-----\nanother-root\n-----END CERTIFICATE-----\n";
    const swapped = await runPack(
      captured(stack, (files) => {
        files["root-cert.pem"] = other;
        files["cert-chain.pem"] = `${files["ca-cert.pem"]}${other}`;
      }),
    );
    expect(swapped.map((v) => [v.policyName, v.urn])).toEqual([
      ["mesh-ca-cacerts", stack.get(CACERTS.type, CACERTS.name).urn],
      ["mesh-ca-cacerts", stack.get(CACERTS.type, CACERTS.name).urn],
    ]);
    const partial = await runPack(captured(stack, (files) => delete files["ca-key.pem"]));
    expect(partial.map((v) => v.message)).toEqual([expect.stringContaining("lacks ca-key.pem")]);
  });
});
