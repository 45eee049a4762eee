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
  /** What asks for `version`, for the messages; default: the config key istioVersion. */
  readonly versionKey?: string;
  /** What the istioctl renders, for the messages; default: the IstioOperator. */
  readonly renders?: string;
}

/**
 * A second revision runs another Istio release, which that release's istioctl installs, so a script
 * for version V runs `istioctl-V` where PATH has one (a link to istio-V/bin/istioctl) and the plain
 * `istioctl` otherwise. https://istio.io/latest/docs/setup/upgrade/canary/
 */
export function versionedIstioctl(version: string): string {
  return `istioctl-${version}`;
}

/** How to get the right istioctl, for the error messages. */
export function istioctlDownloadHint(version: string): string {
  return (
    `Install istioctl ${version}: curl -sL https://istio.io/downloadIstio | ISTIO_VERSION=${version} sh - ` +
    `and put istio-${version}/bin first on PATH (https://istio.io/latest/docs/setup/additional-setup/download-istio-release/), ` +
    `or, beside another release's istioctl, link it onto PATH as ${versionedIstioctl(version)}. ` +
    `Or pin the version you have: pulumi config set istioVersion <version>; ` +
    `or install with Helm instead: pulumi config set istioInstaller helm`
  );
}

/** What every script does before istioctl touches the cluster: the kubeconfig, in a private temp dir. */
export function isolatedKubeconfig(): string[] {
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

/**
 * Picks the istioctl for `options.version`, and makes `istioctl` in the rest of the script run it (a
 * shell function shadows the command). `exact`: it must report that version (`istioctl version
 * --remote=false`; every current release prints `client version: 1.31.1`, and the last word is
 * taken, so a bare version line works too), or, failing that, be the build ISTIOCTL_SUBSTITUTE_ENV
 * names exactly; otherwise the first one on PATH is taken.
 */
export function selectIstioctl(options: IstioctlScriptOptions, exact: boolean): string[] {
  const candidates = `${shellQuote(versionedIstioctl(options.version))} istioctl`;
  const missing = [
    'if [ -z "$chosen" ]; then',
    `  echo ${shellQuote(`istioctl was not found on PATH. ${istioctlDownloadHint(options.version)}`)} >&2`,
    "  exit 127",
    "fi",
    'istioctl() { command "$chosen" "$@"; }',
  ];
  if (!exact) {
    return [
      "set -eu",
      "chosen=''",
      `for candidate in ${candidates}; do`,
      '  if command -v "$candidate" >/dev/null 2>&1; then chosen=$candidate; break; fi',
      "done",
      ...missing,
    ];
  }
  const after =
    `, but the stack's ${options.versionKey ?? "istioVersion"} is ${options.version} and ${options.renders ?? "the IstioOperator"} is written for it. ` +
    istioctlDownloadHint(options.version);
  return [
    "set -eu",
    `want=${shellQuote(options.version)}`,
    "chosen=''",
    "seen=''",
    "stand_in=''",
    `for candidate in ${candidates}; do`,
    '  command -v "$candidate" >/dev/null 2>&1 || continue',
    '  have=$("$candidate" version --remote=false 2>/dev/null | head -n 1) || have=""',
    "  have=${have##* }",
    '  if [ "$have" = "$want" ]; then chosen=$candidate; break; fi',
    `  if [ -z "$stand_in" ] && [ -n "\${${ISTIOCTL_SUBSTITUTE_ENV}:-}" ] && [ "$have" = "$${ISTIOCTL_SUBSTITUTE_ENV}" ]; then stand_in=$candidate; fi`,
    '  seen="$candidate on PATH is version ${have:-unknown}"',
    "done",
    'if [ -z "$chosen" ] && [ -n "$stand_in" ]; then',
    "  chosen=$stand_in",
    `  printf 'istioctl %s accepted in place of %s: named by ${ISTIOCTL_SUBSTITUTE_ENV} (e2e lane only)\\n' "$${ISTIOCTL_SUBSTITUTE_ENV}" "$want" >&2`,
    "fi",
    'if [ -z "$chosen" ] && [ -n "$seen" ]; then',
    `  printf '%s%s\\n' "$seen" ${shellQuote(after)} >&2`,
    "  exit 1",
    "fi",
    ...missing,
  ];
}

export function clusterFlags(context: string | undefined): string {
  return `--kubeconfig "$work/kubeconfig"${context === undefined ? "" : ` --context ${shellQuote(context)}`}`;
}

/**
 * `istioctl install` of the IstioOperator on stdin, by the istioctl of exactly `version`. istioctl
 * waits until the control plane and gateways are ready before it returns (`--readiness-timeout`, 5m
 * by default: https://istio.io/latest/docs/reference/commands/istioctl/#istioctl-install), so its
 * success means CRDs present and the injector serving.
 */
export function renderInstallScript(options: IstioctlScriptOptions): string {
  return [
    ...selectIstioctl(options, true),
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
 * `--revision`, `--purge`). A revision's uninstall adds `--revision`, so only resources labelled
 * with it and owned by its own IstioOperator go
 * (https://github.com/istio/istio/blob/1.30.3/operator/pkg/uninstall/prune.go#L101); it also runs
 * where the cluster is the stack's own, once the revision leaves the config.
 */
export function renderUninstallScript(
  options: IstioctlScriptOptions & { readonly revision?: string },
): string {
  const revision = options.revision === undefined ? "" : ` --revision ${shellQuote(options.revision)}`;
  const uninstall = `istioctl uninstall -y${revision} -f "$work/istio-operator.yaml" ${clusterFlags(options.context)}`;
  return [
    ...selectIstioctl(options, false),
    `: "\${${OPERATOR_ENV}:?the IstioOperator to uninstall was not passed in ${OPERATOR_ENV}}"`,
    ...isolatedKubeconfig(),
    `printf '%s' "$${OPERATOR_ENV}" > "$work/istio-operator.yaml"`,
    ...(options.revision === undefined
      ? [uninstall]
      : toleratingGone(uninstall, "could not find target revision")),
    "",
  ].join("\n");
}

/**
 * Runs `line`; when it fails only because what it removes is already gone (istioctl says `gone`), the
 * removal has nothing left to do, and a destroy or a removed revision should not stall on it.
 */
export function toleratingGone(line: string, gone: string): string[] {
  return [
    `if out=$(${line} 2>&1); then`,
    `  printf '%s\\n' "$out"`,
    `elif printf '%s' "$out" | grep -q ${shellQuote(gone)}; then`,
    `  printf '%s\\n' "$out" ${shellQuote("(already gone: nothing to remove)")} >&2`,
    "else",
    `  printf '%s\\n' "$out" >&2`,
    "  exit 1",
    "fi",
  ];
}
