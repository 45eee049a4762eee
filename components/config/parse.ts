/**
 * Pure config parsing: raw stack values in, a frozen SandboxConfig (or one ConfigError listing every
 * problem) out. Runs before any resource is registered, so a bad value never half-applies a stack.
 */
import { z } from "zod";
import { DEFAULTS } from "./defaults";
import { configSchema, type ParsedConfig } from "./schema";
import { ConfigError, type ConfigProblem, toProblems } from "./errors";
import { VERSIONED_SOURCES } from "./defaults";
import { revisionProblems, revisionSettings } from "./revision-rules";
import { unwrapSchema } from "./stack-values";
import { tracingMeshConfig } from "./tracing";
import type { AppSettings, SandboxConfig } from "./types";

/** The keys that the strict object at `path` accepts, found by walking the schema. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType = configSchema;
  for (const segment of path) {
    schema = unwrapSchema(schema);
    if (schema instanceof z.ZodArray && typeof segment === "number") {
      schema = schema.element;
    } else if (schema instanceof z.ZodObject && typeof segment === "string") {
      const next = (schema.shape as Record<string, z.core.$ZodType | undefined>)[segment];
      if (!next) return [];
      schema = next;
    } else {
      return [];
    }
  }
  schema = unwrapSchema(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Checks that span several keys, which the per-key schema cannot express. */
function crossFieldProblems(parsed: ParsedConfig, apps: readonly AppSettings[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (parsed.mode === "existing" && parsed.kubeconfig === undefined) {
    problems.push({
      key: "kubeconfig",
      message:
        'mode is existing but no kubeconfig is set. Fix: pulumi config set --secret kubeconfig "$(cat ~/.kube/config)" (or a file path: pulumi config set kubeconfig ~/.kube/config)',
    });
  }
  if (parsed.httpPort === parsed.httpsPort) {
    problems.push({
      key: "httpsPort",
      message: `${parsed.httpsPort} is also httpPort; each host port can be mapped once. Fix: pulumi config set httpsPort 8443 (or another free port)`,
    });
  }
  if (parsed.httpNodePort === parsed.httpsNodePort) {
    problems.push({
      key: "httpsNodePort",
      message: `${parsed.httpsNodePort} is also httpNodePort; a Service cannot use one nodePort twice. Fix: pulumi config set httpsNodePort 30443`,
    });
  }
  if (parsed.httpGateway === parsed.httpsGateway) {
    problems.push({
      key: "httpsGateway",
      message: `"${parsed.httpsGateway}" is also httpGateway; the two Gateways need their own names. Fix: pulumi config set httpsGateway ${parsed.httpGateway}-tls`,
    });
  }
  const metallbInstalled = parsed.mode === "k3d" || parsed.loadBalancer === "metallb";
  if (!metallbInstalled && parsed.metallbAddresses !== undefined) {
    problems.push({
      key: "metallbAddresses",
      message:
        "is set, but MetalLB is not installed (existing mode with loadBalancer provided). Fix: pulumi config rm metallbAddresses, or pulumi config set loadBalancer metallb",
    });
  }
  problems.push(...modernIstioProblems(parsed, apps));
  problems.push(...revisionProblems(parsed, apps));
  const seenNames = new Map<string, number>();
  const seenHosts = new Map<string, number>();
  apps.forEach((app, i) => {
    const nameKey = `${app.namespace}/${app.name}`;
    const earlier = seenNames.get(nameKey);
    if (earlier !== undefined) {
      problems.push({
        key: `apps[${i}].name`,
        message: `"${app.name}" is used twice in namespace "${app.namespace}" (also apps[${earlier}]). Fix: give each app in a namespace its own name`,
      });
    }
    seenNames.set(nameKey, i);
    if (app.namespace.startsWith("kube-")) {
      problems.push({
        key: `apps[${i}].namespace`,
        message: `"${app.namespace}" belongs to Kubernetes and must stay out of the mesh. Fix: pulumi config set --path 'apps[${i}].namespace' default (or another namespace)`,
      });
    }
    const earlierHost = seenHosts.get(app.host);
    if (earlierHost !== undefined) {
      problems.push({
        key: `apps[${i}].host`,
        message: `"${app.host}" is also the host of apps[${earlierHost}]; two VirtualServices would claim it. Fix: give each app its own host`,
      });
    }
    seenHosts.set(app.host, i);
    // The wildcard certificate covers `*.<domain>` and `<domain>` only: one label deep.
    const label = app.host.endsWith(`.${parsed.domain}`)
      ? app.host.slice(0, -parsed.domain.length - 1)
      : undefined;
    const covered =
      app.host === parsed.domain || (label !== undefined && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label));
    if (!covered) {
      problems.push({
        key: `apps[${i}].host`,
        message: `"${app.host}" is not <name>.${parsed.domain} or ${parsed.domain}, so the wildcard certificate and the Gateways' hosts would not cover it. Fix: set apps[${i}].host to ${app.name}.${parsed.domain}, or remove it`,
      });
    }
  });
  return problems;
}

