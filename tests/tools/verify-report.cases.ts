/** Verify's outputs parsing, endpoint choice, report (table and JSON) and orchestration. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs, selectStack } from "../../tools/common/args";
import { renderTable, wrapCell } from "../../tools/common/table";
import { dnsNames, nameCovers } from "../../tools/verify/certificate";
import { Cleanup } from "../../tools/verify/cleanup";
import { gatewayEndpoints } from "../../tools/verify/endpoints";
import { parseStackOutputs, sandboxContext } from "../../tools/verify/outputs";
import { buildReport, renderJson, renderReport, verifyExitCode } from "../../tools/verify/report";
import type { CheckRow } from "../../tools/verify/types";
import { runVerify } from "../../tools/verify/verify";
import { HOST, outputs } from "./verify-fixtures";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("parseStackOutputs", () => {
  it("accepts the contract's shape", () => {
    const stack = outputs({ caCertificate: PEM });
    expect(parseStackOutputs(JSON.stringify(stack))).toEqual(stack);
  });
  it("names every missing or wrong field, and says to run pulumi up", () => {
    const broken = { ...outputs({ caCertificate: "not a pem" }), ingress: undefined };
    expect(() => parseStackOutputs(JSON.stringify(broken))).toThrow(
      "the stack outputs are not what this version of the program exports (is the stack up to date? run: pulumi up):\n  - ingress: Invalid input: expected object, received undefined\n  - caCertificate: must be a PEM certificate",
    );
  });
  it("keeps an existing-mode stack's clusterTarget: without kubeContext, verify uses the context of the last update", () => {
    const target = { context: "lab", server: "https://lab.example:6443" };
    const parsed = parseStackOutputs(
      JSON.stringify({ ...outputs({ caCertificate: PEM }), clusterTarget: target }),
    );
    expect(parsed.clusterTarget).toEqual(target);
    expect(sandboxContext(undefined, parsed)).toBe("lab");
    expect(sandboxContext("prod", parsed)).toBe("prod");
    expect(
      sandboxContext(undefined, parseStackOutputs(JSON.stringify(outputs({ caCertificate: PEM })))),
    ).toBe(undefined);
  });
  it("rejects text that is not JSON", () => {
    expect(() => parseStackOutputs("error: no stack selected")).toThrow(
      "pulumi stack output did not print JSON; run: pulumi stack output --json --show-secrets",
    );
  });
  it("MUTUAL needs the client certificate and key", () => {
    const stack = outputs({ caCertificate: PEM, ingress: { tlsMode: "MUTUAL" } });
    expect(() => parseStackOutputs(JSON.stringify(stack))).toThrow(
      "tlsMode is MUTUAL but the outputs hold no clientCertificate/clientPrivateKey; run: pulumi up",
    );
  });
});

describe("gatewayEndpoints", () => {
  it("prefers the k3d host ports on 127.0.0.1", () => {
    expect(
      gatewayEndpoints(outputs({ ingress: { localHttpPort: 8080, localHttpsPort: 8443 } }).ingress),
    ).toEqual({
      http: { host: "127.0.0.1", port: 8080 },
      https: { host: "127.0.0.1", port: 8443 },
      via: "127.0.0.1 (k3d host ports 8080/8443)",
    });
  });
  it("falls back to the load-balancer address on 80/443", () => {
    const ingress = outputs({
      ingress: { localHttpPort: undefined, localHttpsPort: undefined, address: "10.0.0.9" },
    }).ingress;
    expect(gatewayEndpoints(ingress)).toEqual({
      http: { host: "10.0.0.9", port: 80 },
      https: { host: "10.0.0.9", port: 443 },
      via: "10.0.0.9 (the gateway's load-balancer address)",
    });
  });
  it("fails with what to look at when there is neither", () => {
    const ingress = outputs({
      ingress: { localHttpPort: undefined, localHttpsPort: undefined, address: undefined },
    }).ingress;
    expect(() => gatewayEndpoints(ingress)).toThrow(
      /EXTERNAL-IP of istio-ingressgateway in istio-system must not be <pending>/,
    );
  });
});

describe("SAN matching", () => {
  it("a wildcard covers exactly one label", () => {
    expect(nameCovers("*.fireflyclass.com", HOST)).toBe(true);
    expect(nameCovers("*.fireflyclass.com", "fireflyclass.com")).toBe(false);
    expect(nameCovers("*.fireflyclass.com", "a.b.fireflyclass.com")).toBe(false);
    expect(nameCovers("fireflyclass.com", "fireflyclass.com")).toBe(true);
    expect(nameCovers("*.FireflyClass.com", HOST)).toBe(true);
  });
  it("reads DNS names from subjectAltName text", () => {
    expect(dnsNames("DNS:*.fireflyclass.com, IP Address:127.0.0.1, DNS:fireflyclass.com")).toEqual([
      "*.fireflyclass.com",
      "fireflyclass.com",
    ]);
    expect(dnsNames(undefined)).toEqual([]);
  });
});

const rows: CheckRow[] = [
  {
    app: "helloworld",
    check: "HTTP via gateway",
    expected: '200 "Hello, world!"',
    seen: '200 "Hello, world!"',
    status: "pass",
  },
  {
    app: "helloworld",
    check: "sidecar injected",
    expected: "every pod has istio-proxy",
    seen: "0/1 pods",
    status: "fail",
  },
  {
    app: "-",
    check: "STRICT mTLS probes",
    expected: "only under STRICT",
    seen: "mtlsMode is PERMISSIVE",
    status: "skip",
  },
];

describe("report", () => {
  it("renders the table: check, expected, seen, pass/fail", () => {
    expect(renderReport(buildReport("dev", "127.0.0.1 (k3d host ports 80/443)", rows))).toBe(
      [
        "npm run verify: stack dev, gateway via 127.0.0.1 (k3d host ports 80/443)",
        "",
        "app         check               expected                   seen                    result",
        "----------  ------------------  -------------------------  ----------------------  ------",
        'helloworld  HTTP via gateway    200 "Hello, world!"        200 "Hello, world!"     pass',
        "helloworld  sidecar injected    every pod has istio-proxy  0/1 pods                FAIL",
        "-           STRICT mTLS probes  only under STRICT          mtlsMode is PERMISSIVE  skip",
        "",
        '1 check failed. See "Troubleshooting" in the README.',
        "",
      ].join("\n"),
    );
  });
  it("summarises a clean run", () => {
    expect(renderReport(buildReport("dev", "x", [rows[0], rows[2]]))).toContain(
      "All 1 checks passed: the sandbox behaves like the walkthrough.",
    );
  });
  it("prints machine-readable JSON with the overall verdict", () => {
    const report = buildReport("dev", "x", rows);
    expect(JSON.parse(renderJson(report))).toEqual({ stack: "dev", via: "x", pass: false, rows });
    expect(verifyExitCode(report)).toBe(1);
    expect(verifyExitCode(buildReport("dev", "x", [rows[0], rows[2]]))).toBe(0);
  });
});

describe("renderTable / wrapCell", () => {
  it("wraps long cells at spaces and keeps columns aligned", () => {
    expect(wrapCell("one two three four", 9)).toEqual(["one two", "three", "four"]);
    expect(renderTable(["a", "b"], [["x", "1 2 3"]], { maxCellWidth: 3 })).toBe("a  b\n-  ---\nx  1 2\n   3");
  });
});

describe("arguments", () => {
  it("--stack, then PULUMI_STACK, then dev", () => {
    expect(selectStack(parseArgs(["--stack", "lab"]), { PULUMI_STACK: "ci" })).toBe("lab");
    expect(selectStack(parseArgs(["--stack=lab", "--json"]), {})).toBe("lab");
    expect(selectStack(parseArgs([]), { PULUMI_STACK: "ci" })).toBe("ci");
    expect(selectStack(parseArgs([]), {})).toBe("dev");
    expect(parseArgs(["--json"]).json).toBe(true);
  });
  it("rejects unknown arguments and a missing stack name", () => {
    expect(() => parseArgs(["--stak", "x"])).toThrow(
      'unknown argument "--stak"; accepted: --stack NAME, --json',
    );
    expect(() => parseArgs(["--stack"])).toThrow("--stack needs a stack name, e.g. --stack dev");
  });
});

describe("runVerify", () => {
  it("still runs the gateway checks when the Kubernetes API is unreachable, and reports that as a failure", async () => {
    const server = http.createServer((_req, res) => res.writeHead(200).end("Hello, world!\n"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    const progress: string[] = [];
    try {
      const report = await runVerify({
        stack: "dev",
        // The HTTPS port is the plain HTTP server: TLS fails, which is enough here.
        outputs: outputs({ caCertificate: PEM, ingress: { localHttpPort: port, localHttpsPort: port } }),
        connect: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6443")),
        cleanup: new Cleanup(),
        clock: { now: () => 0, sleep: () => Promise.resolve() },
        suffix: "x",
        onProgress: (m) => progress.push(m),
        httpTimeoutMs: 2000,
      });
      expect(report.rows[0]).toMatchObject({ check: "HTTP via gateway", status: "pass" });
      expect(report.rows[report.rows.length - 1]).toEqual({
        app: "-",
        check: "Kubernetes API",
        expected: "reachable with the stack's kubeconfig",
        seen: "connect ECONNREFUSED 127.0.0.1:6443",
        status: "fail",
      });
      expect(report.pass).toBe(false);
      expect(progress).toEqual([`checking the gateway via 127.0.0.1 (k3d host ports ${port}/${port})`]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
