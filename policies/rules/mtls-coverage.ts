/**
 * Rule 8. Every injected namespace is covered by a PeerAuthentication at the required level,
 * namespace-wide or mesh-wide (a selector-less policy in the root namespace). A namespace policy
 * with mode UNSET inherits the mesh's; with neither, Istio runs PERMISSIVE.
 * https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
import { ISTIO_NAMESPACE } from "../../components/config/defaults";
import { readPeerAuthentication, type PeerAuthenticationInfo } from "../lib/istio";
import { meshNamespaces } from "../lib/namespaces";
import { readEnum, readName, type StackRule } from "../lib/rule";
import { GROUPS, type StackView, type Violation } from "../lib/stack";

export const MTLS_LEVELS = ["STRICT", "PERMISSIVE"] as const;
export type MtlsLevel = (typeof MTLS_LEVELS)[number];

export interface MtlsConfig {
  /** The weakest mode accepted: STRICT accepts only STRICT; PERMISSIVE accepts both. */
  readonly mode: MtlsLevel;
  /** Istio's root namespace (meshConfig.rootNamespace), where mesh-wide policies live. */
  readonly rootNamespace: string;
}

const NAME = "mtls-peer-authentication";

export function readMtlsConfig(raw: Readonly<Record<string, unknown>>): MtlsConfig {
  return {
    mode: readEnum(raw, NAME, "mode", MTLS_LEVELS, "STRICT"),
    rootNamespace: readName(raw, NAME, "rootNamespace", ISTIO_NAMESPACE),
  };
}

function accepts(required: MtlsLevel, mode: string): boolean {
  return required === "STRICT" ? mode === "STRICT" : mode === "STRICT" || mode === "PERMISSIVE";
}

/** The mode a namespace ends up with, and the policy that decided it (if any). */
export function effectiveMode(
  namespace: string,
  policies: readonly PeerAuthenticationInfo[],
  rootNamespace: string,
): { mode: string | undefined; source?: PeerAuthenticationInfo } {
  const wide = policies.filter((p) => p.namespaceWide);
  const own = wide.find((p) => p.namespace === namespace && p.mode !== "UNSET");
  if (own !== undefined) return { mode: own.mode, source: own };
  const mesh = wide.find((p) => p.namespace === rootNamespace && p.mode !== "UNSET");
  if (mesh !== undefined) return { mode: mesh.mode, source: mesh };
  return { mode: "PERMISSIVE" };
}

export function checkMtlsCoverage(stack: StackView, config: MtlsConfig): Violation[] {
  const policies = stack.ofKind(GROUPS.istioSecurity, "PeerAuthentication").map(readPeerAuthentication);
  const violations: Violation[] = [];
  for (const ns of meshNamespaces(stack)) {
    const { mode, source } = effectiveMode(ns.name, policies, config.rootNamespace);
    if (mode === undefined || accepts(config.mode, mode)) continue;
    const from =
      source === undefined
        ? "no namespace-wide or mesh-wide PeerAuthentication sets a mode, so Istio's default applies"
        : `PeerAuthentication ${source.namespace}/${source.name} sets it`;
    violations.push({
      urn: source?.resource.urn ?? ns.resources[0].urn,
      message:
        `Namespace ${ns.name} is injected but its mTLS mode is ${mode} (${from}); this stack requires ${config.mode}. ` +
        `Fix: declare PeerAuthentication ${ns.name}/default with spec: { mtls: { mode: ${config.mode} } }, or a ` +
        `mesh-wide one without a selector in ${config.rootNamespace}.`,
    });
  }
  return violations;
}

export const mtlsCoverageRule: StackRule<MtlsConfig> = {
  kind: "stack",
  name: NAME,
  description:
    "Every injected namespace is covered by a namespace-wide or mesh-wide PeerAuthentication at the required mTLS mode.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  configSchema: {
    properties: {
      mode: {
        type: "string",
        enum: [...MTLS_LEVELS],
        default: "STRICT",
        description: "Weakest accepted mode: STRICT, or PERMISSIVE (which also accepts STRICT).",
      },
      rootNamespace: {
        type: "string",
        default: ISTIO_NAMESPACE,
        description: "Istio's root namespace, where mesh-wide PeerAuthentication lives.",
      },
    },
  },
  readConfig: readMtlsConfig,
  check: (stack, config) => checkMtlsCoverage(stack, config),
};
