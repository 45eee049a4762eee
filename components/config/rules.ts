/**
 * The small validation rules that the config schema is built from. Each one owns its message, so
 * that every error names what was expected and how to fix it.
 */
import { z } from "zod";
import { parseAddressRange } from "../net/ipv4";

/** Accepts `true`/`false` and their string forms, since `pulumi config set --path` may store either. */
export const bool = () =>
  z.preprocess(
    (v) => (v === "true" ? true : v === "false" ? false : v),
    z.boolean({ error: "must be true or false" }),
  );

/** A whole number in [min, max]; numeric strings are accepted for the same reason as in bool(). */
export const int = (min: number, max: number, fix?: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
    z
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int({ error: `must be a whole number from ${min} to ${max}` })
      .min(min, { error: `must be at least ${min}${fix ? `; ${fix}` : ""}` })
      .max(max, { error: `must be at most ${max}${fix ? `; ${fix}` : ""}` }),
  );

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((v) => `"${v}"`).join(", ")}` });

/** RFC 1123 label: what Kubernetes accepts as a namespace or Service name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dnsLabel = (what: string, maxLength = 63) =>
  z
    .string({ error: `must be a string (${what})` })
    .max(maxLength, { error: `must be at most ${maxLength} characters (${what})` })
    .regex(DNS_LABEL, {
      error: `must be lower-case letters, digits and '-', starting and ending with a letter or digit (${what})`,
    });

/** A fully qualified DNS name with at least two labels, e.g. `fireflyclass.com`. */
export const dnsName = () =>
  z
    .string({ error: "must be a DNS name such as example.com" })
    .max(253, { error: "must be at most 253 characters" })
    .refine(
      (v) => v.includes(".") && v.split(".").every((label) => label.length <= 63 && DNS_LABEL.test(label)),
      {
        error:
          "must be a lower-case DNS name with at least two labels, such as example.com (no scheme, no port, no wildcard)",
      },
    );

const SEMVER = /^\d+\.\d+\.\d+$/;

/** A semantic version without a leading `v`, e.g. `1.31.1`. */
export const semver = (example: string) =>
  z.string({ error: `must be a version such as ${example}` }).regex(SEMVER, {
    error: `must be a plain version such as ${example} (three numbers, no leading 'v')`,
  });

function minorOf(version: string): [number, number] {
  const [major, minor] = version.split(".").map(Number);
  return [major, minor];
}

function compareMinor(a: string, b: string): number {
  const [aMajor, aMinor] = minorOf(a);
  const [bMajor, bMinor] = minorOf(b);
  return aMajor - bMajor || aMinor - bMinor;
}

/** A plain version whose minor lies in `range` (inclusive), e.g. 1.30.x-1.31.x. */
export const versionInMinors = (example: string, range: { min: string; max: string }, why: string) =>
  semver(example).refine(
    (v) => !SEMVER.test(v) || (compareMinor(v, range.min) >= 0 && compareMinor(v, range.max) <= 0),
    {
      error: `must be a ${range.min}.x to ${range.max}.x release (${why}), such as ${example}`,
    },
  );

/** A plain version at least `min`, comparing all three numbers. */
export const versionAtLeast = (example: string, min: string, why: string) =>
  semver(example).refine(
    (v) => {
      if (!SEMVER.test(v)) return true;
      const [a, b] = [v, min].map((x) => x.split(".").map(Number));
      return (a[0] - b[0] || a[1] - b[1] || a[2] - b[2]) >= 0;
    },
    { error: `must be ${min} or newer (${why}), such as ${example}` },
  );

/**
 * Where an artifact comes from: an http(s) URL, or an absolute local path (a mirror or an unpacked
 * copy, for air-gapped machines).
 */
export const source = (example: string, localForm: string) =>
  z
    .string({ error: `must be an http(s) URL such as ${example}, or an absolute local path (${localForm})` })
    .refine((v) => /^https?:\/\/[^\s/]+(\/\S*)?$/.test(v) || /^\/\S*$/.test(v), {
      error: `must be an http(s) URL such as ${example}, or an absolute local path (${localForm})`,
    });

/** An image hub: registry host (optional port) and path, no tag, e.g. `docker.io/istio`. */
export const imageHub = (example: string) =>
  z
    .string({ error: `must be an image hub such as ${example}` })
    .regex(
      /^[a-z0-9]+([._-][a-z0-9]+)*(\.[a-z0-9]+([._-][a-z0-9]+)*)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$/,
      {
        error: `must be an image hub (registry and path, no tag) such as ${example} or my-mirror.local:5000/istio`,
      },
    );

/** An IPv4 CIDR or `first-last` range, the forms MetalLB's IPAddressPool accepts. */
export const addressRange = () =>
  z
    .string({
      error: "must be a CIDR such as 172.18.255.200/29 or a range such as 172.18.255.200-172.18.255.250",
    })
    .refine((v) => parseAddressRange(v) !== undefined, {
      error:
        "must be an IPv4 CIDR such as 172.18.255.200/29 or a range such as 172.18.255.200-172.18.255.250 (first address not above the last)",
    });

/** A host TCP port. Ports below 1024 need root or Docker's own port proxy, which k3d uses. */
export const hostPort = () => int(1, 65535);

/** Kubernetes' default service-node-port-range. */
export const nodePort = () =>
  int(30000, 32767, "NodePorts must fall in the cluster's service-node-port-range (default 30000-32767)");

/** A container image reference with an explicit tag. */
export const imageRef = (example: string) =>
  z
    .string({ error: `must be an image reference such as ${example}` })
    .regex(/^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*:[\w][\w.-]{0,127}$/, {
      error: `must be an image reference with a tag, such as ${example}`,
    });

/** Free-form objects passed through to upstream (meshConfig, Helm values). */
export const passthrough = () =>
  z.record(z.string(), z.unknown(), { error: "must be an object (a YAML map)" });
