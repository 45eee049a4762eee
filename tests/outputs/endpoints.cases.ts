import {
  appEndpoint,
  appEndpoints,
  appUrl,
  curlCommands,
  curlTarget,
  pinHost,
  type EndpointIngress,
} from "../../components/outputs";

const helloworld = { name: "helloworld", namespace: "default", host: "helloworld.fireflyclass.com" };
const k3d: EndpointIngress = {
  address: "172.18.255.200",
  localHttpPort: 80,
  localHttpsPort: 443,
  tlsMode: "SIMPLE",
  httpsRedirect: false,
};

describe("app URLs", () => {
  test("leave out the scheme's default port", () => {
    expect(appUrl("http", "a.example.com", 80)).toBe("http://a.example.com/");
    expect(appUrl("https", "a.example.com", 443)).toBe("https://a.example.com/");
    expect(appUrl("http", "a.example.com", 8080)).toBe("http://a.example.com:8080/");
    expect(appUrl("https", "a.example.com", 8443)).toBe("https://a.example.com:8443/");
  });

  test("refuse a port out of range", () => {
    expect(() => appUrl("https", "a.example.com", 0)).toThrow(
      "https port must be a port number from 1 to 65535 (got 0)",
    );
  });
});

describe("curl target", () => {
  test("k3d: localhost through the host ports, which works on every OS", () => {
    expect(curlTarget({ ...k3d, localHttpPort: 8080, localHttpsPort: 8443 })).toEqual({
      address: "127.0.0.1",
      httpPort: 8080,
      httpsPort: 8443,
    });
  });

  test("existing cluster: the load-balancer address on 80/443", () => {
    expect(curlTarget({ ...k3d, localHttpPort: undefined, localHttpsPort: undefined })).toEqual({
      address: "172.18.255.200",
      httpPort: 80,
      httpsPort: 443,
    });
  });

  test("no address yet: a variable the next steps explain", () => {
    expect(curlTarget({ tlsMode: "SIMPLE", httpsRedirect: false }).address).toBe("$INGRESS_ADDRESS");
  });

  test("one host port without the other is refused", () => {
    expect(() => curlTarget({ ...k3d, localHttpsPort: undefined })).toThrow(
      "localHttpPort and localHttpsPort must be set together (both k3d host ports, or neither)",
    );
  });

  test("an address that is neither IP nor DNS name is refused", () => {
    expect(() => curlTarget({ tlsMode: "SIMPLE", httpsRedirect: false, address: "not an address" })).toThrow(
      'ingress address "not an address" is neither an IP address nor a DNS name',
    );
  });

  test("a bad host port is refused", () => {
    expect(() => curlTarget({ ...k3d, localHttpPort: 70000 })).toThrow(
      "localHttpPort must be a port number from 1 to 65535 (got 70000)",
    );
  });
});

describe("pinning the host without /etc/hosts", () => {
  test("IPv4: --resolve host:port:addr", () => {
    expect(pinHost("a.example.com", 443, "10.0.0.1")).toBe("--resolve a.example.com:443:10.0.0.1");
  });
  test("IPv6 goes in brackets", () => {
    expect(pinHost("a.example.com", 443, "fd00::1")).toBe("--resolve a.example.com:443:[fd00::1]");
  });
  test("a load balancer's DNS name needs --connect-to", () => {
    expect(pinHost("a.example.com", 443, "lb-1.elb.amazonaws.com")).toBe(
      "--connect-to a.example.com:443:lb-1.elb.amazonaws.com:443",
    );
  });
});

