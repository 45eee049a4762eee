/**
 * IPv4 parsing for the address ranges this project hands to MetalLB. Plain functions over 32-bit
 * integers, so they are easy to test exhaustively. IPv6 is rejected on purpose: k3d's Docker
 * network and MetalLB's layer-2 mode are used here on IPv4 only.
 */

/** An inclusive range of IPv4 addresses, as 32-bit unsigned integers. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Parses a dotted-quad IPv4 address; returns undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Parses `a.b.c.d/len` and returns the whole block it names, network and broadcast included. */
export function parseCidr(text: string): Ipv4Range | undefined {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const base = parseIpv4(match[1]);
  const length = Number(match[2]);
  if (base === undefined || length > 32) return undefined;
  const size = 2 ** (32 - length);
  const first = base - (base % size);
  return { first, last: first + size - 1 };
}

/**
 * Parses the two forms MetalLB accepts in an IPAddressPool's `addresses`: a CIDR, or `first-last`.
 * https://metallb.universe.tf/configuration/#defining-the-ips-to-assign-to-the-load-balancer-services
 */
export function parseAddressRange(text: string): Ipv4Range | undefined {
  const trimmed = text.trim();
  if (trimmed.includes("/")) return parseCidr(trimmed);
  const match = /^([^-\s]+)\s*-\s*([^-\s]+)$/.exec(trimmed);
  if (!match) return undefined;
  const first = parseIpv4(match[1]);
  const last = parseIpv4(match[2]);
  if (first === undefined || last === undefined || last < first) return undefined;
  return { first, last };
}

export function rangeSize(range: Ipv4Range): number {
  return range.last - range.first + 1;
}

export function formatRange(range: Ipv4Range): string {
  return `${formatIpv4(range.first)}-${formatIpv4(range.last)}`;
}
