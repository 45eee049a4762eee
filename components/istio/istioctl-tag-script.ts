/**
 * The shell of a revision tag's Command with the istioctl installer: `istioctl tag set` points the
 * tag's webhook (and, for `default`, the cluster's validation) at a revision, and `istioctl tag
 * remove` takes it away. Rendered by pure functions, so tests run the same text against a stand-in.
 * https://istio.io/latest/docs/setup/upgrade/canary/#stable-revision-labels
 */
import { shellQuote } from "../local/shell";
import { DEFAULT_TAG } from "../config/revision-rules";
import {
  clusterFlags,
  isolatedKubeconfig,
  selectIstioctl,
  toleratingGone,
  type IstioctlScriptOptions,
} from "./istioctl-script";

export interface TagScriptOptions extends IstioctlScriptOptions {
  readonly tag: string;
  /** The revision the tag points at; `version` is that revision's release. */
  readonly revision: string;
}

/**
 * `istioctl tag set <tag> --revision <revision>`, by that revision's istioctl (the tag's webhook is
 * rendered from its charts). `overwrite`: the tag may exist already and is moved, as an update does;
 * a first create without it fails on a tag someone else made, rather than take it over
 * (https://github.com/istio/istio/blob/1.30.3/istioctl/pkg/tag/generate.go#L217). `default` always
 * overwrites, because the first `istioctl install` into a cluster creates that tag itself
 * (https://github.com/istio/istio/blob/1.30.3/operator/pkg/webhook/webhook.go#L41).
 * `--skip-confirmation`: without a terminal, istioctl's question about a conflicting webhook would
 * read no answer and skip the change while still succeeding.
 */
export function renderTagSetScript(options: TagScriptOptions, overwrite: boolean): string {
  const force = overwrite || options.tag === DEFAULT_TAG ? " --overwrite" : "";
  return [
    ...selectIstioctl(options, true),
    ...isolatedKubeconfig(),
    `istioctl tag set ${shellQuote(options.tag)} --revision ${shellQuote(options.revision)}${force} --skip-confirmation ${clusterFlags(options.context)}`,
    "",
  ].join("\n");
}

/** `istioctl tag remove <tag>`; a tag already gone counts as removed. */
export function renderTagRemoveScript(options: Omit<TagScriptOptions, "revision">): string {
  return [
    ...selectIstioctl(options, false),
    ...isolatedKubeconfig(),
    ...toleratingGone(
      `istioctl tag remove ${shellQuote(options.tag)} --skip-confirmation ${clusterFlags(options.context)}`,
      "cannot find MutatingWebhookConfiguration or Service for tag",
    ),
    "",
  ].join("\n");
}
