/** Entry point of the policy pack: `pulumi preview --policy-pack policies` runs this file. */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./pack";

new PolicyPack(PACK_NAME, {
  description: "Istio's configuration analyzers, and the walkthrough's mistakes, checked at preview time.",
  enforcementLevel: "mandatory",
  policies: POLICIES,
});
