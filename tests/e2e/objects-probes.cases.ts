import { inPool, probeProblem } from "../../tools/e2e/objects/probes";

const ok = (stdout = "") => ({ code: 0, stdout, stderr: "" });

describe("e2e:objects judges the program's probes", () => {
  test("an address is in a pool of ranges or CIDRs, and nothing that is not an address is", () => {
    expect(inPool("172.18.255.200", ["172.18.255.200-172.18.255.250"])).toBe(true);
    expect(inPool("172.18.255.251", ["172.18.255.200-172.18.255.250"])).toBe(false);
    expect(inPool("10.0.0.9", ["10.0.0.8/29"])).toBe(true);
    expect(inPool("10.0.0.16", ["10.0.0.8/29"])).toBe(false);
    expect(inPool("a1b2.elb.example.com", ["10.0.0.8/29"])).toBe(false);
  });

  test("the webhook wait must pass", () => {
    expect(probeProblem("webhook-probe.mjs", ok(), [])).toBeUndefined();
    expect(probeProblem("webhook-probe.mjs", { code: 1, stdout: "", stderr: "x" }, [])).toBe(
      "the MetalLB webhook wait failed",
    );
  });

  test("the existing-Istio check must stop and name the installed istiod", () => {
    const found = { code: 1, stdout: "", stderr: "found istiod istio-system/istiod (revision default)" };
    expect(probeProblem("foreign-istio-probe.mjs", found, [])).toBeUndefined();
    expect(probeProblem("foreign-istio-probe.mjs", ok(), [])).toContain("did not name istio-system/istiod");
  });

  test("the existing-cacerts check must stop and name the cacerts Secret the program applied", () => {
    const found = { code: 1, stdout: "", stderr: "Secret istio-system/cacerts already exists, and ..." };
    expect(probeProblem("cacerts-probe.mjs", found, [])).toBeUndefined();
    expect(probeProblem("cacerts-probe.mjs", ok(), [])).toBe(
      "the existing-cacerts check, run with the program's cacerts applied, did not name istio-system/cacerts",
    );
    expect(probeProblem("cacerts-probe.mjs", { code: 1, stdout: "", stderr: "HTTP 403" }, [])).toContain(
      "did not name istio-system/cacerts",
    );
  });

  test("the address wait must print an address from the pool", () => {
    const pool = ["172.18.255.200-172.18.255.250"];
    expect(probeProblem("lb-address-probe.mjs", ok("172.18.255.200"), pool)).toBeUndefined();
    expect(probeProblem("lb-address-probe.mjs", ok("10.1.1.1"), pool)).toBe(
      "the gateway got 10.1.1.1, outside the pool 172.18.255.200-172.18.255.250",
    );
    expect(probeProblem("lb-address-probe.mjs", { code: 1, stdout: "", stderr: "" }, pool)).toBe(
      "the gateway address wait got no address",
    );
    expect(probeProblem("other-probe.mjs", ok(), pool)).toBe("no expectation for other-probe.mjs");
  });
});
