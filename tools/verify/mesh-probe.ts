/**
 * Check 6, the walkthrough's `kubectl run curltest` under STRICT mTLS: a temporary pod outside the
 * mesh must be refused by the app's sidecar, and a temporary pod inside the mesh must get 200.
 * Every object created is registered with Cleanup before it is created, so it is removed on success,
 * failure and Ctrl-C alike.
 */
import type { AppEndpoint, StackOutputs } from "../../components/outputs/contract";
import type { Cleanup } from "./cleanup";
import type { ClusterApi, Pod } from "./cluster-api";
import { GREETING } from "./gateway-checks";
import type { CheckRow } from "./types";

/**
 * The probe runs Node's own http client, like verify itself. A tool constant rather than a stack
 * default: it is never deployed, only pulled for the seconds a probe runs.
 */
export const PROBE_IMAGE = "node:22-alpine";
export const PROBE_CONTAINER = "probe";
export const MANAGED_BY = { "app.kubernetes.io/managed-by": "istio-sandbox-verify" } as const;

/** Prints one JSON line: `{"status":200,"body":"..."}` or `{"error":"ECONNRESET"}`; always exits 0. */
export const PROBE_SCRIPT = [
  "const u = process.argv[1];",
  "const done = (r) => { console.log(JSON.stringify(r)); process.exit(0); };",
  'const q = require("http").get(u, { timeout: 10000 }, (res) => {',
  '  let b = ""; res.setEncoding("utf8");',
  '  res.on("data", (d) => { b += d; });',
  '  res.on("end", () => done({ status: res.statusCode, body: b.slice(0, 200) }));',
  "});",
  'q.on("timeout", () => q.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));',
  'q.on("error", (e) => done({ error: e.code || e.message }));',
].join("\n");

/** Errors that mean "the server side closed a plaintext connection", which is how STRICT refuses it. */
export const REFUSAL_CODES: readonly string[] = ["ECONNRESET", "EPIPE"];

export interface ProbeSpec {
  readonly name: string;
  readonly namespace: string;
  readonly url: string;
  readonly inMesh: boolean;
  /**
   * Ambient mode: the namespace's ztunnel enrolment puts the inside probe in the mesh, so it asks for
   * no sidecar (a sidecar would make it a sidecar client instead).
   */
  readonly ambient?: boolean;
}

export function probePod(spec: ProbeSpec): Pod {
  const sidecar = spec.inMesh && spec.ambient !== true;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      labels: { ...MANAGED_BY, "sidecar.istio.io/inject": sidecar ? "true" : "false" },
      // Without this the probe may start before its own proxy and fail for the wrong reason.
      // https://github.com/istio/istio/issues/11130
      annotations: sidecar ? { "proxy.istio.io/config": '{"holdApplicationUntilProxyStarts": true}' } : {},
    },
    spec: {
      restartPolicy: "Never",
      activeDeadlineSeconds: 600,
      containers: [
        { name: PROBE_CONTAINER, image: PROBE_IMAGE, command: ["node", "-e", PROBE_SCRIPT, spec.url] },
      ],
    },
  };
}

export type ProbeResult = { readonly status: number; readonly body: string } | { readonly error: string };

export function parseProbeLog(log: string): ProbeResult | undefined {
  const line = log
    .split("\n")
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) return undefined;
  try {
    const value = JSON.parse(line) as { status?: unknown; body?: unknown; error?: unknown };
    if (typeof value.status === "number")
      return { status: value.status, body: typeof value.body === "string" ? value.body : "" };
    if (typeof value.error === "string") return { error: value.error };
  } catch {
    // Not our line; fall through.
  }
  return undefined;
}

export type ProbeState =
  { readonly done: false; readonly progress: string } | { readonly done: true; readonly exitCode: number };

/**
 * Reads the probe container's own status rather than the pod phase: with a classic sidecar the pod
 * keeps running after the probe exits.
 */
