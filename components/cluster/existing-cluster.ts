import * as fs from "node:fs";
import * as os from "node:os";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parse, stringify } from "yaml";
import type { ExistingSettings } from "../config";
import { expandHome, looksLikeContent } from "./kubeconfig-source";
import type { ClusterTarget, SandboxCluster } from "./types";

export interface ExistingClusterArgs {
  /** The kubeconfig (path or contents), context and load-balancer choice from config. */
  readonly settings: ExistingSettings;
}

/** Reads a kubeconfig given as a path (`~` allowed) or as contents; throws naming the config key. */
export function readKubeconfig(
  value: string,
  readFile: (p: string) => string = (p) => fs.readFileSync(p, "utf8"),
): string {
  if (looksLikeContent(value)) return value;
  const file = expandHome(value.trim(), os.homedir());
  try {
    return readFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `istio-sandbox:kubeconfig: cannot read the kubeconfig file "${file}" (${reason}). Fix: pulumi config set kubeconfig <path to a readable kubeconfig>, or store its contents with pulumi config set --secret kubeconfig "$(cat <path>)"`,
    );
  }
}

interface KubeconfigShape {
  readonly "current-context"?: string;
  readonly contexts?: readonly { readonly name?: string; readonly context?: { readonly cluster?: string } }[];
}

/** The cluster name that the chosen context points at; throws naming the config key on a bad kubeconfig. */
export function clusterOfContext(kubeconfig: string, context?: string): string {
  let doc: KubeconfigShape | undefined;
  try {
    doc = parse(kubeconfig) as KubeconfigShape | undefined;
  } catch {
    doc = undefined;
  }
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.contexts)) {
    throw new Error(
      "istio-sandbox:kubeconfig: is not a kubeconfig (no contexts list). Fix: point it at the file your cluster's kubectl uses, e.g. pulumi config set kubeconfig ~/.kube/config",
    );
  }
  const contexts: KubeconfigShape["contexts"] & object = doc.contexts;
  const wanted = context ?? doc["current-context"];
  const names = contexts.map((c) => c.name).filter((n): n is string => typeof n === "string");
  const found = contexts.find((c) => c.name === wanted);
  if (!wanted || !found?.context?.cluster) {
    throw new Error(
      `istio-sandbox:kubeContext: context "${wanted ?? "(none: the kubeconfig has no current-context)"}" is not in the kubeconfig; it has ${names.map((n) => `"${n}"`).join(", ") || "no contexts"}. Fix: pulumi config set kubeContext <one of those>`,
    );
  }
  return found.context.cluster;
}

interface NamedEntry {
  readonly name?: unknown;
}

/**
 * An API server URL as the stack records it: without user info, query or fragment, so that nothing
 * that could be a credential lands in a stack output.
 */
export function serverIdentity(server: string): string {
  if (server.includes("://")) {
    try {
      const url = new URL(server);
      return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
    } catch {
      // not a URL after all: handled as a bare address below
    }
  }
  // client-go also takes a bare host:port; keep it, minus anything before an "@" and after a "?".
  return server.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, "$1").replace(/[?#].*$/, "");
}

/** The context the stack works in (the given one, else the current-context) and its cluster's API server. */
export function clusterTarget(kubeconfig: string, context?: string): ClusterTarget {
  const clusterName = clusterOfContext(kubeconfig, context);
  const doc = parse(kubeconfig) as { "current-context"?: string; clusters?: unknown };
  const clusters = Array.isArray(doc.clusters)
    ? (doc.clusters as { name?: unknown; cluster?: { server?: unknown } }[])
    : [];
  const server = clusters.find((c) => c.name === clusterName)?.cluster?.server;
  // clusterOfContext has found the context, so a current-context exists when none was given.
  const name = context ?? doc["current-context"] ?? "";
  if (typeof server !== "string" || server === "") {
    throw new Error(
      `istio-sandbox:kubeconfig: context "${name}" names the cluster "${clusterName}", which has no server in the kubeconfig's clusters. Fix: point kubeconfig at the file your cluster's kubectl uses, or pulumi config set kubeContext <a context whose cluster has a server>`,
    );
  }
  return { context: name, server: serverIdentity(server) };
}

/** The target of an existing-mode stack, read from its configured kubeconfig. */
export function existingClusterTarget(settings: ExistingSettings): ClusterTarget {
  return clusterTarget(readKubeconfig(settings.kubeconfig), settings.context);
}

/**
 * The kubeconfig cut down to the one context the stack uses, with its cluster and user and nothing
 * else: this is what state holds (as a secret), so the user's other clusters never land there.
 */
export function selectedKubeconfig(kubeconfig: string, context?: string): string {
  const doc = parse(kubeconfig) as Record<string, unknown>;
  const list = (key: string): Record<string, unknown>[] =>
    Array.isArray(doc[key]) ? (doc[key] as Record<string, unknown>[]) : [];
  const name = context ?? (doc["current-context"] as string);
  clusterOfContext(kubeconfig, context);
  const chosen = list("contexts").find((c: NamedEntry) => c.name === name) as {
    context: { cluster?: string; user?: string };
  };
  const pick = (key: string, wanted: unknown) => list(key).filter((e: NamedEntry) => e.name === wanted);
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: pick("clusters", chosen.context.cluster),
    users: pick("users", chosen.context.user),
    contexts: [chosen],
    "current-context": name,
  });
}

/**
 * A cluster that already exists, reached through a kubeconfig. Nothing is created here: no k3d, and
 * MetalLB only if config asks for it. Resources in it are deleted one by one on destroy.
 */
export class ExistingCluster extends pulumi.ComponentResource implements SandboxCluster {
  readonly mode = "existing" as const;
  readonly clusterName: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly context?: string;
  readonly target: ClusterTarget;
  readonly provider: k8s.Provider;
  readonly dockerSubnet = undefined;
  readonly deletedWith = undefined;

  constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:cluster:ExistingCluster", name, {}, opts);

    const contents = readKubeconfig(args.settings.kubeconfig);
    this.context = args.settings.context;
    this.target = clusterTarget(contents, args.settings.context);
    this.clusterName = pulumi.output(clusterOfContext(contents, args.settings.context));
    this.kubeconfig = pulumi.secret(selectedKubeconfig(contents, args.settings.context));
    this.provider = new k8s.Provider(
      `${name}-provider`,
      { kubeconfig: this.kubeconfig, context: args.settings.context, enableServerSideApply: true },
      { parent: this },
    );

    // No kubeconfig among the outputs: the user already has it.
    this.registerOutputs({ clusterName: this.clusterName });
  }
}
