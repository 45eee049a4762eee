import { AddressRangeError, deriveAddressRange, poolAddresses } from "../../components/metallb/address-range";
import { formatRange } from "../../components/net/ipv4";

describe("deriveAddressRange", () => {
  test.each([
    ["172.18.0.0/16", "172.18.255.200-172.18.255.250"],
    ["172.19.0.0/16", "172.19.255.200-172.19.255.250"],
    // Docker's second default pool hands out /20s once 172.17-31 are used up.
    ["192.168.16.0/20", "192.168.31.200-192.168.31.250"],
    ["10.0.0.0/8", "10.255.255.200-10.255.255.250"],
    ["172.20.5.0/24", "172.20.5.200-172.20.5.250"],
    // Host bits in the CIDR name the same network.
    ["172.18.3.7/16", "172.18.255.200-172.18.255.250"],
    [" 172.18.0.0/16 ", "172.18.255.200-172.18.255.250"],
    // Smaller than a /24: the top quarter, broadcast excluded.
    ["172.18.0.0/25", "172.18.0.96-172.18.0.126"],
    ["172.18.0.0/26", "172.18.0.48-172.18.0.62"],
    ["172.18.0.0/27", "172.18.0.24-172.18.0.30"],
    ["172.18.0.16/28", "172.18.0.28-172.18.0.30"],
  ])("%s → %s", (subnet, expected) => {
    expect(formatRange(deriveAddressRange(subnet))).toBe(expected);
  });

  test.each(["172.18.0.0/16", "192.168.16.0/20", "172.20.5.0/24", "172.18.0.0/25", "172.18.0.0/28"])(
    "the slice from %s stays in the top quarter of the network and off its broadcast address",
    (subnet) => {
      const [base, length] = subnet.split("/");
      const size = 2 ** (32 - Number(length));
      const first = base.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
      const range = deriveAddressRange(subnet);
      expect(range.first).toBeGreaterThanOrEqual(first + (size * 3) / 4);
      expect(range.last).toBeLessThan(first + size - 1);
      expect(range.last).toBeGreaterThanOrEqual(range.first);
    },
  );

  test.each(["172.18.0.0/29", "172.18.0.0/30", "172.18.0.0/31", "172.18.0.1/32"])(
    "%s is too small to keep a pool clear of the nodes",
    (subnet) => {
      expect(() => deriveAddressRange(subnet)).toThrow(AddressRangeError);
      expect(() => deriveAddressRange(subnet)).toThrow(
        /too few to keep a pool clear of the nodes.*at least \/28/,
      );
      expect(() => deriveAddressRange(subnet)).toThrow(/pulumi config set metallbAddresses/);
    },
  );

  test.each(["fc00:f853:ccd:e793::/64", "2001:db8::/32", "::1/128"])("IPv6 %s is rejected", (subnet) => {
    expect(() => deriveAddressRange(subnet)).toThrow(
      /is IPv6; the MetalLB pool is derived from IPv4 subnets only/,
    );
    expect(() => deriveAddressRange(subnet)).toThrow(/pulumi config set metallbAddresses/);
  });

  test.each([
    "",
    "172.18.0.0",
    "172.18.0.0/33",
    "172.18.0/16",
    "256.1.1.1/16",
    "not-a-subnet",
    "172.18.0.0/16/2",
  ])("malformed %j is rejected", (subnet) => {
    expect(() => deriveAddressRange(subnet)).toThrow(/is not an IPv4 CIDR such as 172\.18\.0\.0\/16/);
    expect(() => deriveAddressRange(subnet)).toThrow(/pulumi config set metallbAddresses/);
  });
});

describe("poolAddresses", () => {
  test("configured CIDR is used as written, whatever the Docker subnet", () => {
    expect(poolAddresses("172.18.100.0/30", "172.18.0.0/16")).toBe("172.18.100.0/30");
  });

  test("configured range is normalised to first-last", () => {
    expect(poolAddresses(" 172.18.100.1 - 172.18.100.9 ", undefined)).toBe("172.18.100.1-172.18.100.9");
  });

  test("without configuration the pool comes from the Docker subnet", () => {
    expect(poolAddresses(undefined, "172.18.0.0/16")).toBe("172.18.255.200-172.18.255.250");
  });

  test("a bad configured range names the key", () => {
    expect(() => poolAddresses("172.18.100.9-172.18.100.1", undefined)).toThrow(
      /metallbAddresses "172\.18\.100\.9-172\.18\.100\.1" is not an IPv4 CIDR or first-last range/,
    );
  });

  test("neither configuration nor a Docker network: existing mode must configure the pool", () => {
    expect(() => poolAddresses(undefined, undefined)).toThrow(
      /no Docker network to derive them from \(existing mode\).*pulumi config set metallbAddresses/,
    );
  });
});
