/**
 * Revision tags as the cluster has them once the program's objects are in: every namespace labelled
 * `istio.io/rev=<tag>` has the tag's webhook `istio-revision-tag-<tag>`, whose webhooks all call an
 * istiod Service that exists, and each tag the program sets with `istioctl tag set` calls the
 * Service of the revision it names (`istiod-<revision>`).
 */
import { REVISION_LABEL, istiodName, tagWebhookName } from "../../../components/istio/revision-tags";
import type { TagCommand } from "./declared";

/** What the check reads from the cluster (`kubectl get … -o json`, items only). */
export interface TagClusterState {
  readonly webhookConfigurations: readonly {
    readonly metadata: { readonly name: string };
    readonly webhooks?: readonly {
      readonly clientConfig?: { readonly service?: { readonly name?: string } };
    }[];
  }[];
  readonly namespaces: readonly {
    readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  }[];
  /** Names of the Services in Istio's namespace. */
  readonly istioServices: readonly string[];
}

export interface TagVerdict {
  readonly checks: string[];
  readonly problems: string[];
}

/** The istiod Services a webhook configuration's webhooks call (sorted, no repeats). */
function servicesOf(configuration: TagClusterState["webhookConfigurations"][number]): string[] {
  const names = (configuration.webhooks ?? []).map((w) => w.clientConfig?.service?.name ?? "(no service)");
  return [...new Set(names)].sort();
}

export function tagChecks(
  tagCommands: readonly TagCommand[],
  state: TagClusterState,
  istioNamespace: string,
): TagVerdict {
  const checks: string[] = [];
  const problems: string[] = [];
  const webhook = (tag: string) =>
    state.webhookConfigurations.find((c) => c.metadata.name === tagWebhookName(tag));
  for (const command of tagCommands) {
    const configuration = webhook(command.tag);
    const want = istiodName(command.revision);
    if (configuration === undefined) {
      problems.push(
        `${command.resource} ran, but there is no MutatingWebhookConfiguration ${tagWebhookName(command.tag)}`,
      );
      continue;
    }
    const services = servicesOf(configuration);
    if (services.length === 1 && services[0] === want)
      checks.push(
        `tag ${command.tag}: ${tagWebhookName(command.tag)} calls ${istioNamespace}/${want}, as ${command.resource} set it`,
      );
    else
      problems.push(
        `tag ${command.tag}: ${tagWebhookName(command.tag)} calls ${services.join(", ") || "nothing"}, but ${command.resource} pointed it at ${want}`,
      );
  }
  for (const ns of state.namespaces) {
    const tag = ns.metadata.labels?.[REVISION_LABEL];
    if (tag === undefined) continue;
    const configuration = webhook(tag);
    if (configuration === undefined) {
      problems.push(
        `namespace ${ns.metadata.name} is labelled ${REVISION_LABEL}=${tag}, but there is no ${tagWebhookName(tag)}`,
      );
      continue;
    }
    const services = servicesOf(configuration);
    const missing = services.filter((s) => !state.istioServices.includes(s));
    if (services.length === 0 || missing.length > 0)
      problems.push(
        `namespace ${ns.metadata.name} (${REVISION_LABEL}=${tag}): ${tagWebhookName(tag)} calls ${services.join(", ") || "nothing"}, and ${missing.join(", ") || "nothing"} is not a Service in ${istioNamespace}`,
      );
    else
      checks.push(
        `namespace ${ns.metadata.name} (${REVISION_LABEL}=${tag}): ${tagWebhookName(tag)} calls ${services.map((s) => `${istioNamespace}/${s}`).join(", ")}`,
      );
  }
  return { checks, problems };
}
