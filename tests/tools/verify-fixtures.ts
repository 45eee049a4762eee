/** Stack outputs and API objects shaped like a real sandbox's, for the verify tests. */
import type { AppEndpoint, StackOutputs } from "../../components/outputs/contract";

export const HOST = "helloworld.fireflyclass.com";
export const HELLO = "Hello, world!\nVersion: 1.0.0\nHostname: helloworld-7859b66cdf-v2wcc\n";

export const app: AppEndpoint = {
  name: "helloworld",
  namespace: "default",
  host: HOST,
  urls: { localHttp: `http://${HOST}/`, localHttps: `https://${HOST}/` },
  curl: {
    http: `curl --resolve ${HOST}:80:127.0.0.1 http://${HOST}/`,
    https: `curl --cacert ca.crt --resolve ${HOST}:443:127.0.0.1 https://${HOST}/`,
    httpsWithoutCa: `curl --resolve ${HOST}:443:127.0.0.1 https://${HOST}/`,
  },
};

export function outputs(
  overrides: Omit<Partial<StackOutputs>, "ingress"> & { ingress?: Partial<StackOutputs["ingress"]> } = {},
): StackOutputs {
  const { ingress, ...rest } = overrides;
  return {
    mode: "k3d",
    clusterName: "istio-sandbox",
    kubeconfig: "apiVersion: v1\n",
    mtlsMode: "STRICT",
    istioInstaller: "istioctl",
    apps: [app],
    caCertificate: "",
    nextSteps: "",
    ...rest,
    ingress: {
      address: "172.18.255.200",
      namespace: "istio-system",
      selector: { istio: "ingressgateway" },
      localHttpPort: 80,
      localHttpsPort: 443,
      httpsRedirect: false,
      tlsMode: "SIMPLE",
      gateways: { http: "istio-system/ingressgateway", https: "istio-system/ingressgateway-tls" },
      ...ingress,
    },
  };
}
