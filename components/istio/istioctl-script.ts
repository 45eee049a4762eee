/**
 * The shell that the istioctl installer's Command runs, rendered by pure functions so that tests run
 * the very same text against a stand-in `istioctl`.
 *
 * Both scripts read the cluster's kubeconfig from an environment variable, write it to a private
 * temporary file, and point istioctl at that file with `--kubeconfig` (and KUBECONFIG, for anything
 * istioctl starts): the user's own ~/.kube/config and current context are never read or changed.
 * The install script reads the IstioOperator from its standard input.
 */
import { shellQuote } from "../local/shell";

/** Environment variable that carries the kubeconfig's contents (a secret) into the scripts. */
export const KUBECONFIG_ENV = "ISTIO_SANDBOX_KUBECONFIG";

/** Environment variable that carries the IstioOperator the uninstall removes. */
export const OPERATOR_ENV = "ISTIO_SANDBOX_OPERATOR";

/**
 * Set by the e2e lane alone (never by the program): the exact version string of a substitute istioctl
 * build that the install accepts in place of istioVersion. Unset, or any other string, changes nothing.
 */
export const ISTIOCTL_SUBSTITUTE_ENV = "ISTIO_SANDBOX_E2E_ISTIOCTL_SUBSTITUTE";

export interface IstioctlScriptOptions {
  /** The Istio version the spec is written for; istioctl must be exactly this version. */
  readonly version: string;
  /** Kubeconfig context; undefined means its current-context. */
  readonly context?: string;
}

/** How to get the right istioctl, for the error messages. */
export function istioctlDownloadHint(version: string): string {
  return (
    `Install istioctl ${version}: curl -sL https://istio.io/downloadIstio | ISTIO_VERSION=${version} sh - ` +
    `and put istio-${version}/bin first on PATH (https://istio.io/latest/docs/setup/additional-setup/download-istio-release/). ` +
    `Or pin the version you have: pulumi config set istioVersion <version>; ` +
    `or install with Helm instead: pulumi config set istioInstaller helm`
  );
}

/** What both scripts do before istioctl touches the cluster: the kubeconfig, in a private temp dir. */
function isolatedKubeconfig(): string[] {
  return [
    `: "\${${KUBECONFIG_ENV}:?the cluster kubeconfig was not passed in ${KUBECONFIG_ENV}}"`,
    "umask 077",
    'work=$(mktemp -d "${TMPDIR:-/tmp}/istio-sandbox.XXXXXX")',
    `trap 'rm -rf "$work"' EXIT`,
    "trap 'exit 130' INT TERM",
    `printf '%s' "$${KUBECONFIG_ENV}" > "$work/kubeconfig"`,
    'KUBECONFIG="$work/kubeconfig"',
    "export KUBECONFIG",
  ];
}

function requireIstioctl(version: string): string[] {
  return [
    "set -eu",
    "if ! command -v istioctl >/dev/null 2>&1; then",
    `  echo ${shellQuote(`istioctl was not found on PATH. ${istioctlDownloadHint(version)}`)} >&2`,
    "  exit 127",
    "fi",
  ];
}

function clusterFlags(context: string | undefined): string {
  return `--kubeconfig "$work/kubeconfig"${context === undefined ? "" : ` --context ${shellQuote(context)}`}`;
}

/**
 * `istioctl install` of the IstioOperator on stdin, after checking that `istioctl version
 * --remote=false` (every current release prints `client version: 1.31.1`; the last word is taken, so
 * a bare version line works too) is exactly `version`. istioctl waits until the control plane and gateways
 * are ready before it returns (`--readiness-timeout`, 5m by default:
 * https://istio.io/latest/docs/reference/commands/istioctl/#istioctl-install), so its success means
 * CRDs present and the injector serving.
 */
export function renderInstallScript(options: IstioctlScriptOptions): string {
  const before = "istioctl on PATH is version ";
  const after =
    `, but the stack's istioVersion is ${options.version} and the IstioOperator is written for it. ` +
    istioctlDownloadHint(options.version);
  return [
    ...requireIstioctl(options.version),
    `want=${shellQuote(options.version)}`,
    'have=$(istioctl version --remote=false 2>/dev/null | head -n 1) || have=""',
    "have=${have##* }",
    `if [ "$have" = "$want" ]; then :`,
    `elif [ -n "\${${ISTIOCTL_SUBSTITUTE_ENV}:-}" ] && [ "$have" = "$${ISTIOCTL_SUBSTITUTE_ENV}" ]; then`,
    `  printf 'istioctl %s accepted in place of %s: named by ${ISTIOCTL_SUBSTITUTE_ENV} (e2e lane only)\\n' "$have" "$want" >&2`,
    "else",
    `  printf '%s%s%s\\n' ${shellQuote(before)} "\${have:-unknown}" ${shellQuote(after)} >&2`,
    "  exit 1",
    "fi",
    ...isolatedKubeconfig(),
    'cat > "$work/istio-operator.yaml"',
    `istioctl install -y ${clusterFlags(options.context)} -f "$work/istio-operator.yaml"`,
    "",
  ].join("\n");
}

/**
 * `istioctl uninstall -f` with the stack's own IstioOperator, for a cluster that outlives the stack
 * (existing mode): it removes the resources that spec generates, where `--purge` would remove every
 * Istio in the cluster, other revisions included (operator/cmd/mesh/uninstall.go: `--filename`,
 * `--revision`, `--purge`).
 */
export function renderUninstallScript(options: IstioctlScriptOptions): string {
  return [
    ...requireIstioctl(options.version),
    `: "\${${OPERATOR_ENV}:?the IstioOperator to uninstall was not passed in ${OPERATOR_ENV}}"`,
    ...isolatedKubeconfig(),
    `printf '%s' "$${OPERATOR_ENV}" > "$work/istio-operator.yaml"`,
    `istioctl uninstall -y -f "$work/istio-operator.yaml" ${clusterFlags(options.context)}`,
    "",
  ].join("\n");
}
