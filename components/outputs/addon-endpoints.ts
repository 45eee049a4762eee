/** The `addons` stack output: each add-on UI's URLs and a curl that proves it answers over HTTPS. */
import { ADDONS, addonHost } from "../addons/catalog";
import type { AddonName } from "../config/types";
import type { AddonEndpoint } from "./contract";
import { appUrl, CA_FILE, curlTarget, type EndpointIngress, pinHost } from "./endpoints";

export function addonEndpoints(
  enabled: readonly AddonName[],
  domain: string,
  ingress: EndpointIngress,
): AddonEndpoint[] {
  const target = curlTarget(ingress);
  return enabled.map((addon) => {
    const info = ADDONS[addon];
    const host = addonHost(addon, domain);
    const url = (port: number) => `${appUrl("https", host, port).slice(0, -1)}${info.uiPath}`;
    const clientCert = ingress.tlsMode === "MUTUAL" ? " --cert client.crt --key client.key" : "";
    return {
      name: addon,
      host,
      path: info.uiPath,
      purpose: info.purpose,
      urls: {
        ...(ingress.address !== undefined ? { https: url(443) } : {}),
        ...(ingress.localHttpsPort !== undefined ? { localHttps: url(ingress.localHttpsPort) } : {}),
      },
      // -L: Grafana and Kiali answer their root with a redirect to their UI page.
      curl: `curl -sSL -o /dev/null -w '%{http_code}\\n' ${pinHost(host, target.httpsPort, target.address)} --cacert ${CA_FILE}${clientCert} ${url(target.httpsPort)}`,
    };
  });
}
