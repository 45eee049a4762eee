/**
 * The revision keys (istioRevision, istioCanary, istioTags, apps[].revision): their schema rules, the
 * checks across them, and the settings they become. A revision names a control plane (`istiod-<rev>`)
 * and a tag points at one; a namespace's `istio.io/rev` label names either.
 * https://istio.io/latest/docs/setup/upgrade/canary/
 */
import { z } from "zod";
import { ISTIO_SUPPORTED_MINORS } from "./defaults";
import type { ConfigProblem } from "./errors";
import { versionInMinors } from "./rules";
import type { AppSettings, IstioRevisionSettings } from "./types";

/** The tag Istio gives extra meaning: it injects `istio-injection=enabled` namespaces and validates config. */
export const DEFAULT_TAG = "default";

/** Helm release names are at most 53 characters, and a revision's istiod release is `istiod-<revision>`. */
export const MAX_REVISION_LENGTH = 46;

/** A tag's Service is `istiod-revision-tag-<tag>`, and Service names are at most 63 characters. */
export const MAX_TAG_LENGTH = 43;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The revision name Istio's docs suggest for a release: its version with dashes (1.31.1 → 1-31-1). */
export function revisionFor(version: string): string {
  return version.replace(/\./g, "-");
}

/**
 * A revision name. istioctl accepts a DNS-1123 label
 * (https://github.com/istio/istio/blob/1.30.3/operator/pkg/apis/validation/validation.go#L412),
 * and `default` means "no revision" to istioctl and the charts, so it is the default tag's alone.
 */
export const revisionName = (example = "1-31-1") =>
  z
    .string({ error: `must be a revision name such as ${example}` })
    .max(MAX_REVISION_LENGTH, {
      error: `must be at most ${MAX_REVISION_LENGTH} characters (the Helm release istiod-<revision> may have 53)`,
    })
    .regex(DNS_LABEL, {
      error: `must be a revision name: lower-case letters, digits and '-', starting and ending with a letter or digit (a DNS label, as Istio requires), such as ${example} for Istio ${example.replace(/-/g, ".")}`,
    })
    .refine((v) => v !== DEFAULT_TAG, {
      error: `must not be "${DEFAULT_TAG}": that is the default tag's name (and Istio's name for an install without a revision)`,
    });

/** istioCanary: the second control plane's release and revision. */
export const canarySchema = () =>
  z.strictObject(
    {
      version: versionInMinors(
        "1.31.1",
        ISTIO_SUPPORTED_MINORS,
        "the releases the rendered IstioOperator and Helm values are written for",
      ),
      revision: revisionName(),
    },
    { error: 'must be a map with version and revision, such as {"version": "1.31.1", "revision": "1-31-1"}' },
  );

/** istioTags: tag → revision. The names and targets are checked against the revisions below. */
export const tagsSchema = () =>
  z.record(z.string(), z.string({ error: "must name a revision this stack installs, such as 1-31-1" }), {
    error: 'must be a map of tag to revision, such as {"prod": "1-31-1"}',
  });

/** The keys these checks read, as the schema leaves them. */
export interface RevisionKeys {
  readonly istioVersion: string;
  readonly dataplaneMode: "sidecar" | "ambient";
  readonly waypoint: boolean;
  /** The apps as written, before istioRevision became their default. */
  readonly apps: readonly { readonly revision?: string }[];
  readonly istioRevision?: string;
  readonly istioCanary?: { readonly version: string; readonly revision: string };
  readonly istioTags: Readonly<Record<string, string>>;
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

const setPath = (key: string, value: string) => `pulumi config set --path '${key}' ${value}`;
const list = (names: readonly string[]) => names.join(", ");

/** Revision keys used without istioRevision: each names the key and both ways out. */
function withoutRevision(keys: RevisionKeys, apps: readonly AppSettings[]): ConfigProblem[] {
  const fix = `pulumi config set istioRevision ${revisionFor(keys.istioVersion)}`;
  const problems: ConfigProblem[] = [];
  if (keys.istioCanary !== undefined) {
    problems.push({
      key: "istioCanary",
      message: `is set, but istioRevision is not: a canary runs beside a control plane that is a revision too. Fix: ${fix}, or pulumi config rm istioCanary`,
    });
  }
  if (Object.keys(keys.istioTags).length > 0) {
    problems.push({
      key: "istioTags",
      message: `is set, but istioRevision is not: tags point at revisions. Fix: ${fix}, or pulumi config rm istioTags`,
    });
  }
  apps.forEach((app, i) => {
    if (app.revision === undefined) return;
    problems.push({
      key: `apps[${i}].revision`,
      message: `is "${app.revision}", but istioRevision is not set, so namespaces are labelled istio-injection=enabled. Fix: ${fix}, or pulumi config rm --path 'apps[${i}].revision'`,
    });
  });
  return problems;
}

/** The canary against the main revision. */
function canaryProblems(keys: RevisionKeys, main: string): ConfigProblem[] {
  const canary = keys.istioCanary;
  if (canary === undefined) return [];
  const problems: ConfigProblem[] = [];
  if (canary.revision === main) {
    const suggestion = revisionFor(canary.version) !== main ? revisionFor(canary.version) : `${main}-canary`;
    problems.push({
      key: "istioCanary.revision",
      message: `is "${main}", which is also istioRevision; each control plane needs its own revision. Fix: ${setPath("istioCanary.revision", suggestion)}`,
    });
  }
  if (compareVersions(canary.version, keys.istioVersion) < 0) {
    problems.push({
      key: "istioCanary.version",
      message: `is ${canary.version}, older than istioVersion ${keys.istioVersion}: the canary is the newer release, tried beside the current one (istio-cni and ztunnel stay at istioVersion, and may not run ahead of a control plane). Fix: ${setPath("istioCanary.version", keys.istioVersion)} or newer`,
    });
  }
  return problems;
}

/** Tag names, and what each points at. */
function tagProblems(keys: RevisionKeys, installed: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [tag, revision] of Object.entries(keys.istioTags)) {
    const key = `istioTags.${tag}`;
    if (!DNS_LABEL.test(tag) || tag.length > MAX_TAG_LENGTH) {
      problems.push({
        key,
        message: `"${tag}" is not a tag name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most ${MAX_TAG_LENGTH} characters (its Service is istiod-revision-tag-<tag>). Fix: pulumi config rm --path '${key}', and set the tag under another name`,
      });
    } else if (installed.includes(tag)) {
      problems.push({
        key,
        message: `is named like a revision this stack installs; istioctl refuses a tag that shadows a revision. Fix: pulumi config rm --path '${key}', and set the tag under another name (such as prod or canary)`,
      });
    }
    if (!installed.includes(revision)) {
      problems.push({
        key,
        message: `points at revision "${revision}", which this stack does not install (it installs ${list(installed)}); a revision stays while a tag or namespace uses it. Fix: ${setPath(key, installed[installed.length - 1])}, or pulumi config rm --path '${key}'`,
      });
    }
  }
  return problems;
}

