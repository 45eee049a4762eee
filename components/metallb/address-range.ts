/**
 * Which addresses MetalLB may hand out. Either the user names them (`metallbAddresses`), or they are
 * derived from the subnet of the cluster's Docker network (`k3d-NAME`).
 */
import { formatRange, parseAddressRange, parseCidr, type Ipv4Range } from "../net/ipv4";

/** The fix every error here points at. */
const FIX =
  "set the pool yourself: pulumi config set metallbAddresses <first>-<last> " +
  "(free IPv4 addresses on the nodes' network, e.g. 172.18.255.200-172.18.255.250)";

/** Smallest Docker network a pool is derived from: a /28 leaves a pool of 3 in its top quarter. */
const MIN_SUBNET_SIZE = 16;

/** Networks of at least this size get the familiar `x.y.z.200-x.y.z.250` slice of their last /24. */
const LARGE_SUBNET_SIZE = 256;

/** Where, counted down from the broadcast address, the slice of a large network starts and ends. */
const LARGE_SLICE = { fromTop: 55, toTop: 5 } as const;

export class AddressRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AddressRangeError";
  }
}

/**
 * A high slice of the Docker network `subnet` (IPv4 CIDR, e.g. `172.18.0.0/16`) for MetalLB's pool.
 *
 * Docker's IPAM hands container addresses out from the bottom of a network upwards (the gateway is
 * `.1`, the first container `.2`), so k3d's nodes, its load balancer and its registry sit at the
 * bottom, and the top of the network stays free for as long as fewer containers join it than fit
 * below the slice. The slice avoids the broadcast address and, on large networks, the last few
 * addresses too, mirroring the range the kind and MetalLB docs use
 * (https://kind.sigs.k8s.io/docs/user/loadbalancer/): `172.18.255.200-172.18.255.250` for `/16`.
 * Smaller networks get their top quarter, broadcast excluded.
 */
export function deriveAddressRange(subnet: string): Ipv4Range {
  const text = subnet.trim();
  if (text.includes(":")) {
    throw new AddressRangeError(
      `the cluster network's subnet ${text} is IPv6; the MetalLB pool is derived from IPv4 subnets only. Fix: ${FIX}`,
    );
  }
  const block = parseCidr(text);
  if (block === undefined) {
    throw new AddressRangeError(
      `the cluster network's subnet "${text}" is not an IPv4 CIDR such as 172.18.0.0/16. Fix: ${FIX}`,
    );
  }
  const size = block.last - block.first + 1;
  if (size < MIN_SUBNET_SIZE) {
    throw new AddressRangeError(
      `the cluster network's subnet ${text} has ${size} addresses, too few to keep a pool clear of the nodes ` +
        `(at least /28 is needed to derive one). Fix: ${FIX}`,
    );
  }
  if (size >= LARGE_SUBNET_SIZE) {
    return { first: block.last - LARGE_SLICE.fromTop, last: block.last - LARGE_SLICE.toTop };
  }
  return { first: block.first + (size * 3) / 4, last: block.last - 1 };
}

/**
 * The pool's one `addresses` entry: the configured range as written (a CIDR, or `first-last` without
 * spaces), or a slice derived from the Docker subnet. Throws when neither is usable.
 */
export function poolAddresses(configured: string | undefined, dockerSubnet: string | undefined): string {
  if (configured !== undefined) {
    const text = configured.trim();
    const range = parseAddressRange(text);
    if (range === undefined) {
      throw new AddressRangeError(
        `metallbAddresses "${configured}" is not an IPv4 CIDR or first-last range. Fix: ${FIX}`,
      );
    }
    return text.includes("/") ? text : formatRange(range);
  }
  if (dockerSubnet === undefined) {
    throw new AddressRangeError(
      `MetalLB needs addresses, and this cluster has no Docker network to derive them from (existing mode). Fix: ${FIX}`,
    );
  }
  return formatRange(deriveAddressRange(dockerSubnet));
}
