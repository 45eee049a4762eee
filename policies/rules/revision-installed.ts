/**
 * A namespace labelled `istio.io/rev=<target>` is injected only by the webhook of that revision or
 * tag, and a Gateway so labelled (a waypoint) is deployed only by that revision's istiod. Where the
 * stack installs neither (a canary removed, a tag never set, a typo), no webhook matches and the pods
 * start without a sidecar, or nothing deploys the Gateway; a tag left pointing at a removed revision
 * calls an istiod that is gone. https://istio.io/latest/docs/setup/upgrade/canary/#stable-revision-labels
 * Nothing is concluded from a value the preview cannot see.
 */
import { GATEWAY_API_GROUP } from "../lib/gateway-api";
import { namespaceLabels, REVISION_LABEL } from "../lib/namespaces";
import { installedRevisions, reachedRevision, read, type InstalledRevisions } from "../lib/revisions";
import { noConfig, type StackRule } from "../lib/rule";
import { qualifiedName, type StackView, type Violation } from "../lib/stack";

function known(installed: InstalledRevisions): string {
  const revisions = [...installed.revisions].join(", ") || "none";
  const tags = [...installed.tags].map(([tag, revision]) => `${tag} → ${revision}`).join(", ") || "none";
  return `(revisions: ${revisions}; tags: ${tags})`;
}

/** What carries the label: a namespace (and its pods) or a Gateway; and the label's value. */
interface Labelled {
  readonly urn: string;
  readonly what: string;
  readonly serves: string;
  readonly target: string;
}

function labelled(stack: StackView): Labelled[] {
  const namespaces = [...namespaceLabels(stack).values()].flatMap((ns) => {
    const target = read(ns.labels, REVISION_LABEL);
    return typeof target !== "string"
      ? []
      : [
          {
            urn: ns.resources[0].urn,
            what: `Namespace ${ns.name}`,
            serves: "its pods start without a sidecar",
            target,
          },
        ];
  });
  const gateways = stack.ofKind(GATEWAY_API_GROUP, "Gateway").flatMap((gateway) => {
    const target = read(gateway.props, "metadata", "labels", REVISION_LABEL);
    return typeof target !== "string"
      ? []
      : [
          {
            urn: gateway.urn,
            what: `Gateway ${qualifiedName(gateway)}`,
            serves: "no istiod deploys it",
            target,
          },
        ];
  });
  return [...namespaces, ...gateways];
}

export function checkRevisionsInstalled(stack: StackView): Violation[] {
  const installed = installedRevisions(stack);
  if (!installed.installs || !installed.complete) return [];
  return labelled(stack).flatMap(({ urn, what, serves, target }): Violation[] => {
    const revision = reachedRevision(target, installed);
    if (revision === undefined) {
      return [
        {
          urn,
          message:
            `${what} is labelled ${REVISION_LABEL}=${target}, but the stack installs no revision or tag named ${target} ` +
            `${known(installed)}, so ${serves}. Fix: point it at one of them (istio-sandbox:apps[].revision), or ` +
            `install ${target} (istio-sandbox:istioCanary, or istio-sandbox:istioTags for a tag).`,
        },
      ];
    }
    if (installed.revisions.has(revision)) return [];
    return [
      {
        urn,
        message:
          `${what} is labelled ${REVISION_LABEL}=${target}, a tag pointing at revision ${revision}, which the stack ` +
          `does not install ${known(installed)}; the tag calls an istiod that is not there. Fix: point tag ${target} ` +
          `at an installed revision (istio-sandbox:istioTags), or install ${revision}.`,
      },
    ];
  });
}

export const revisionInstalledRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "revision-label-installed",
  description:
    "A namespace's or Gateway's istio.io/rev label names a control plane revision or revision tag that the stack installs, so its pods are injected and its waypoint deployed.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkRevisionsInstalled(stack),
};
