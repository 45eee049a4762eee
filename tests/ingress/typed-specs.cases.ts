/**
 * The Istio spec interfaces are the compile-time guard: `npx tsc --noEmit` fails on this file if a
 * misspelled field were accepted (each `@ts-expect-error` must have an error to expect), or if the
 * interfaces drifted from the upstream models' types.
 */
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService";
import type { IPeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication";
import type {
  GatewaySpec,
  PeerAuthenticationSpec,
  VirtualServiceSpec,
} from "../../components/k8s-types/istio";
import { renderHttpsGateway } from "../../components/ingress/gateways";
import { renderPeerAuthentication } from "../../components/mesh/namespaces";

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

// Each of our specs is assignable to the upstream model's spec type (checked by tsc).
const gatewayFits = (spec: GatewaySpec): IGateway["spec"] => spec as Mutable<GatewaySpec>;
const virtualServiceFits = (spec: VirtualServiceSpec): IVirtualService["spec"] =>
  spec as Mutable<VirtualServiceSpec>;
const peerAuthenticationFits = (spec: PeerAuthenticationSpec): IPeerAuthentication["spec"] => spec;

describe("typed Istio specs", () => {
  test("misspelled fields do not compile", () => {
    const server: GatewaySpec["servers"][number] = {
      port: { number: 443, name: "https", protocol: "HTTPS" },
      hosts: ["*.example.com"],
      // @ts-expect-error the field is credentialName
      tls: { mode: "SIMPLE", credentialNme: "x" },
    };
    const spec: PeerAuthenticationSpec = {
      // @ts-expect-error STRICT, PERMISSIVE only
      mtls: { mode: "STRICTLY" },
    };
    const vs: VirtualServiceSpec = {
      hosts: ["a.example.com"],
      // @ts-expect-error the field is gateways
      gateway: ["istio-system/ingressgateway"],
      http: [],
    };
    expect([server, spec, vs]).toHaveLength(3);
  });

  test("rendered specs are accepted where the upstream model types are expected", () => {
    const gateway = renderHttpsGateway({
      domain: "example.com",
      namespace: "istio-system",
      selector: { istio: "ingressgateway" },
      settings: {
        httpGateway: "a",
        httpsGateway: "b",
        credentialName: "c",
        httpsRedirect: false,
        tlsMode: "SIMPLE",
      },
    });
    expect(gatewayFits(gateway.spec)?.servers?.[0].tls?.credentialName).toBe("c");
    expect(peerAuthenticationFits(renderPeerAuthentication("default", "STRICT").spec)?.mtls?.mode).toBe(
      "STRICT",
    );
    expect(virtualServiceFits({ hosts: ["h"], gateways: ["g/h"], http: [] })?.gateways).toEqual(["g/h"]);
  });
});