export function probeState(pod: Pod): ProbeState {
  const status = pod.status?.containerStatuses?.find((c) => c.name === PROBE_CONTAINER);
  const terminated = status?.state?.terminated;
  if (terminated) return { done: true, exitCode: terminated.exitCode };
  const waiting = status?.state?.waiting?.reason;
  if (waiting) return { done: false, progress: waiting };
  if (status?.state?.running) return { done: false, progress: "Running" };
  return { done: false, progress: pod.status?.reason ?? pod.status?.phase ?? "Pending" };
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface MeshProbeOptions {
  readonly clock: Clock;
  /** Per probe pod; image pulls on a fresh cluster take a while. */
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly suffix: string;
  readonly onProgress: (message: string) => void;
  /** The stack's data plane; ambient probes ask for no sidecar. */
  readonly dataplaneMode?: "sidecar" | "ambient";
}

type Waited = { readonly log: string } | { readonly timedOut: string };

export async function waitForProbe(
  api: ClusterApi,
  namespace: string,
  name: string,
  options: MeshProbeOptions,
): Promise<Waited> {
  const started = options.clock.now();
  let last = "";
  let lastReport = started;
  for (;;) {
    const state = probeState(await api.readPod(namespace, name));
    if (state.done) return { log: await api.readPodLog(namespace, name, PROBE_CONTAINER) };
    const elapsed = options.clock.now() - started;
    if (elapsed >= options.timeoutMs) return { timedOut: state.progress };
    if (state.progress !== last || options.clock.now() - lastReport >= 10_000) {
      options.onProgress(
        `waiting for probe pod ${namespace}/${name}: ${state.progress} (${Math.round(elapsed / 1000)}s of ${Math.round(options.timeoutMs / 1000)}s)`,
      );
      last = state.progress;
      lastReport = options.clock.now();
    }
    await options.clock.sleep(options.pollMs);
  }
}

function describeProbe(result: ProbeResult | undefined, waited: Waited): string {
  if ("timedOut" in waited) return `no result: probe pod still ${waited.timedOut} at the timeout`;
  if (!result) return `unreadable probe output: ${waited.log.trim().slice(0, 80) || "(empty)"}`;
  if ("error" in result) return `connection failed: ${result.error}`;
  return `${result.status} "${result.body.split("\n")[0].trim().slice(0, 40)}"`;
}

export function judgeOutside(app: AppEndpoint, waited: Waited): CheckRow {
  const result = "log" in waited ? parseProbeLog(waited.log) : undefined;
  const refused = result !== undefined && "error" in result && REFUSAL_CODES.includes(result.error);
  return {
    app: app.name,
    check: "STRICT: pod outside mesh",
    expected: "refused (connection reset)",
    seen: describeProbe(result, waited),
    status: refused ? "pass" : "fail",
  };
}

export function judgeInside(app: AppEndpoint, waited: Waited): CheckRow {
  const result = "log" in waited ? parseProbeLog(waited.log) : undefined;
  const ok =
    result !== undefined && "status" in result && result.status === 200 && result.body.includes(GREETING);
  return {
    app: app.name,
    check: "STRICT: pod inside mesh",
    expected: `200 "${GREETING}"`,
    seen: describeProbe(result, waited),
    status: ok ? "pass" : "fail",
  };
}

/** Pod names are DNS labels of at most 63 characters. */
export function probeName(kind: "out" | "in", app: string, suffix: string): string {
  return `verify-${kind}-${app.slice(0, 40)}-${suffix}`.replace(/-+$/, "");
}

async function probeApp(
  api: ClusterApi,
  app: AppEndpoint,
  outsideNamespace: string,
  cleanup: Cleanup,
  options: MeshProbeOptions,
): Promise<CheckRow[]> {
  const service = await api.readService(app.namespace, app.name);
  const port = service?.spec?.ports?.[0]?.port;
  if (port === undefined) throw new Error(`Service ${app.namespace}/${app.name} not found or has no port`);
  const url = `http://${app.name}.${app.namespace}.svc.cluster.local:${port}/`;
  const outside = probeName("out", app.name, options.suffix);
  const inside = probeName("in", app.name, options.suffix);
  cleanup.add(`pod ${app.namespace}/${inside}`, () => api.deletePod(app.namespace, inside));
  await api.createPod(
    outsideNamespace,
    probePod({ name: outside, namespace: outsideNamespace, url, inMesh: false }),
  );
  const ambient = options.dataplaneMode === "ambient";
  await api.createPod(
    app.namespace,
    probePod({ name: inside, namespace: app.namespace, url, inMesh: true, ambient }),
  );
  const [outsideWaited, insideWaited] = await Promise.all([
    waitForProbe(api, outsideNamespace, outside, options),
    waitForProbe(api, app.namespace, inside, options),
  ]);
  return [judgeOutside(app, outsideWaited), judgeInside(app, insideWaited)];
}

export async function meshChecks(
  api: ClusterApi,
  outputs: StackOutputs,
  cleanup: Cleanup,
  options: MeshProbeOptions,
): Promise<CheckRow[]> {
  if (outputs.mtlsMode !== "STRICT") {
    return [
      {
        app: "-",
        check: "STRICT mTLS probes",
        expected: "only under STRICT",
        seen: `mtlsMode is ${outputs.mtlsMode}`,
        status: "skip",
      },
    ];
  }
  const outsideNamespace = `verify-outside-${options.suffix}`;
  const rows: CheckRow[] = [];
  try {
    cleanup.add(`namespace ${outsideNamespace}`, () => api.deleteNamespace(outsideNamespace));
    await api.createNamespace(outsideNamespace, { ...MANAGED_BY, "istio-injection": "disabled" });
    for (const app of outputs.apps) {
      try {
        rows.push(...(await probeApp(api, app, outsideNamespace, cleanup, options)));
      } catch (error) {
        const seen = `could not run the probe: ${(error as Error).message}`;
        rows.push(
          {
            app: app.name,
            check: "STRICT: pod outside mesh",
            expected: "refused (connection reset)",
            seen,
            status: "fail",
          },
          {
            app: app.name,
            check: "STRICT: pod inside mesh",
            expected: `200 "${GREETING}"`,
            seen,
            status: "fail",
          },
        );
      }
    }
  } catch (error) {
    rows.push({
      app: "-",
      check: "STRICT mTLS probes",
      expected: `temporary namespace ${outsideNamespace} created`,
      seen: `Kubernetes API error: ${(error as Error).message}`,
      status: "fail",
    });
  } finally {
    const failures = await cleanup.run();
    for (const failure of failures) {
      rows.push({
        app: "-",
        check: "cleanup",
        expected: "temporary objects removed",
        seen: failure,
        status: "fail",
      });
    }
  }
  return rows;
}
