import { once } from "node:events";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cacertsFiles,
  istiodCommand,
  IstiodRunner,
  ISTIOD_SELECTOR,
  meshConfigMapName,
  podRevision,
  type IstiodPod,
} from "../../tools/e2e/lane/istiod";
import { Processes } from "../../tools/e2e/lane/processes";
import { tempDir } from "./harness/temp-dirs";

/** istiod's pod as the istio-discovery chart renders it (templates/deployment.yaml). */
const pod: IstiodPod = {
  metadata: { name: "istiod-5c9d8f7b6-q2w3e", namespace: "istio-system" },
  spec: {
    serviceAccountName: "istiod",
    containers: [
      {
        name: "discovery",
        args: [
          "discovery",
          "--monitoringAddr=:15014",
          "--log_output_level=default:info",
          "--log_as_json",
          "--domain",
          "cluster.local",
          "--keepaliveMaxServerConnectionAge",
          "30m",
        ],
        env: [
          { name: "REVISION", value: "default" },
          { name: "PILOT_CERT_PROVIDER", value: "istiod" },
          { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
          { name: "SERVICE_ACCOUNT", valueFrom: { fieldRef: { fieldPath: "spec.serviceAccountName" } } },
          { name: "KUBECONFIG", value: "/var/run/secrets/remote/config" },
          { name: "PILOT_ENABLE_ANALYSIS", value: "false" },
        ],
      },
    ],
  },
};

const ports = { http: 41000, https: 41001, grpc: 41002, secureGrpc: 41003, monitoring: 41004, ctrlz: 41005 };

describe("istiod as a local process", () => {
  const command = istiodCommand(pod, "/run/kubeconfig.yaml", ports);

  test("the pod's own arguments, the cluster's kubeconfig, and every port on loopback, free here", () => {
    expect(command.args).toEqual([
      "discovery",
      "--log_output_level=default:info",
      "--domain",
      "cluster.local",
      "--keepaliveMaxServerConnectionAge",
      "30m",
      "--kubeconfig=/run/kubeconfig.yaml",
      "--httpAddr=127.0.0.1:41000",
      "--httpsAddr=127.0.0.1:41001",
      "--grpcAddr=127.0.0.1:41002",
      "--secureGRPCAddr=127.0.0.1:41003",
      "--monitoringAddr=127.0.0.1:41004",
      "--ctrlz_port=41005",
      "--ctrlz_address=127.0.0.1",
    ]);
  });

  test("a pod-only flag given as `--flag value` goes with its value", () => {
    const spaced: IstiodPod = {
      ...pod,
      spec: {
        containers: [{ name: "discovery", args: ["discovery", "--httpsAddr", ":15017", "--domain", "x"] }],
      },
    };
    expect(istiodCommand(spaced, "/k", ports).args.slice(0, 3)).toEqual(["discovery", "--domain", "x"]);
  });

  test("the pod's environment, field references resolved; KUBECONFIG the simulated cluster's; no webhook probing", () => {
    expect(command.env).toEqual({
      REVISION: "default",
      PILOT_CERT_PROVIDER: "istiod",
      POD_NAME: "istiod-5c9d8f7b6-q2w3e",
      POD_NAMESPACE: "istio-system",
      SERVICE_ACCOUNT: "istiod",
      KUBECONFIG: "/run/kubeconfig.yaml",
      PILOT_ENABLE_ANALYSIS: "false",
      VALIDATION_WEBHOOK_CONFIG_NAME: "",
    });
  });

  test("the mesh config ConfigMap of a revision, as istiod names it", () => {
    expect(podRevision(pod)).toBe("default");
    expect(meshConfigMapName("default")).toBe("istio");
    expect(meshConfigMapName("")).toBe("istio");
    expect(meshConfigMapName("canary")).toBe("istio-canary");
    expect(ISTIOD_SELECTOR).toBe("app=istiod");
  });

  test("cacerts: the Secret's keys become the files istiod reads, decoded; nothing without the Secret", () => {
    const files = cacertsFiles({
      data: {
        "ca-cert.pem": Buffer.from("CA").toString("base64"),
        "root-cert.pem": Buffer.from("ROOT").toString("base64"),
        "../escape": Buffer.from("no").toString("base64"),
      },
    });
    expect(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.toString()]))).toEqual({
      "ca-cert.pem": "CA",
      "root-cert.pem": "ROOT",
    });
    expect(cacertsFiles(undefined)).toEqual({});
  });
});