/** Each app's revision or tag, which its namespace shares. */
function appProblems(apps: readonly AppSettings[], installed: readonly string[], tags: readonly string[]) {
  const problems: ConfigProblem[] = [];
  const byNamespace = new Map<string, number>();
  apps.forEach((app, i) => {
    const key = `apps[${i}].revision`;
    const target = app.revision;
    if (target === undefined) return;
    if (!installed.includes(target) && !tags.includes(target)) {
      problems.push({
        key,
        message: `is "${target}", which is neither a revision this stack installs (${list(installed)}) nor one of its tags (${list(tags)}). Fix: ${setPath(key, installed[0])} (or a tag), or pulumi config rm --path '${key}' for istioRevision`,
      });
      return;
    }
    const first = byNamespace.get(app.namespace);
    if (first === undefined) {
      byNamespace.set(app.namespace, i);
    } else if (apps[first].revision !== target) {
      problems.push({
        key,
        message: `is "${target}", but apps[${first}] in the same namespace "${app.namespace}" uses "${apps[first].revision}"; istio.io/rev labels a namespace, so its apps share one. Fix: ${setPath(key, apps[first].revision ?? "")}, or move the app to another namespace`,
      });
    }
  });
  return problems;
}

/**
 * In ambient mode a namespace is not labelled `istio.io/rev`: that label turns sidecar injection on
 * (https://github.com/istio/istio/issues/60313), and ztunnel and istio-cni serve every namespace. What
 * a revision runs there is the namespace's waypoint, so an app's revision needs one.
 */
function ambientProblems(keys: RevisionKeys): ConfigProblem[] {
  if (keys.dataplaneMode !== "ambient" || keys.waypoint) return [];
  return keys.apps.flatMap((app, i) =>
    app.revision === undefined
      ? []
      : [
          {
            key: `apps[${i}].revision`,
            message: `is "${app.revision}", but in ambient mode a revision runs only a namespace's waypoint, and there is none (ztunnel and istio-cni serve every namespace). Fix: pulumi config set waypoint true, or pulumi config rm --path 'apps[${i}].revision'`,
          },
        ],
  );
}

/** Every problem across the revision keys; `apps` carry their revision with istioRevision as default. */
export function revisionProblems(keys: RevisionKeys, apps: readonly AppSettings[]): ConfigProblem[] {
  const main = keys.istioRevision;
  if (main === undefined) return withoutRevision(keys, apps);
  const installed = [main, ...(keys.istioCanary === undefined ? [] : [keys.istioCanary.revision])];
  const tags = [DEFAULT_TAG, ...Object.keys(keys.istioTags).filter((t) => t !== DEFAULT_TAG)];
  return [
    ...canaryProblems(keys, main),
    ...tagProblems(keys, [...new Set(installed)]),
    ...appProblems(apps, installed, tags),
    ...ambientProblems(keys),
  ];
}

/** The revisions and tags to install; undefined without istioRevision. */
export function revisionSettings(keys: RevisionKeys): IstioRevisionSettings | undefined {
  if (keys.istioRevision === undefined) return undefined;
  const main = { name: keys.istioRevision, version: keys.istioVersion };
  return {
    main,
    ...(keys.istioCanary === undefined
      ? {}
      : { canary: { name: keys.istioCanary.revision, version: keys.istioCanary.version } }),
    tags: { [DEFAULT_TAG]: main.name, ...keys.istioTags },
  };
}
