/**
 * The control plane revisions and revision tags a stack installs, as its resources declare them:
 * `istioctl install` Commands (the IstioOperator's `spec.revision`), `istioctl tag set` Commands,
 * istiod Helm releases (`revision`, `revisionTags`), and tag webhooks (`istio.io/tag`). An install
 * without a revision is Istio's `default` revision. When any of those may hide behind a value the
 * preview cannot see, the set is marked incomplete, and no rule concludes anything from it.
 */
import { parse } from "yaml";
import { COMMAND_TYPE, HELM_RELEASE_TYPES, chartName, isIstioctlInstall } from "./install";
import type { StackResource, StackView } from "./stack";
import { asArray, asObject, at, isUnknown, toPlain } from "./values";

export const DEFAULT_REVISION = "default";
export const TAG_LABEL = "istio.io/tag";
export const WEBHOOK_TYPE = "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration";

export interface InstalledRevisions {
  /** False when some install or tag could not be read at preview: then nothing may be concluded. */
  readonly complete: boolean;
  /** True when the stack installs Istio at all. */
  readonly installs: boolean;
  readonly revisions: ReadonlySet<string>;
  /** Tag → revision. */
  readonly tags: ReadonlyMap<string, string>;
}

/** `istioctl tag set <tag> --revision <revision>`, the words possibly shell-quoted. */
const TAG_SET = /\btag set '?([a-z0-9][-a-z0-9]*)'? --revision '?([a-z0-9][-a-z0-9]*)'?/;

const UNREADABLE = Symbol("unreadable");

/**
 * A property as this module reads it: the engine's sentinel for an unknown string becomes `UNKNOWN`
 * even where the props came through unconverted (an object of another realm, as in a test runner's
 * sandbox, is left as it is by `toPlain`).
 */
export function read(value: unknown, ...path: readonly string[]): unknown {
  const found = at(value, ...path);
  return typeof found === "string" ? toPlain(found) : found;
}
type Revision = string | typeof UNREADABLE;

/** A revision name as config gives it; none (or empty) is the default revision. */
function revisionValue(value: unknown): Revision {
  if (value === undefined || value === "") return DEFAULT_REVISION;
  return typeof value === "string" ? value : UNREADABLE;
}

export function installedRevisions(stack: StackView): InstalledRevisions {
  let complete = true;
  let installs = false;
  const revisions = new Set<string>();
  const tags = new Map<string, string>();
  const record = (revision: Revision) => {
    installs = true;
    if (revision === UNREADABLE) complete = false;
    else revisions.add(revision);
  };

  for (const resource of stack.ofType(COMMAND_TYPE)) {
    const create = read(resource.props, "create");
    if (typeof create !== "string") {
      complete = false;
      continue;
    }
    const tagSet = TAG_SET.exec(create);
    if (tagSet !== null) tags.set(tagSet[1], tagSet[2]);
    if (isIstioctlInstall(resource)) record(operatorRevision(read(resource.props, "stdin")));
  }
  for (const release of stack.ofType(...HELM_RELEASE_TYPES)) {
    const chart = releaseChart(release);
    if (chart === undefined) {
      complete = false;
      continue;
    }
    if (chart !== "istiod") continue;
    const values = read(release.props, "values");
    const revision = isUnknown(values) ? UNREADABLE : revisionValue(read(values, "revision"));
    record(revision);
    const tagList = at(values, "revisionTags");
    if (isUnknown(tagList) || (tagList !== undefined && !Array.isArray(tagList))) complete = false;
    for (const item of asArray(tagList)) {
      const tag = typeof item === "string" ? toPlain(item) : item;
      if (typeof tag === "string" && typeof revision === "string") tags.set(tag, revision);
      else complete = false;
    }
  }
  for (const webhook of stack.ofType(WEBHOOK_TYPE)) {
    const labels = at(webhook.props, "metadata", "labels");
    const tag = read(labels, TAG_LABEL);
    const revision = read(labels, "istio.io/rev");
    if (asObject(labels) === undefined || isUnknown(tag) || isUnknown(revision)) complete = false;
    else if (typeof tag === "string" && typeof revision === "string") tags.set(tag, revision);
  }
  return { complete, installs, revisions, tags };
}

/** The chart a Helm release installs; undefined when the preview cannot tell. */
function releaseChart(release: StackResource): string | undefined {
  return isUnknown(read(release.props, "chart")) ? undefined : chartName(release);
}

/** The IstioOperator's `spec.revision` (the default revision when absent). */
function operatorRevision(stdin: unknown): Revision {
  if (typeof stdin !== "string") return UNREADABLE;
  try {
    return revisionValue(at(parse(stdin), "spec", "revision"));
  } catch {
    return UNREADABLE;
  }
}

/** The revision a namespace labelled `istio.io/rev=<target>` reaches: a revision, or a tag's. */
export function reachedRevision(target: string, installed: InstalledRevisions): string | undefined {
  if (installed.revisions.has(target)) return target;
  return installed.tags.get(target);
}