describe("the istiod runner, against a stand-in kubectl and pilot-discovery", () => {
  /**
   * kubectl answers from files in $FAKE_CLUSTER: pods.json (no pods once `gone` exists), configmap-NAME
   * (exists or not), cacerts.json. pilot-discovery records its working directory, arguments, environment
   * and the cacerts it sees in record-<REVISION>, then exits, or waits for its signal when
   * $FAKE_ISTIOD_WAIT is set.
   */
  function standIns(awaitCacerts = false) {
    const dir = tempDir("istiod-runner-");
    const cluster = path.join(dir, "cluster");
    fs.mkdirSync(cluster);
    const kubectl = path.join(dir, "kubectl");
    fs.writeFileSync(
      kubectl,
      `#!/bin/sh
c="$FAKE_CLUSTER"
case "$1 $2" in
  "get pods") [ -e "$c/gone" ] && echo '{"items":[]}' || cat "$c/pods.json" ;;
  "get configmap") [ -e "$c/configmap-$3" ] && echo "configmap/$3" || { echo "NotFound" >&2; exit 1; } ;;
  "get secret") [ -e "$c/cacerts.json" ] && cat "$c/cacerts.json" || { echo "NotFound" >&2; exit 1; } ;;
  *) exit 64 ;;
esac
`,
      { mode: 0o755 },
    );
    const binary = path.join(dir, "pilot-discovery");
    fs.writeFileSync(
      binary,
      `#!/bin/sh
{ pwd; echo "$@"; echo "POD_NAME=$POD_NAME KUBECONFIG=$KUBECONFIG"; cat etc/cacerts/root-cert.pem 2>/dev/null; echo; } > "$FAKE_CLUSTER/record-$REVISION"
echo "pilot-discovery says hello"
[ -n "\${FAKE_ISTIOD_WAIT:-}" ] && exec sleep 30
exit 0
`,
      { mode: 0o755 },
    );
    const kubeconfig = path.join(dir, "kubeconfig.yaml");
    fs.writeFileSync(kubeconfig, "apiVersion: v1\nkind: Config\n");
    fs.writeFileSync(path.join(cluster, "pods.json"), JSON.stringify({ items: [pod] }));
    const workdir = path.join(dir, "work");
    fs.mkdirSync(workdir);
    const logFile = path.join(dir, "istiod.log");
    const runner = new IstiodRunner({
      processes: new Processes(),
      binary,
      kubectl,
      namespace: "istio-system",
      kubeconfig: () => kubeconfig,
      workdir,
      logFile,
      intervalMs: 60_000,
      awaitCacerts,
    });
    return { dir, cluster, runner, kubeconfig, workdir, logFile };
  }

  const saved = { cluster: process.env.FAKE_CLUSTER, wait: process.env.FAKE_ISTIOD_WAIT };
  afterEach(() => {
    for (const [key, value] of [
      ["FAKE_CLUSTER", saved.cluster],
      ["FAKE_ISTIOD_WAIT", saved.wait],
    ] as const)
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  });

  test("waits for Istio's mesh config ConfigMap before it starts anything", async () => {
    const { cluster, runner } = standIns();
    process.env.FAKE_CLUSTER = cluster;
    await runner.tick();
    expect(runner.children).toEqual([]);
    expect(runner.starts).toBe(0);
  });

  test("starts pilot-discovery for the pod, in its own directory, with the cluster's cacerts in place", async () => {
    const { cluster, runner, kubeconfig, workdir, logFile } = standIns();
    process.env.FAKE_CLUSTER = cluster;
    fs.writeFileSync(path.join(cluster, "configmap-istio"), "");
    fs.writeFileSync(
      path.join(cluster, "cacerts.json"),
      JSON.stringify({ data: { "root-cert.pem": Buffer.from("THE ROOT").toString("base64") } }),
    );
    await runner.tick();
    expect(runner.starts).toBe(1);
    expect(runner.running.map((r) => r.pod)).toEqual(["istiod-5c9d8f7b6-q2w3e"]);
    await once(runner.children[0], "close");
    const [cwd, args, env, root] = fs.readFileSync(path.join(cluster, "record-default"), "utf8").split("\n");
    expect(fs.realpathSync(cwd)).toBe(fs.realpathSync(path.join(workdir, "default")));
    expect(args).toContain(`--kubeconfig=${kubeconfig}`);
    expect(args).toMatch(/--httpsAddr=127\.0\.0\.1:\d+/);
    expect(env).toBe(`POD_NAME=istiod-5c9d8f7b6-q2w3e KUBECONFIG=${kubeconfig}`);
    expect(root).toBe("THE ROOT");
    const log = fs.readFileSync(logFile, "utf8");
    expect(log).toContain(
      "--- starting pilot-discovery for pod istiod-5c9d8f7b6-q2w3e (revision default, cacerts: root-cert.pem)",
    );
    expect(log).toContain("pilot-discovery says hello");
    expect(log).toContain("--- pilot-discovery for pod istiod-5c9d8f7b6-q2w3e exited (0)");
    runner.stop();
  });

  test("where the program plugs in a CA, starts only once its cacerts Secret exists, as the pod would", async () => {
    const { cluster, runner } = standIns(true);
    process.env.FAKE_CLUSTER = cluster;
    fs.writeFileSync(path.join(cluster, "configmap-istio"), "");
    await runner.tick();
    expect(runner.starts).toBe(0);
    fs.writeFileSync(
      path.join(cluster, "cacerts.json"),
      JSON.stringify({ data: { "root-cert.pem": Buffer.from("PLUGGED").toString("base64") } }),
    );
    await runner.tick();
    expect(runner.starts).toBe(1);
    await once(runner.children[0], "close");
    expect(fs.readFileSync(path.join(cluster, "record-default"), "utf8")).toContain("PLUGGED");
    runner.stop();
  });

  test("runs one pilot-discovery per revision, each with its own mesh config and directory", async () => {
    const { cluster, runner, workdir, logFile } = standIns();
    process.env.FAKE_CLUSTER = cluster;
    process.env.FAKE_ISTIOD_WAIT = "1";
    const canary: IstiodPod = {
      metadata: { name: "istiod-canary-7f8e9d-a1b2c", namespace: "istio-system" },
      spec: {
        containers: [
          { name: "discovery", args: ["discovery"], env: [{ name: "REVISION", value: "canary" }] },
        ],
      },
    };
    fs.writeFileSync(path.join(cluster, "pods.json"), JSON.stringify({ items: [canary, pod] }));
    fs.writeFileSync(path.join(cluster, "configmap-istio"), "");
    await runner.tick();
    // The canary's mesh config (istio-canary) is not there yet: only the default revision runs.
    expect(runner.running.map((r) => r.revision)).toEqual(["default"]);
    fs.writeFileSync(path.join(cluster, "configmap-istio-canary"), "");
    await runner.tick();
    expect(runner.running.map((r) => r.revision)).toEqual(["default", "canary"]);
    expect(runner.starts).toBe(2);
    expect(fs.existsSync(path.join(workdir, "canary", "etc", "cacerts"))).toBe(true);
    expect(fs.readFileSync(logFile, "utf8")).toContain(
      "--- starting pilot-discovery for pod istiod-canary-7f8e9d-a1b2c (revision canary): discovery --kubeconfig=",
    );
    const closed = runner.children.map((c) => once(c, "close"));
    runner.stop();
    await Promise.all(closed);
  });

  test("stops pilot-discovery once its pod is gone, as an uninstall or destroy would", async () => {
    const { cluster, runner, logFile } = standIns();
    process.env.FAKE_CLUSTER = cluster;
    process.env.FAKE_ISTIOD_WAIT = "1";
    fs.writeFileSync(path.join(cluster, "configmap-istio"), "");
    await runner.tick();
    const [child] = runner.children;
    const closed = once(child, "close");
    await runner.tick();
    expect(runner.children).toEqual([child]);
    expect(runner.starts).toBe(1);
    fs.writeFileSync(path.join(cluster, "gone"), "");
    await runner.tick();
    await closed;
    expect(runner.children).toEqual([]);
    expect(fs.readFileSync(logFile, "utf8")).toContain(
      "--- pod istiod-5c9d8f7b6-q2w3e is gone: stopping its pilot-discovery",
    );
    runner.stop();
  });
});
