import type { KubeObject } from "../../tools/e2e/objects/declared";
import {
  admissionReview,
  admissionVerdict,
  deployedGateways,
  pluggedRootCert,
  validatedObjects,
} from "../../tools/e2e/objects/istiod-checks";
import { OBJECT_STEPS } from "../../tools/e2e/objects/report";

const object = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace = "default",
  extra = {},
): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace },
  ...extra,
});

describe("what e2e:objects asks of the real istiod", () => {
  test("runs after the objects are applied and before the analyzer judges them", () => {
    expect(OBJECT_STEPS.slice(OBJECT_STEPS.indexOf("apply"), OBJECT_STEPS.indexOf("analyze") + 1)).toEqual([
      "apply",
      "istiod",
      "analyze",
    ]);
  });

  test("its validation webhook judges Istio's config groups, not the install API or anything else", () => {
    const objects = [
      object("networking.istio.io/v1", "VirtualService", "hello"),
      object("security.istio.io/v1", "PeerAuthentication", "default", "istio-system"),
      object("telemetry.istio.io/v1", "Telemetry", "mesh", "istio-system"),
      object("install.istio.io/v1alpha1", "IstioOperator", "installed-state", "istio-system"),
      object("gateway.networking.k8s.io/v1", "Gateway", "ingress", "istio-system"),
      object("v1", "Service", "hello"),
    ];
    expect(validatedObjects(objects).map((o) => o.kind)).toEqual([
      "VirtualService",
      "PeerAuthentication",
      "Telemetry",
    ]);
  });

  test("the AdmissionReview is a CREATE of the object, as the API server sends it", () => {
    const vs = object("networking.istio.io/v1", "VirtualService", "hello", "apps");
    expect(admissionReview(vs, "e2e-0")).toEqual({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      request: {
        uid: "e2e-0",
        kind: { group: "networking.istio.io", version: "v1", kind: "VirtualService" },
        resource: { group: "networking.istio.io", version: "v1", resource: "virtualservices" },
        requestKind: { group: "networking.istio.io", version: "v1", kind: "VirtualService" },
        name: "hello",
        namespace: "apps",
        operation: "CREATE",
        userInfo: { username: "istio-sandbox-e2e" },
        object: vs,
        dryRun: false,
      },
    });
  });

  test("reads the verdict and istiod's reason from the response's status", () => {
    expect(admissionVerdict(JSON.stringify({ response: { uid: "x", allowed: true } }))).toEqual({
      allowed: true,
      message: "",
    });
    expect(
      admissionVerdict(
        JSON.stringify({
          response: {
            uid: "x",
            allowed: false,
            status: { message: "configuration is invalid: weight -5 < 0" },
          },
        }),
      ),
    ).toEqual({ allowed: false, message: "configuration is invalid: weight -5 < 0" });
    expect(() => admissionVerdict("{}")).toThrow("the webhook answered no AdmissionReview response");
  });

  test("expects a Deployment and Service named <gateway>-istio, a waypoint's by its own name, or the override", () => {
    const gateway = (name: string, className: string, annotations?: Record<string, string>) => ({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name, namespace: "istio-system", ...(annotations ? { annotations } : {}) },
      spec: { gatewayClassName: className },
    });
    expect(
      deployedGateways([
        gateway("ingress", "istio"),
        gateway("waypoint", "istio-waypoint"),
        gateway("named", "istio", { "gateway.istio.io/name-override": "custom" }),
        gateway("other", "nginx"),
        { ...object("networking.istio.io/v1", "Gateway", "http") },
      ]).map((g) => [g.gateway, g.className, g.workload]),
    ).toEqual([
      ["ingress", "istio", "ingress-istio"],
      ["waypoint", "istio-waypoint", "waypoint"],
      ["named", "istio", "custom"],
    ]);
  });

  test("a cacerts Secret in Istio's namespace plugs its root in, from stringData or data", () => {
    const secret = (extra: object, namespace = "istio-system") =>
      object("v1", "Secret", "cacerts", namespace, extra);
    expect(pluggedRootCert([secret({ stringData: { "root-cert.pem": "ROOT" } })], "istio-system")).toBe(
      "ROOT",
    );
    expect(
      pluggedRootCert(
        [secret({ data: { "root-cert.pem": Buffer.from("ROOT").toString("base64") } })],
        "istio-system",
      ),
    ).toBe("ROOT");
    expect(
      pluggedRootCert([secret({ stringData: { "root-cert.pem": "ROOT" } }, "apps")], "istio-system"),
    ).toBeUndefined();
    expect(pluggedRootCert([], "istio-system")).toBeUndefined();
  });
});
