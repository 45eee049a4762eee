import type { TagCommand } from "../../tools/e2e/objects/declared";
import { tagChecks, type TagClusterState } from "../../tools/e2e/objects/tag-checks";

const tagCommand = (tag: string, revision: string): TagCommand => ({
  resource: `istio-tag-${tag}`,
  tag,
  revision,
  script: `istioctl tag set ${tag} --revision ${revision}`,
  environment: {},
});
const webhookConfiguration = (name: string, ...services: string[]) => ({
  metadata: { name },
  webhooks: services.map((service) => ({ clientConfig: { service: { name: service } } })),
});
const namespace = (name: string, rev?: string) => ({
  metadata: { name, ...(rev === undefined ? {} : { labels: { "istio.io/rev": rev } }) },
});
const CLUSTER: TagClusterState = {
  webhookConfigurations: [
    webhookConfiguration("istio-revision-tag-prod", "istiod-1-31-1", "istiod-1-31-1"),
    webhookConfiguration("istio-revision-tag-next", "istiod-1-31-1-next"),
    webhookConfiguration("istio-sidecar-injector-1-31-1", "istiod-1-31-1"),
  ],
  namespaces: [namespace("default", "prod"), namespace("shop", "next"), namespace("kube-system")],
  istioServices: ["istiod-1-31-1", "istiod-1-31-1-next", "istio-ingressgateway"],
};

describe("revision tags in the cluster", () => {
  test("each tag Command's webhook calls its revision's istiod; each labelled namespace's tag webhook calls a Service", () => {
    const verdict = tagChecks(
      [tagCommand("prod", "1-31-1"), tagCommand("next", "1-31-1-next")],
      CLUSTER,
      "istio-system",
    );
    expect(verdict.problems).toEqual([]);
    expect(verdict.checks).toEqual([
      "tag prod: istio-revision-tag-prod calls istio-system/istiod-1-31-1, as istio-tag-prod set it",
      "tag next: istio-revision-tag-next calls istio-system/istiod-1-31-1-next, as istio-tag-next set it",
      "namespace default (istio.io/rev=prod): istio-revision-tag-prod calls istio-system/istiod-1-31-1",
      "namespace shop (istio.io/rev=next): istio-revision-tag-next calls istio-system/istiod-1-31-1-next",
    ]);
  });

  test("a tag pointing at another revision, a missing tag webhook and a missing Service are problems", () => {
    const verdict = tagChecks(
      [tagCommand("prod", "1-31-1-next"), tagCommand("gone", "1-31-1")],
      {
        ...CLUSTER,
        namespaces: [namespace("default", "prod"), namespace("shop", "canary")],
        istioServices: ["istiod-1-31-1-next"],
      },
      "istio-system",
    );
    expect(verdict.checks).toEqual([]);
    expect(verdict.problems).toEqual([
      "tag prod: istio-revision-tag-prod calls istiod-1-31-1, but istio-tag-prod pointed it at istiod-1-31-1-next",
      "istio-tag-gone ran, but there is no MutatingWebhookConfiguration istio-revision-tag-gone",
      "namespace default (istio.io/rev=prod): istio-revision-tag-prod calls istiod-1-31-1, and istiod-1-31-1 is not a Service in istio-system",
      "namespace shop is labelled istio.io/rev=canary, but there is no istio-revision-tag-canary",
    ]);
  });
});
