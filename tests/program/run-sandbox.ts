/** Runs the whole program (index.ts) under mocks with a given stack config. */
import * as fs from "node:fs";
import * as path from "node:path";
import istioSandbox from "../../index";
import {
  type MockStack,
  type NewResourceInfo,
  type RunOptions,
  runUnderMocks,
  startUnderMocks,
} from "../harness/mock-program";
import { emptyCacheDir } from "../harness/source-server";

export const FAKE_KUBECONFIG =
  "apiVersion: v1\nkind: Config\ncurrent-context: k3d-istio-sandbox\nclusters: []\ncontexts: []\n";
export const FAKE_SUBNET = "172.18.0.0/16";
export const FAKE_GATEWAY_ADDRESS = "172.18.255.200";

const FIXTURES = path.join(__dirname, "../fixtures");

/** The program reads kiali.yaml itself (to configure Kiali); tests serve it a stand-in, never the network. */
export const KIALI_FIXTURE = fs.readFileSync(path.join(FIXTURES, "addons/kiali.yaml"), "utf8");

/**
 * The remote sources the program downloads into its cache (each add-on manifest, the Gateway API
 * CRDs), served from stand-ins; anything else answers 404.
 */
export function servedSource(url: string): string | undefined {
  const file = /\/samples\/addons\/(prometheus|grafana|kiali|jaeger)\.yaml$/.exec(url)?.[1];
  if (file !== undefined) return fs.readFileSync(path.join(FIXTURES, `addons/${file}.yaml`), "utf8");
  if (url.endsWith("/standard-install.yaml")) {
    return fs.readFileSync(path.join(FIXTURES, "gateway-api/standard-install.yaml"), "utf8");
  }
  return undefined;
}
// Requests to the loopback address (the tests' own servers) still go out.
const loopbackFetch = globalThis.fetch;
globalThis.fetch = (url: string | URL | Request, init?: RequestInit) => {
  const target = String(url instanceof Request ? url.url : url);
  if (/^https?:\/\/127\.0\.0\.1[:/]/.test(target)) return loopbackFetch(url, init);
  const body = servedSource(target);
  return Promise.resolve(
    body === undefined ? new Response("not served in tests", { status: 404 }) : new Response(body),
  );
};

// The program keeps what it downloads in the user's cache; runs here keep it in a directory of their own.
const cache = emptyCacheDir();
process.env.XDG_CACHE_HOME = cache.dir;
afterAll(() => cache.remove());

/** What the cluster's commands would print on a real run. */
export function sandboxState({ type, name }: NewResourceInfo): Record<string, unknown> | undefined {
  if (type !== "command:local:Command") return undefined;
  if (name.endsWith("-k3d")) return { stdout: FAKE_KUBECONFIG };
  if (name.endsWith("-network")) return { stdout: `${FAKE_SUBNET}\n` };
  if (name.includes("address")) return { stdout: `${FAKE_GATEWAY_ADDRESS}\n` };
  return { stdout: "" };
}

export type SandboxOutputs = Awaited<ReturnType<typeof istioSandbox>>;

/** Runs of the program without special options, by config, so a test file declares each stack once. */
const declared = new Map<string, Promise<{ stack: MockStack; outputs: SandboxOutputs }>>();

/**
 * Declares the whole program for `config`. Without options the result is shared by the tests of one
 * file that ask for the same config (they only read it); with options (a hold, extra state) it is fresh.
 */
export function runSandbox(
  config: Record<string, unknown>,
  options: Omit<RunOptions, "config"> = {},
): Promise<{ stack: MockStack; outputs: SandboxOutputs }> {
  const fresh = async () => {
    const { stack, result } = await runUnderMocks(istioSandbox, { state: sandboxState, ...options, config });
    return { stack, outputs: await result };
  };
  if (Object.keys(options).length > 0) return fresh();
  const key = JSON.stringify(config);
  const known = declared.get(key);
  if (known) return known;
  const run = fresh();
  declared.set(key, run);
  return run;
}

/** Starts the program and returns at once, for tests that hold a resource and watch what waits. */
export function startSandbox(config: Record<string, unknown>, options: Omit<RunOptions, "config"> = {}) {
  return startUnderMocks(istioSandbox, { state: sandboxState, ...options, config });
}
