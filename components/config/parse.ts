/**
 * Pure config parsing: raw stack values in, a frozen SandboxConfig (or one ConfigError listing every
 * problem) out. Runs before any resource is registered, so a bad value never half-applies a stack.
 */
import { z } from "zod";
import { configSchema, type ParsedConfig } from "./schema";
import { ConfigError, type ConfigProblem, toProblems } from "./errors";
import type { AppSettings, SandboxConfig } from "./types";

/** The keys that the strict object at `path` accepts, found by walking the schema. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType = configSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodArray && typeof segment === "number") {
      schema = schema.element as z.core.$ZodType;
    } else if (schema instanceof z.ZodObject && typeof segment === "string") {
      const next = (schema.shape as Record<string, z.core.$ZodType | undefined>)[segment];
      if (!next) return [];
      schema = next;
    } else {
      return [];
    }
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType; type: string };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

/** Checks that span several keys, which the per-key schema cannot express. */
function crossFieldProblems(parsed: ParsedConfig, apps: readonly AppSettings[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (parsed.mode === "existing" && !parsed.existing) {
    problems.push({
      key: "existing.kubeconfig",
      message:
        "mode is existing but no kubeconfig is set. Fix: pulumi config set --secret --path 'existing.kubeconfig' \"$(cat ~/.kube/config)\" (or a file path)",
    });
  }
  const metallbInstalled = parsed.mode === "k3d" || parsed.existing?.loadBalancer === "metallb";
  if (!metallbInstalled && parsed.metallb.addresses !== undefined) {
    problems.push({
      key: "metallb.addresses",
      message:
        "is set, but MetalLB is not installed (existing mode with loadBalancer: provided). Fix: pulumi config rm --path 'metallb.addresses', or set existing.loadBalancer to metallb",
    });
  }
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
    const earlierHost = seenHosts.get(app.host);
    if (earlierHost !== undefined) {
      problems.push({
        key: `apps[${i}].host`,
        message: `"${app.host}" is also the host of apps[${earlierHost}]; two VirtualServices would claim it. Fix: give each app its own host`,
      });
    }
    seenHosts.set(app.host, i);
    // The wildcard certificate covers `*.<domain>` and `<domain>` only: one label deep.
    const coveredByCertificate =
      app.host === parsed.domain ||
      (app.host.endsWith(`.${parsed.domain}`) && !app.host.slice(0, -parsed.domain.length - 1).includes("."));
    if (!coveredByCertificate || !/^[a-z0-9.-]+$/.test(app.host)) {
      problems.push({
        key: `apps[${i}].host`,
        message: `"${app.host}" is not <name>.${parsed.domain} or ${parsed.domain}, so the wildcard certificate and the Gateways' hosts would not cover it. Fix: pulumi config set --path 'apps[${i}].host' ${app.name}.${parsed.domain}`,
      });
    }
  });
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
  const apps: AppSettings[] = parsed.apps.map((app) => ({ ...app, host: app.host ?? `${app.name}.${parsed.domain}` }));
  const problems = crossFieldProblems(parsed, apps);
  if (problems.length > 0) throw new ConfigError(problems);

  const firstLabel = parsed.domain.split(".")[0];
  const config: SandboxConfig = {
    mode: parsed.mode,
    domain: parsed.domain,
    cluster: parsed.cluster,
    existing: parsed.mode === "existing" ? parsed.existing : undefined,
    metallb: {
      enabled: parsed.mode === "k3d" || parsed.existing?.loadBalancer === "metallb",
      chartVersion: parsed.metallb.chartVersion,
      namespace: parsed.metallb.namespace,
      addresses: parsed.metallb.addresses,
    },
    istio: parsed.istio,
    pki: {
      ...parsed.pki,
      subject: { ...parsed.pki.subject, organization: parsed.pki.subject.organization ?? parsed.domain },
      caCommonName: `ca.${parsed.domain}`,
    },
    ingress: { ...parsed.ingress, credentialName: parsed.ingress.credentialName ?? `${firstLabel}-credential` },
    mtls: parsed.mtls,
    apps,
  };
  return deepFreeze(config);
}
