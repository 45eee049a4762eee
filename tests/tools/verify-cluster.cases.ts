/** Checks 5 and 6 against recorded Kubernetes API objects (a fake ClusterApi), and the probe pod itself. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { Cleanup } from "../../tools/verify/cleanup";
import type { Pod } from "../../tools/verify/cluster-api";
import { labelSelector } from "../../tools/verify/cluster-api";
import {
  type Clock,
  type MeshProbeOptions,
  PROBE_SCRIPT,
  meshChecks,
  parseProbeLog,
  probeName,
  probePod,
  probeState,
} from "../../tools/verify/mesh-probe";
import { hasSidecar, judgeSidecars, sidecarChecks } from "../../tools/verify/sidecar-check";
import { FakeCluster, finishedPod, waitingPod } from "./fake-cluster";
import { app, outputs } from "./verify-fixtures";

const FIXTURES = path.resolve(__dirname, "../fixtures/tools");
const recorded = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as T;
const pods = (file: string) => recorded<{ items: Pod[] }>(file).items;

function clusterWithApp(podFile = "pods-helloworld-injected.json"): FakeCluster {
  const cluster = new FakeCluster();
  cluster.services.set("default/helloworld", recorded("service-helloworld.json"));
  cluster.podLists.set("default app=helloworld", pods(podFile));
  return cluster;
}

/** A clock that never waits: each sleep advances time instantly. */
function fakeClock(): Clock & { readonly slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

function options(progress: string[] = [], clock = fakeClock()): MeshProbeOptions {
  return { clock, timeoutMs: 60_000, pollMs: 2_000, suffix: "a1b2c3", onProgress: (m) => progress.push(m) };
}

const OUT = "verify-outside-a1b2c3/verify-out-helloworld-a1b2c3";
const IN = "default/verify-in-helloworld-a1b2c3";

describe("sidecar check", () => {
  it("passes when every pod behind the Service runs istio-proxy", async () => {
    const cluster = clusterWithApp();
    expect(await sidecarChecks(cluster, [app])).toEqual([
      {
        app: "helloworld",
        check: "sidecar injected",
        expected: "every pod has istio-proxy",
        seen: "1/1 pods with istio-proxy",
        status: "pass",
      },
    ]);
    expect(cluster.calls).toEqual(["readService default/helloworld", "listPods default app=helloworld"]);
  });
  it("accepts a native sidecar (an init container that keeps running)", () => {
    expect(judgeSidecars(app, pods("pods-helloworld-native-sidecar.json")).status).toBe("pass");
    expect(hasSidecar({ spec: { containers: [], initContainers: [{ name: "istio-proxy" }] } })).toBe(false);
  });
  it("fails on the walkthrough's 1/1 pod, ignoring terminating pods, and says what to check", () => {
    const row = judgeSidecars(app, pods("pods-helloworld-uninjected.json"));
    expect(row.status).toBe("fail");
    expect(row.seen).toBe(
      "1/1 pods without it, e.g. helloworld-7859b66cdf-v2wcc [hello-app]; is namespace default labelled istio-injection=enabled, and were the pods created after Istio's injector? (kubectl rollout restart deployment/helloworld -n default)",
    );
  });
  it("fails when no pod runs", () => {
    expect(judgeSidecars(app, []).seen).toBe("no running pods behind Service default/helloworld");
  });
  it("fails when the Service is missing or has no selector", async () => {
    const cluster = new FakeCluster();
    expect((await sidecarChecks(cluster, [app]))[0].seen).toBe("Service default/helloworld not found");
    cluster.services.set("default/helloworld", { spec: { ports: [{ port: 80 }] } });
    expect((await sidecarChecks(cluster, [app]))[0].seen).toBe("Service default/helloworld has no selector");
  });
  it("reports an API error as a failed row", async () => {
    const cluster = clusterWithApp();
    cluster.failOn = { call: "listPods", error: new Error("Forbidden") };
    expect((await sidecarChecks(cluster, [app]))[0]).toMatchObject({
      status: "fail",
      seen: "Kubernetes API error: Forbidden",
    });
  });
  it("builds the label selector from the Service's selector", () => {
    expect(labelSelector({ app: "helloworld", version: "v1" })).toBe("app=helloworld,version=v1");
  });
});

describe("probe pod", () => {
  it("is injected or not on purpose, and holds the probe until its own proxy is up", () => {
    const inside = probePod({
      name: "p",
      namespace: "default",
      url: "http://helloworld.default.svc.cluster.local:80/",
      inMesh: true,
    });
    expect(inside.metadata?.labels?.["sidecar.istio.io/inject"]).toBe("true");
    expect(inside.metadata?.annotations?.["proxy.istio.io/config"]).toBe(
      '{"holdApplicationUntilProxyStarts": true}',
    );
    expect(inside.spec?.restartPolicy).toBe("Never");
    expect(inside.spec?.containers[0].command).toEqual([
      "node",
      "-e",
      PROBE_SCRIPT,
      "http://helloworld.default.svc.cluster.local:80/",
    ]);
    const outside = probePod({ name: "p", namespace: "x", url: "u", inMesh: false });
    expect(outside.metadata?.labels?.["sidecar.istio.io/inject"]).toBe("false");
    expect(outside.metadata?.annotations).toEqual({});
    // Ambient: the namespace's enrolment puts the probe in the mesh; a sidecar would not be ambient.
    const ambient = probePod({ name: "p", namespace: "default", url: "u", inMesh: true, ambient: true });
    expect(ambient.metadata?.labels?.["sidecar.istio.io/inject"]).toBe("false");
    expect(ambient.metadata?.annotations).toEqual({});
  });
  it("has names that are DNS labels", () => {
    const name = probeName("out", "a".repeat(63), "a1b2c3");
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
  it("its script, run by node as in the pod, reports a 200 and a reset the way parseProbeLog reads them", async () => {
    const runProbe = (url: string) =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ["-e", PROBE_SCRIPT, url], (error, stdout) =>
          error ? reject(new Error(error.message)) : resolve(stdout),
        ),
      );
    const hello = http.createServer((_req, res) => res.writeHead(200).end("Hello, world!\n"));
    // What a STRICT sidecar does to plaintext: accept, then reset.
    const strict = net.createServer((socket) => socket.resetAndDestroy());
    const listen = (server: net.Server) =>
      new Promise<number>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
      );
    try {
      const [helloPort, strictPort] = [await listen(hello), await listen(strict)];
      expect(parseProbeLog(await runProbe(`http://127.0.0.1:${helloPort}/`))).toEqual({
        status: 200,
        body: "Hello, world!\n",
      });
      expect(parseProbeLog(await runProbe(`http://127.0.0.1:${strictPort}/`))).toEqual({
        error: "ECONNRESET",
      });
    } finally {
      hello.closeAllConnections();
      await Promise.all([hello, strict].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    }
  });
  it("reads its own log line", () => {
    expect(parseProbeLog('{"status":200,"body":"Hello, world!\\n"}\n')).toEqual({
      status: 200,
      body: "Hello, world!\n",
    });
    expect(parseProbeLog('npm notice\n{"error":"ECONNRESET"}\n')).toEqual({ error: "ECONNRESET" });
    expect(parseProbeLog("{not json")).toBeUndefined();
    expect(parseProbeLog("")).toBeUndefined();
  });
  it("reads the probe container's state, not the pod phase", () => {
    expect(probeState(finishedPod(0))).toEqual({ done: true, exitCode: 0 });
    expect(probeState(waitingPod("ContainerCreating"))).toEqual({
      done: false,
      progress: "ContainerCreating",
    });
    expect(probeState({ status: { phase: "Pending" } })).toEqual({ done: false, progress: "Pending" });
  });
});

describe("STRICT probes", () => {
  function scripted(outsideLog: string, insideLog: string): FakeCluster {
    const cluster = clusterWithApp();
    cluster.podStates.set(OUT, [waitingPod("ContainerCreating"), finishedPod()]);
    cluster.podStates.set(IN, [waitingPod("PodInitializing"), waitingPod("PodInitializing"), finishedPod()]);
    cluster.logs.set(OUT, outsideLog);
    cluster.logs.set(IN, insideLog);
    return cluster;
  }

  it("outside refused, inside 200: both pass, with progress shown, and everything is removed", async () => {
    const cluster = scripted(
      '{"error":"ECONNRESET"}',
      '{"status":200,"body":"Hello, world!\\nVersion: 1.0.0\\n"}',
    );
    const progress: string[] = [];
    const rows = await meshChecks(cluster, outputs(), new Cleanup(), options(progress));
    expect(rows).toEqual([
      {
        app: "helloworld",
        check: "STRICT: pod outside mesh",
        expected: "refused (connection reset)",
        seen: "connection failed: ECONNRESET",
        status: "pass",
      },
      {
        app: "helloworld",
        check: "STRICT: pod inside mesh",
        expected: '200 "Hello, world!"',
        seen: '200 "Hello, world!"',
        status: "pass",
      },
    ]);
    expect(progress).toEqual([
      "waiting for probe pod verify-outside-a1b2c3/verify-out-helloworld-a1b2c3: ContainerCreating (0s of 60s)",
      "waiting for probe pod default/verify-in-helloworld-a1b2c3: PodInitializing (2s of 60s)",
    ]);
    expect(cluster.calls.filter((c) => /^(create|delete)/.test(c))).toEqual([
      'createNamespace verify-outside-a1b2c3 {"app.kubernetes.io/managed-by":"istio-sandbox-verify","istio-injection":"disabled"}',
      "createPod verify-outside-a1b2c3/verify-out-helloworld-a1b2c3",
      "createPod default/verify-in-helloworld-a1b2c3",
      "deletePod default/verify-in-helloworld-a1b2c3",
      "deleteNamespace verify-outside-a1b2c3",
    ]);
    expect(cluster.created[0].spec?.containers[0].command?.[3]).toBe(
      "http://helloworld.default.svc.cluster.local:80/",
    );
  });

  it("outside gets 200 (STRICT not enforced): fails", async () => {
    const cluster = scripted(
      '{"status":200,"body":"Hello, world!"}',
      '{"status":200,"body":"Hello, world!"}',
    );
    const rows = await meshChecks(cluster, outputs(), new Cleanup(), options());
    expect(rows[0]).toMatchObject({ status: "fail", seen: '200 "Hello, world!"' });
  });

  it("outside fails for another reason (DNS) is not the mTLS refusal: fails", async () => {
    const cluster = scripted('{"error":"ENOTFOUND"}', '{"status":200,"body":"Hello, world!"}');
    const rows = await meshChecks(cluster, outputs(), new Cleanup(), options());
    expect(rows[0]).toMatchObject({ status: "fail", seen: "connection failed: ENOTFOUND" });
  });

  it("inside refused too (a sidecar missing or not ready): fails", async () => {
    const cluster = scripted('{"error":"ECONNRESET"}', '{"error":"ECONNRESET"}');
    const rows = await meshChecks(cluster, outputs(), new Cleanup(), options());
    expect(rows[1]).toMatchObject({ status: "fail", seen: "connection failed: ECONNRESET" });
  });

  it("a probe that never finishes times out (bounded), reports its last state, and is still removed", async () => {
    const cluster = clusterWithApp();
    cluster.podStates.set(OUT, [waitingPod("ImagePullBackOff")]);
    cluster.podStates.set(IN, [finishedPod()]);
    cluster.logs.set(IN, '{"status":200,"body":"Hello, world!"}');
    const clock = fakeClock();
    const progress: string[] = [];
    const rows = await meshChecks(cluster, outputs(), new Cleanup(), options(progress, clock));
    expect(rows[0]).toMatchObject({
      status: "fail",
      seen: "no result: probe pod still ImagePullBackOff at the timeout",
    });
    expect(clock.now()).toBe(60_000);
    expect(progress).toContain(
      "waiting for probe pod verify-outside-a1b2c3/verify-out-helloworld-a1b2c3: ImagePullBackOff (10s of 60s)",
    );
    expect(cluster.calls).toContain("deleteNamespace verify-outside-a1b2c3");
  });

  it("an API failure while creating the probe is reported, and what was registered is removed", async () => {
    const cluster = clusterWithApp();
    cluster.failOn = { call: "createPod default/", error: new Error('pods "verify-in" is forbidden') };
    const rows = await meshChecks(cluster, outputs(), new Cleanup(), options());
    expect(rows.map((r) => [r.check, r.status, r.seen])).toEqual([
      ["STRICT: pod outside mesh", "fail", 'could not run the probe: pods "verify-in" is forbidden'],
      ["STRICT: pod inside mesh", "fail", 'could not run the probe: pods "verify-in" is forbidden'],
    ]);
    expect(cluster.calls.slice(-2)).toEqual([
      "deletePod default/verify-in-helloworld-a1b2c3",
      "deleteNamespace verify-outside-a1b2c3",
    ]);
  });

  it("a namespace that cannot be created is one failed row", async () => {
    const cluster = clusterWithApp();
    cluster.failOn = { call: "createNamespace", error: new Error("namespaces is forbidden") };
    const rows = await meshChecks(cluster, outputs(), new Cleanup(), options());
    expect(rows).toEqual([
      {
        app: "-",
        check: "STRICT mTLS probes",
        expected: "temporary namespace verify-outside-a1b2c3 created",
        seen: "Kubernetes API error: namespaces is forbidden",
        status: "fail",
      },
    ]);
  });

  it("a failed cleanup is a failed row, so a leftover is never silent", async () => {
    const cluster = scripted('{"error":"ECONNRESET"}', '{"status":200,"body":"Hello, world!"}');
    const original = cluster.deleteNamespace.bind(cluster);
    cluster.deleteNamespace = (name) => original(name).then(() => Promise.reject(new Error("timeout")));
    const rows = await meshChecks(cluster, outputs(), new Cleanup(), options());
    expect(rows[rows.length - 1]).toEqual({
      app: "-",
      check: "cleanup",
      expected: "temporary objects removed",
      seen: "namespace verify-outside-a1b2c3: timeout",
      status: "fail",
    });
  });

  it("Ctrl-C while waiting: the handler's cleanup removes the pods at once, and the run does not repeat it", async () => {
    const cluster = clusterWithApp();
    let release: (pod: Pod) => void = () => undefined;
    const held = new Promise<Pod>((resolve) => {
      release = resolve;
    });
    let reachedWait: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      reachedWait = resolve;
    });
    cluster.podStates.set(OUT, [held]);
    cluster.podStates.set(IN, [finishedPod()]);
    cluster.logs.set(IN, '{"status":200,"body":"Hello, world!"}');
    const originalReadPod = cluster.readPod.bind(cluster);
    cluster.readPod = (ns, name) => {
      if (`${ns}/${name}` === OUT) reachedWait();
      return originalReadPod(ns, name);
    };
    const cleanup = new Cleanup();
    const run = meshChecks(cluster, outputs(), cleanup, options());
    await waiting;
    // What the SIGINT handler does:
    expect(await cleanup.run()).toEqual([]);
    const deletions = () => cluster.calls.filter((c) => c.startsWith("delete"));
    expect(deletions()).toEqual([
      "deletePod default/verify-in-helloworld-a1b2c3",
      "deleteNamespace verify-outside-a1b2c3",
    ]);
    release(finishedPod());
    await run;
    expect(deletions()).toHaveLength(2);
  });

  it("under PERMISSIVE the probes are skipped, and nothing is created", async () => {
    const cluster = clusterWithApp();
    const rows = await meshChecks(cluster, outputs({ mtlsMode: "PERMISSIVE" }), new Cleanup(), options());
    expect(rows).toEqual([
      {
        app: "-",
        check: "STRICT mTLS probes",
        expected: "only under STRICT",
        seen: "mtlsMode is PERMISSIVE",
        status: "skip",
      },
    ]);
    expect(cluster.calls).toEqual([]);
  });
});

describe("Cleanup", () => {
  it("runs actions once, newest first, and collects failures", async () => {
    const order: string[] = [];
    const cleanup = new Cleanup();
    cleanup.add("a", () => {
      order.push("a");
      return Promise.resolve();
    });
    cleanup.add("b", () => Promise.reject(new Error("boom")));
    cleanup.add("c", () => {
      order.push("c");
      return Promise.resolve();
    });
    const [first, second] = await Promise.all([cleanup.run(), cleanup.run()]);
    expect(first).toEqual(["b: boom"]);
    expect(second).toBe(first);
    expect(order).toEqual(["c", "a"]);
  });
});
