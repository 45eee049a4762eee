import { istioModuleFor, renderMetallbCrds } from "../../tools/e2e/objects/sources";
import { commandStdout, programConfig, unwrapSecrets } from "../../tools/e2e/objects/mock-render";
import { SUBNET_SCRIPT } from "../../components/cluster/k3d-scripts";
import { SIMULATED_SUBNET } from "../../tools/e2e/lane/sim-cluster";
import { subjectArg, usageExtensions } from "../../tools/e2e/objects/tls-material";

const mods = ["/m/istio@v0.0.0-20260826214018-9739e10eb9d7", "/m/istio@v0.0.0-20260827124520-eed52ebb66ad"];

describe("CRD sources", () => {
  test("the istio module is the one istioctl was built from", () => {
    expect(istioModuleFor(mods, "1.31-9739e10eb9d7", "1.31.1")).toBe(mods[0]);
    expect(istioModuleFor(mods, "1.31-aaaaaaaaaaaa", "1.31.1")).toBeUndefined();
    expect(istioModuleFor([...mods, "/m/istio@1.31.1"], "", "1.31.1")).toBe("/m/istio@1.31.1");
    expect(istioModuleFor(mods, "", "1.31.1")).toBe(mods[1]);
  });

  test("MetalLB's CRD template gets the release namespace; another expression is refused", () => {
    expect(renderMetallbCrds("namespace: {{ .Release.Namespace }}\n", "metallb-system")).toBe(
      "namespace: metallb-system\n",
    );
    expect(() => renderMetallbCrds("x: {{ .Values.y }}", "n")).toThrow(
      "MetalLB's CRD template has an expression this check cannot render: {{ .Values.y }}",
    );
  });
});

describe("program under mocks", () => {
  test("config keys get the project namespace, objects become JSON", () => {
    expect(programConfig({ mode: "k3d", agents: 2, apps: [{ name: "a" }] })).toEqual({
      "istio-sandbox:mode": "k3d",
      "istio-sandbox:agents": "2",
      "istio-sandbox:apps": '[{"name":"a"}]',
    });
  });

  test("secrets are unwrapped at any depth", () => {
    const secret = (value: unknown) => ({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value,
    });
    expect(unwrapSecrets({ a: secret("k"), b: [secret({ c: secret(1) })] })).toEqual({
      a: "k",
      b: [{ c: 1 }],
    });
  });

  test("the k3d network Command answers the simulated subnet, others nothing", () => {
    expect(commandStdout({ create: SUBNET_SCRIPT })).toBe(`${SIMULATED_SUBNET}\n`);
    expect(commandStdout({ create: "k3d cluster create" })).toBe("");
  });

  test("certificate subjects and uses become openssl arguments", () => {
    expect(subjectArg({ commonName: "*.example.com", organization: "Sandbox" })).toBe(
      "/O=Sandbox/CN=*.example.com",
    );
    expect(() => subjectArg({ commonName: "a/b" })).toThrow('subject part "CN=a/b" holds "/"');
    expect(usageExtensions(["cert_signing", "server_auth", "digital_signature"], true)).toEqual([
      "basicConstraints=critical,CA:TRUE",
      "keyUsage=critical,keyCertSign,digitalSignature",
      "extendedKeyUsage=serverAuth",
    ]);
  });
});
