/**
 * The pack's rules, in the order of the README's table, and the @pulumi/policy policies made from
 * them. index.ts serves these; testing/run-pack.ts runs them over captured stacks.
 */
import type { Policies } from "@pulumi/policy";
import type { Rule } from "./lib/rule";
import { inputsForStackPolicies, toPolicy } from "./lib/wiring";
import { caCertSigningRule } from "./rules/ca-cert-signing";
import { credentialSecretRule } from "./rules/credential-secret";
import { deploymentAfterInstallRule } from "./rules/deployment-after-install";
import { gatewayApiCertificateRefsRule } from "./rules/gateway-api-certificate-refs";
import { gatewayApiParentRefsRule } from "./rules/gateway-api-parent-refs";
import { gatewayApiRouteHostsRule } from "./rules/gateway-api-route-hosts";
import { gatewayConflictRule } from "./rules/gateway-conflicts";
import { gatewayReferenceRule } from "./rules/gateway-reference";
import { gatewaySelectorRule } from "./rules/gateway-selector";
import { sharedCredentialRule } from "./rules/gateway-shared-credential";
import { httpsRedirectRule } from "./rules/https-redirect";
import { ingressClassRule } from "./rules/ingress-class";
import { injectionLabelRule } from "./rules/injection-label";
import { keyStrengthRule } from "./rules/key-strength";
import { leafCoversHostsRule } from "./rules/leaf-covers-hosts";
import { meshCaSecretRule } from "./rules/mesh-ca-cacerts";
import { mtlsCoverageRule } from "./rules/mtls-coverage";
import { portLevelMtlsRule } from "./rules/peer-auth-port-level";
import { revisionInstalledRule } from "./rules/revision-installed";
import { serverTlsRule } from "./rules/server-tls";
import { virtualServiceHostsRule } from "./rules/virtualservice-hosts";

export const PACK_NAME = "istio-sandbox";

export const RULES: readonly Rule[] = [
  gatewayReferenceRule,
  virtualServiceHostsRule,
  credentialSecretRule,
  httpsRedirectRule,
  serverTlsRule,
  ingressClassRule,
  injectionLabelRule,
  revisionInstalledRule,
  mtlsCoverageRule,
  portLevelMtlsRule,
  deploymentAfterInstallRule,
  gatewaySelectorRule,
  gatewayConflictRule,
  sharedCredentialRule,
  keyStrengthRule,
  caCertSigningRule,
  meshCaSecretRule,
  leafCoversHostsRule,
  gatewayApiParentRefsRule,
  gatewayApiCertificateRefsRule,
  gatewayApiRouteHostsRule,
];

/** The rules, after the policy that keeps inputs for the stack rules (the engine runs resource policies first). */
export const POLICIES: Policies = [inputsForStackPolicies, ...RULES.map(toPolicy)];
