import { ANALYZER_ALLOWLIST, applyAllowlist, parseAnalyzeOutput } from "../../tools/e2e/lane/analyzer";

const output = JSON.stringify([
  {
    code: "IST0103",
    documentationUrl: "https://istio.io/v1.31/docs/reference/config/analysis/ist0103",
    level: "Warning",
    message:
      "The pod default/helloworld-5d8f-abcde is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.",
    origin: "Pod default/helloworld-5d8f-abcde",
  },
  {
    code: "IST0101",
    level: "Error",
    message: 'Referenced gateway not found: "ingressgateway"',
    origin: "VirtualService default/helloworld",
  },
]);

describe("istioctl analyze", () => {
  test("its JSON becomes the report's messages", () => {
    expect(parseAnalyzeOutput(output)).toEqual([
      {
        code: "IST0103",
        level: "Warning",
        resource: "Pod default/helloworld-5d8f-abcde",
        message: expect.stringContaining("missing the Istio proxy"),
      },
      {
        code: "IST0101",
        level: "Error",
        resource: "VirtualService default/helloworld",
        message: 'Referenced gateway not found: "ingressgateway"',
      },
    ]);
  });

  test("an empty list is no message; text that is not a list is an error", () => {
    expect(parseAnalyzeOutput("[]\n")).toEqual([]);
    expect(() => parseAnalyzeOutput("Error: failed to connect\n")).toThrow(
      "istioctl analyze printed no JSON list: Error: failed to connect",
    );
  });

  test("the allowlist accepts a missing proxy, with its reason, and nothing else", () => {
    const judged = applyAllowlist(parseAnalyzeOutput(output));
    expect(judged[0].allowed).toContain("webhook");
    expect(judged[1].allowed).toBeUndefined();
  });

  test("an entry matches its message too, not the code alone", () => {
    const judged = applyAllowlist([
      { code: "IST0103", level: "Warning", resource: "Pod a/b", message: "something else" },
    ]);
    expect(judged[0].allowed).toBeUndefined();
  });

  test("a Pod left with `image: auto` is the missing webhook; a Deployment the webhooks would not match is not", () => {
    const judged = applyAllowlist([
      {
        code: "IST0147",
        level: "Error",
        resource: "Pod istio-system/istio-ingressgateway-6956c5cf9d-qpqnj",
        message:
          "Pod istio-ingressgateway-6956c5cf9d-qpqnj contains `image: auto` but does not match any Istio injection webhook selectors.",
      },
      {
        code: "IST0147",
        level: "Warning",
        resource: "Deployment istio-system/istio-ingressgateway",
        message:
          "Deployment istio-ingressgateway contains `image: auto` but does not match any Istio injection webhook selectors.",
      },
    ]);
    expect(judged[0].allowed).toContain("never calls");
    expect(judged[1].allowed).toBeUndefined();
  });

  test("every entry says why the simulation causes it", () => {
    expect(ANALYZER_ALLOWLIST.length).toBeGreaterThan(0);
    for (const entry of ANALYZER_ALLOWLIST) {
      expect(entry.code).toMatch(/^IST\d{4}$/);
      expect(entry.reason.length).toBeGreaterThan(40);
    }
  });
});
