/** The arguments of the check's `istioctl analyze`, which depend on the stack's revisions. */
import type { SandboxConfig } from "../../../components/config/types";

/**
 * `--revision <istioRevision>` for a stack with revisions. analyze reads Istio's objects of one
 * revision only (`default` unless told), so it would leave out every webhook labelled
 * `istio.io/rev=<revision>`, and warn (IST0146) that the gateways, which run on the main revision,
 * match no injector.
 * https://github.com/istio/istio/blob/eed52ebb66ad/istioctl/pkg/analyze/analyze.go#L366
 */
export function analyzeRevisionArgs(config: Pick<SandboxConfig, "istio">): string[] {
  const main = config.istio.revisions?.main.name;
  return main === undefined ? [] : ["--revision", main];
}
