import { parseConfig } from "../../components/config";
import type { PkiSettings } from "../../components/config/types";
import { keyParameters, pkiPlan, serverDnsNames } from "../../components/pki/plan";

const defaults = parseConfig({}).pki;
const withSettings = (overrides: Partial<PkiSettings>): PkiSettings => ({ ...defaults, ...overrides });

describe("PKI plan", () => {
  test("the walkthrough's CA: subject US / Colorado / Boulder / fireflyclass.com, CN ca.fireflyclass.com", () => {
    const plan = pkiPlan("fireflyclass.com", defaults);
    expect(plan.ca.subject).toEqual({
      commonName: "ca.fireflyclass.com",
      country: "US",
      province: "Colorado",
      locality: "Boulder",
      organization: "fireflyclass.com",
    });
    expect(plan.ca.allowedUses).toEqual(["cert_signing", "crl_signing"]);
    expect(plan.ca.dnsNames).toEqual([]);
  });

  test("397 days for the leaves and for the CA, renewal 30 days early, in hours", () => {
    const plan = pkiPlan("fireflyclass.com", defaults);
    expect(plan.validityPeriodHours).toBe(397 * 24);
    // Not ten years: a browser that trusts the CA trusts it for any site (it has no name constraints).
    expect(plan.caValidityPeriodHours).toBe(397 * 24);
    expect(plan.earlyRenewalHours).toBe(30 * 24);
    // A short-lived certificate renews at half its life, not on every run.
    expect(pkiPlan("fireflyclass.com", withSettings({ validityDays: 10 })).earlyRenewalHours).toBe(5 * 24);
    expect(pkiPlan("fireflyclass.com", withSettings({ validityDays: 30 })).validityPeriodHours).toBe(720);
  });

  test("the wildcard leaf covers *.<domain> and <domain>, for server auth", () => {
    const plan = pkiPlan("fireflyclass.com", defaults);
    expect(plan.server.dnsNames).toEqual(["*.fireflyclass.com", "fireflyclass.com"]);
    expect(plan.server.subject.commonName).toBe("*.fireflyclass.com");
    expect(plan.server.allowedUses).toEqual(["server_auth", "digital_signature", "key_encipherment"]);
  });

  test("the client certificate is for client auth and names no DNS host", () => {
    const plan = pkiPlan("example.org", defaults);
    expect(plan.client.allowedUses).toContain("client_auth");
    expect(plan.client.allowedUses).not.toContain("server_auth");
    expect(plan.client.subject.commonName).toBe("client.example.org");
    expect(plan.client.dnsNames).toEqual([]);
  });

  test("istiod's intermediate: a CA for cert and CRL signing, no extended usages, named after istiod's Service", () => {
    const plan = pkiPlan("fireflyclass.com", defaults);
    expect(plan.meshCa.allowedUses).toEqual(["cert_signing", "crl_signing"]);
    expect(plan.meshCa.allowedUses.some((u) => u.endsWith("_auth"))).toBe(false);
    expect(plan.meshCa.dnsNames).toEqual(["istiod.istio-system.svc"]);
    expect(plan.meshCa.subject).toMatchObject({
      commonName: "istiod-ca.fireflyclass.com",
      organization: "fireflyclass.com",
    });
  });

  test("the intermediate lives half the CA's life, a year at most, and renews early like the rest", () => {
    const plan = pkiPlan("fireflyclass.com", defaults);
    // The default 397-day CA: the intermediate is renewed (live, under the same root) between CA renewals.
    expect(plan.meshCa.validityPeriodHours).toBe(198 * 24);
    expect(plan.meshCa.earlyRenewalHours).toBe(30 * 24);
    const longCa = pkiPlan("fireflyclass.com", withSettings({ caValidityDays: 3650 }));
    expect(longCa.meshCa.validityPeriodHours).toBe(365 * 24);
    const shortCa = pkiPlan("fireflyclass.com", withSettings({ caValidityDays: 100 }));
    expect(shortCa.meshCa.validityPeriodHours).toBe(50 * 24);
    expect(shortCa.meshCa.earlyRenewalHours).toBe(25 * 24);
    const dayCa = pkiPlan("fireflyclass.com", withSettings({ caValidityDays: 1 }));
    expect(dayCa.meshCa.validityPeriodHours).toBe(24);
    expect(dayCa.meshCa.earlyRenewalHours).toBe(0);
  });

  test("RSA 2048 by default; ECDSA P-256 or P-384 on request", () => {
    expect(pkiPlan("fireflyclass.com", defaults).key).toEqual({ algorithm: "RSA", rsaBits: 2048 });
    expect(keyParameters(withSettings({ rsaBits: 4096 }))).toEqual({ algorithm: "RSA", rsaBits: 4096 });
    expect(keyParameters(withSettings({ algorithm: "ECDSA" }))).toEqual({
      algorithm: "ECDSA",
      ecdsaCurve: "P256",
    });
    expect(keyParameters(withSettings({ algorithm: "ECDSA", ecdsaCurve: "P384" }))).toEqual({
      algorithm: "ECDSA",
      ecdsaCurve: "P384",
    });
  });

  test("an unknown algorithm is refused with the fix", () => {
    expect(() => keyParameters(withSettings({ algorithm: "DSA" as "RSA" }))).toThrow(
      'pki.algorithm "DSA" is not supported. Fix: use RSA or ECDSA',
    );
  });

  test("a non-positive or fractional validity is refused", () => {
    expect(() => pkiPlan("fireflyclass.com", withSettings({ validityDays: 0 }))).toThrow(
      "certValidityDays must be a whole number of days, at least 1 (got 0)",
    );
    expect(() => pkiPlan("fireflyclass.com", withSettings({ validityDays: 1.5 }))).toThrow("(got 1.5)");
  });

  test("server names are normalised to lower case", () => {
    expect(serverDnsNames(" Example.COM ")).toEqual(["*.example.com", "example.com"]);
  });

  test.each(["localhost", "*.example.com", "exa mple.com", "-bad.example.com", ""])(
    "a domain that is no multi-label DNS name (%p) is refused",
    (domain) => {
      expect(() => serverDnsNames(domain)).toThrow(
        `domain "${domain}" is not a DNS name with at least two labels, such as fireflyclass.com`,
      );
    },
  );
});
