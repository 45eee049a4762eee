/**
 * Rule 12a. Private keys are at least RSA 2048 or ECDSA P-256. The tls provider's defaults are
 * RSA 2048 but ECDSA P224, which is below the mark.
 * https://www.pulumi.com/registry/packages/tls/api-docs/privatekey/
 */
import { TLS_TYPES } from "../lib/pki";
import { readInteger, type ResourceRule } from "../lib/rule";
import type { StackResource } from "../lib/stack";
import { asString, isUnknown } from "../lib/values";

export interface KeyStrengthConfig {
  readonly minRsaBits: number;
}

const NAME = "tls-key-strength";
const STRONG_CURVES: readonly string[] = ["P256", "P384", "P521"];

export function readKeyStrengthConfig(raw: Readonly<Record<string, unknown>>): KeyStrengthConfig {
  return { minRsaBits: readInteger(raw, NAME, "minRsaBits", 2048, 2048) };
}

export function checkKeyStrength(resource: StackResource, config: KeyStrengthConfig): string[] {
  const algorithm = resource.props["algorithm"];
  if (isUnknown(algorithm)) return [];
  const where = `Private key "${resource.name}"`;
  if (algorithm === "RSA") {
    const raw = resource.props["rsaBits"];
    if (isUnknown(raw)) return [];
    const bits = typeof raw === "number" ? raw : 2048;
    return bits >= config.minRsaBits
      ? []
      : [
          `${where} is RSA ${bits}, below the minimum of ${config.minRsaBits} bits. Fix: set rsaBits: ${config.minRsaBits} (or more).`,
        ];
  }
  if (algorithm === "ECDSA") {
    const raw = resource.props["ecdsaCurve"];
    if (isUnknown(raw)) return [];
    const curve = asString(raw) ?? "P224";
    return STRONG_CURVES.includes(curve)
      ? []
      : [`${where} is ECDSA on curve ${curve}, weaker than P-256. Fix: set ecdsaCurve: "P256" (or P384).`];
  }
  return [];
}

export const keyStrengthRule: ResourceRule<KeyStrengthConfig> = {
  kind: "resource",
  name: NAME,
  description: "Private keys are at least RSA 2048 bits or ECDSA P-256.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  configSchema: {
    properties: {
      minRsaBits: {
        type: "integer",
        minimum: 2048,
        default: 2048,
        description: "Smallest accepted RSA key size.",
      },
    },
  },
  readConfig: readKeyStrengthConfig,
  appliesTo: (resource) => resource.type === TLS_TYPES.privateKey,
  check: (resource, config) => checkKeyStrength(resource, config),
};