describe("curl commands", () => {
  test("the walkthrough's three checks, on the default host ports", () => {
    expect(curlCommands("helloworld.fireflyclass.com", k3d)).toEqual({
      http: "curl -sS --resolve helloworld.fireflyclass.com:80:127.0.0.1 http://helloworld.fireflyclass.com/",
      https:
        "curl -sS --resolve helloworld.fireflyclass.com:443:127.0.0.1 --cacert ca.crt https://helloworld.fireflyclass.com/",
      httpsWithoutCa:
        "curl -sS --resolve helloworld.fireflyclass.com:443:127.0.0.1 https://helloworld.fireflyclass.com/",
    });
  });

  test("non-default host ports appear in --resolve and the URL (Istio matches host:port for a concrete host)", () => {
    const curl = curlCommands("helloworld.fireflyclass.com", {
      ...k3d,
      localHttpPort: 8080,
      localHttpsPort: 8443,
    });
    expect(curl.http).toBe(
      "curl -sS --resolve helloworld.fireflyclass.com:8080:127.0.0.1 http://helloworld.fireflyclass.com:8080/",
    );
    expect(curl.https).toBe(
      "curl -sS --resolve helloworld.fireflyclass.com:8443:127.0.0.1 --cacert ca.crt https://helloworld.fireflyclass.com:8443/",
    );
  });

  test("MUTUAL: the client certificate and key on both HTTPS commands, so only the CA differs", () => {
    const curl = curlCommands("helloworld.fireflyclass.com", { ...k3d, tlsMode: "MUTUAL" });
    expect(curl.https).toBe(
      "curl -sS --resolve helloworld.fireflyclass.com:443:127.0.0.1 --cacert ca.crt --cert client.crt --key client.key https://helloworld.fireflyclass.com/",
    );
    expect(curl.httpsWithoutCa).toBe(
      "curl -sS --resolve helloworld.fireflyclass.com:443:127.0.0.1 --cert client.crt --key client.key https://helloworld.fireflyclass.com/",
    );
    expect(curl.http).not.toContain("--cert");
  });

  test("httpsRedirect: the HTTP command shows the 301", () => {
    expect(curlCommands("helloworld.fireflyclass.com", { ...k3d, httpsRedirect: true }).http).toBe(
      "curl -sS -i --resolve helloworld.fireflyclass.com:80:127.0.0.1 http://helloworld.fireflyclass.com/",
    );
  });
});

describe("app endpoints", () => {
  test("k3d: URLs via the MetalLB address and via localhost", () => {
    const endpoint = appEndpoint(helloworld, { ...k3d, localHttpPort: 8080, localHttpsPort: 8443 });
    expect(endpoint).toMatchObject({
      name: "helloworld",
      namespace: "default",
      host: "helloworld.fireflyclass.com",
      urls: {
        http: "http://helloworld.fireflyclass.com/",
        https: "https://helloworld.fireflyclass.com/",
        localHttp: "http://helloworld.fireflyclass.com:8080/",
        localHttps: "https://helloworld.fireflyclass.com:8443/",
      },
    });
    expect(endpoint.curl.https).toContain("--resolve helloworld.fireflyclass.com:8443:127.0.0.1");
  });

  test("existing cluster: no local URLs; curl goes to the address", () => {
    const endpoint = appEndpoint(helloworld, {
      address: "203.0.113.7",
      tlsMode: "SIMPLE",
      httpsRedirect: false,
    });
    expect(endpoint.urls).toEqual({
      http: "http://helloworld.fireflyclass.com/",
      https: "https://helloworld.fireflyclass.com/",
    });
    expect(endpoint.curl.http).toBe(
      "curl -sS --resolve helloworld.fireflyclass.com:80:203.0.113.7 http://helloworld.fireflyclass.com/",
    );
  });

  test("no address and no host ports: no URLs, curl with $INGRESS_ADDRESS", () => {
    const endpoint = appEndpoint(helloworld, { tlsMode: "SIMPLE", httpsRedirect: false });
    expect(endpoint.urls).toEqual({});
    expect(endpoint.curl.https).toContain("--resolve helloworld.fireflyclass.com:443:$INGRESS_ADDRESS");
  });

  test("one endpoint per app, in order", () => {
    const shop = { name: "shop", namespace: "store", host: "shop.fireflyclass.com" };
    expect(appEndpoints([helloworld, shop], k3d).map((e) => `${e.namespace}/${e.name}`)).toEqual([
      "default/helloworld",
      "store/shop",
    ]);
  });
});
