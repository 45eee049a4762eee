/**
 * What e2e:objects expects of each of the program's probe Commands when it runs them, as registered,
 * against the simulated cluster once everything is applied.
 */

export interface ProbeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function ipv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** True when `address` lies in one of an IPAddressPool's `spec.addresses` (`a-b` ranges or CIDRs). */
export function inPool(address: string, pool: readonly string[]): boolean {
  const value = ipv4(address);
  if (value === undefined) return false;
  return pool.some((entry) => {
    const [first, last] = entry.split("-");
    if (last !== undefined) {
      const [low, high] = [ipv4(first.trim()), ipv4(last.trim())];
      return low !== undefined && high !== undefined && value >= low && value <= high;
    }
    const [base, bits] = entry.split("/");
    const start = ipv4(base);
    const size = 2 ** (32 - Number(bits));
    return start !== undefined && bits !== undefined && value >= start && value < start + size;
  });
}

/**
 * Why a probe's run is not what the program needs from it, or undefined when it is. `pool` is the
 * MetalLB pool the program declares (empty without MetalLB).
 */
export function probeProblem(probe: string, run: ProbeRun, pool: readonly string[]): string | undefined {
  switch (probe) {
    case "webhook-probe.mjs":
      return run.code === 0 ? undefined : "the MetalLB webhook wait failed";
    case "foreign-istio-probe.mjs":
      return run.code !== 0 && run.stderr.includes("istio-system/istiod")
        ? undefined
        : "the existing-Istio check, run with Istio installed, did not name istio-system/istiod";
    case "cacerts-probe.mjs":
      // Run once everything is applied, the program's own cacerts Secret is there to be found.
      return run.code !== 0 && run.stderr.includes("istio-system/cacerts")
        ? undefined
        : "the existing-cacerts check, run with the program's cacerts applied, did not name istio-system/cacerts";
    case "lb-address-probe.mjs": {
      const address = run.stdout.trim();
      if (run.code !== 0) return "the gateway address wait got no address";
      return pool.length === 0 || inPool(address, pool)
        ? undefined
        : `the gateway got ${address}, outside the pool ${pool.join(", ")}`;
    }
    default:
      return `no expectation for ${probe}`;
  }
}