/** Checks of the ingress API, data plane and add-on keys against each other and the rest. */
function modernIstioProblems(parsed: ParsedConfig, apps: readonly AppSettings[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (parsed.waypoint && parsed.dataplaneMode !== "ambient") {
    problems.push({
      key: "waypoint",
      message:
        "is true, but waypoints belong to ambient mode (sidecars do L7 themselves). Fix: pulumi config set dataplaneMode ambient, or pulumi config rm waypoint",
    });
  }
  if (parsed.mode === "k3d" && parsed.istioPlatform !== undefined && parsed.istioPlatform !== "k3d") {
    problems.push({
      key: "istioPlatform",
      message: `is "${parsed.istioPlatform}", but k3d mode always uses Istio's k3d platform profile. Fix: pulumi config rm istioPlatform`,
    });
  }
  if (parsed.ingressApi === "gateway-api" && parsed.tlsMode === "MUTUAL") {
    problems.push({
      key: "tlsMode",
      message:
        "is MUTUAL, but the sandbox's Gateway API ingress terminates server TLS only (client certificates there are still experimental). Fix: pulumi config set tlsMode SIMPLE, or pulumi config set ingressApi istio",
    });
  }
  const seen = new Set<string>();
  for (const addon of parsed.addons) {
    if (seen.has(addon)) {
      problems.push({
        key: "addons",
        message: `lists "${addon}" twice. Fix: list each add-on once, e.g. pulumi config set addons prometheus,grafana,kiali,jaeger`,
      });
    }
    seen.add(addon);
    const host = `${addon}.${parsed.domain}`;
    const index = apps.findIndex((app) => app.host === host);
    if (index >= 0) {
      problems.push({
        key: `apps[${index}].host`,
        message: `"${host}" is also the host of the ${addon} add-on's UI. Fix: give apps[${index}] another name or host, or remove ${addon} from addons`,
      });
    }
  }
  const sourceUnused = (key: "gatewayApiCrds" | "gatewayApiCrdsAdopt" | "addonsSource", why: string) =>
    problems.push({ key, message: `is set, but ${why}. Fix: pulumi config rm ${key}` });
  const gatewayApiUsed = parsed.ingressApi === "gateway-api" || parsed.waypoint;
  if (parsed.gatewayApiCrds !== undefined && !gatewayApiUsed) {
    sourceUnused("gatewayApiCrds", "nothing uses the Gateway API (ingressApi is istio, no waypoints)");
  }
  if (parsed.gatewayApiCrdsAdopt && !gatewayApiUsed) {
    sourceUnused("gatewayApiCrdsAdopt", "nothing uses the Gateway API (ingressApi is istio, no waypoints)");
  } else if (parsed.gatewayApiCrdsAdopt && parsed.mode === "k3d") {
    problems.push({
      key: "gatewayApiCrdsAdopt",
      message:
        "is true, but k3d mode makes a new cluster, which has no Gateway API CRDs to take over. Fix: pulumi config rm gatewayApiCrdsAdopt (it is for mode existing)",
    });
  }
  if (parsed.addonsSource !== undefined && parsed.addons.length === 0) {
    sourceUnused(
      "addonsSource",
      "no add-ons are enabled (pulumi config set addons kiali,... to enable some)",
    );
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Validates raw stack config and derives every computed default. Throws ConfigError. */
export function parseConfig(raw: Readonly<Record<string, unknown>>): SandboxConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((issue) => toProblems(issue, raw, knownKeysAt)));
  }
  const parsed = result.data;
  const apps: AppSettings[] = parsed.apps.map((app) => ({
    ...app,
    host: app.host ?? `${app.name}.${parsed.domain}`,
    // With revisions every app's namespace names one; without, none does.
    ...(parsed.istioRevision === undefined ? {} : { revision: app.revision ?? parsed.istioRevision }),
  }));
  const problems = crossFieldProblems(parsed, apps);
  if (problems.length > 0) throw new ConfigError(problems);

  const firstLabel = parsed.domain.split(".")[0];
  const config: SandboxConfig = {
    mode: parsed.mode,
    domain: parsed.domain,
    cluster: {
      name: parsed.clusterName,
      servers: parsed.servers,
      agents: parsed.agents,
      k3sImage: parsed.k3sImage,
      registry: parsed.registry,
      storagePath: parsed.storagePath,
      ports: { http: parsed.httpPort, https: parsed.httpsPort },
    },
    existing:
      parsed.mode === "existing" && parsed.kubeconfig !== undefined
        ? { kubeconfig: parsed.kubeconfig, context: parsed.kubeContext, loadBalancer: parsed.loadBalancer }
        : undefined,
    metallb: {
      enabled: parsed.mode === "k3d" || parsed.loadBalancer === "metallb",
      chartVersion: parsed.metallbChartVersion,
      chartRepo: parsed.metallbChartRepo,
      namespace: parsed.metallbNamespace,
      addresses: parsed.metallbAddresses,
    },
    istio: {
      version: parsed.istioVersion,
      hub: parsed.istioHub,
      chartRepo: parsed.istioChartRepo,
      installer: parsed.istioInstaller,
      profile: parsed.dataplaneMode === "ambient" ? "ambient" : parsed.istioProfile,
      // Only istio-cni reads the platform's paths, and sidecar mode in k3d runs without it.
      platform:
        parsed.mode !== "k3d" ? parsed.istioPlatform : parsed.dataplaneMode === "ambient" ? "k3d" : undefined,
      ingressGateway: parsed.ingressApi === "istio",
      meshConfig: parsed.addons.includes("jaeger") ? tracingMeshConfig(parsed.meshConfig) : parsed.meshConfig,
      values: parsed.istioValues,
      nodePorts: { http: parsed.httpNodePort, https: parsed.httpsNodePort },
      ...(parsed.istioRevision === undefined ? {} : { revisions: revisionSettings(parsed) }),
    },
    pki: {
      algorithm: parsed.keyAlgorithm,
      rsaBits: parsed.rsaBits,
      ecdsaCurve: parsed.ecdsaCurve,
      validityDays: parsed.certValidityDays,
      caValidityDays: parsed.caValidityDays,
      earlyRenewalDays: DEFAULTS.pki.earlyRenewalDays,
      subject: {
        country: parsed.certCountry,
        province: parsed.certProvince,
        locality: parsed.certLocality,
        organization: parsed.certOrganization ?? parsed.domain,
      },
      caCommonName: `ca.${parsed.domain}`,
    },
    ingress: {
      httpGateway: parsed.httpGateway,
      httpsGateway: parsed.httpsGateway,
      credentialName: parsed.credentialName ?? `${firstLabel}-credential`,
      httpsRedirect: parsed.httpsRedirect,
      tlsMode: parsed.tlsMode,
    },
    mtls: { mode: parsed.mtlsMode, meshWide: parsed.meshWideMtls },
    meshCa: parsed.meshCa,
    apps,
    ingressApi: parsed.ingressApi,
    gatewayApi: {
      version: parsed.gatewayApiVersion,
      crds: parsed.gatewayApiCrds ?? VERSIONED_SOURCES.gatewayApiCrds(parsed.gatewayApiVersion),
      install: parsed.ingressApi === "gateway-api" || parsed.waypoint,
      adopt: parsed.gatewayApiCrdsAdopt,
    },
    dataplane: { mode: parsed.dataplaneMode, waypoint: parsed.waypoint },
    addons: {
      enabled: parsed.addons,
      source: (parsed.addonsSource ?? VERSIONED_SOURCES.addons(parsed.istioVersion)).replace(/\/+$/, ""),
      version: parsed.istioVersion,
    },
  };
  return deepFreeze(config);
}
