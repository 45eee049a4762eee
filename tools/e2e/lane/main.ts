/**
 * `npm run e2e -- --stack NAME [--stack-file FILE] [--steps a,b] --report FILE [--keep]`: the real
 * Pulumi engine, providers and policy pack run the program against a simulated cluster, from a fresh
 * state, through preview, up, a no-change preview, refresh, a second up, istioctl analyze and
 * destroy; the report says how each went. See the README's "The e2e lane".
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { expandHome, looksLikeContent } from "../../../components/cluster/kubeconfig-source";
import { ISTIO_NAMESPACE } from "../../../components/config/defaults";
import { ISTIOCTL_SUBSTITUTE_ENV } from "../../../components/istio/istioctl-script";
import { locateToolchain, type Toolchain } from "../toolchain/locate";
import { readPinnedVersions } from "../toolchain/versions";
import { applyAllowlist, parseAnalyzeOutput } from "./analyzer";
import { parseLaneArgs, USAGE, UsageError, type LaneArgs } from "./args";
import { summarizeEvents } from "./engine-events";
import { exitWith, runGuarded, verdict } from "./guarded-run";
import { IstiodRunner } from "./istiod";
import { MetalLbControllerRunner } from "./metallb-controller";
import { clusterLeftover, leftovers, objectsFromList } from "./objects";
import { Processes } from "./processes";
import { copyProject, pointBackend, runPulumiHome } from "./project-copy";
import { laneEnv, pulumiArgs, type EngineStep } from "./pulumi-steps";
import {
  EXIT,
  LOG_TAIL,
  SKIPPED,
  failures,
  tail,
  writeReport,
  type LaneReport,
  type ObjectRef,
  type ObjectSnapshot,
  type StepReport,
} from "./report";
import {
  createSimCluster,
  deleteSimCluster,
  killRemainingComponents,
  listSimClusters,
  simKubeconfigPath,
  simSettings,
  writeSimSettings,
} from "./sim-cluster";
import {
  laneStackDocument,
  layOutChartRepos,
  needsSimulatedCluster,
  offlineSourceValues,
  readStackFile,
  stackFilePath,
  type StackFile,
} from "./stack-config";
import { istioctlSubstitute, preflightProblems, type IstioctlSubstitute } from "./preflight";
import { planLane, runsAfterFailure } from "./steps";

const ROOT = path.resolve(__dirname, "../../..");
const STAND_INS = path.join(ROOT, "tools/e2e/stand-ins/bin");
const STEP_TIMEOUT_MS = 30 * 60_000;
const LEFTOVER_WAIT_MS = 120_000;

const say = (line: string) => process.stderr.write(`[e2e] ${line}\n`);
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How the lane reaches the stack's cluster, once it exists. */
interface ClusterAccess {
  /** The kubeconfig file; undefined until the cluster exists. */
  readonly kubeconfig: () => string | undefined;
  readonly context?: string;
  /** k3d mode: the cluster (and so everything in it) belongs to the stack. */
  readonly k3dCluster?: string;
}

class Lane {
  readonly processes = new Processes();
  readonly report: LaneReport;
  private env: NodeJS.ProcessEnv = {};
  private projectDir = "";
  private access: ClusterAccess = { kubeconfig: () => undefined };
  private baseline: ObjectRef[] | undefined;
  private metallb: MetalLbControllerRunner | undefined;
  private istiod: IstiodRunner | undefined;
  private readonly substitute: IstioctlSubstitute | undefined;

  constructor(
    readonly args: LaneArgs,
    readonly toolchain: Toolchain,
    readonly stack: StackFile,
    readonly workdir: string,
  ) {
    this.substitute = istioctlSubstitute(stack.config, toolchain.binaries);
    this.report = {
      stack: args.stack,
      toolchain: toolchain.versions,
      binaries: toolchain.binaries,
      ...(this.substitute === undefined ? {} : { istioctlSubstitute: this.substitute }),
      steps: [],
    };
  }

  private tool(name: string): string {
    return path.join(this.toolchain.bin, name);
  }

  private save(): void {
    writeReport(this.args.report, this.report);
  }

  private error(message: string): void {
    (this.report.errors ??= []).push(message);
    say(message);
  }

  async prepare(): Promise<void> {
    const dir = (...p: string[]) => path.join(this.workdir, ...p);
    fs.mkdirSync(dir("logs"), { recursive: true });
    fs.mkdirSync(dir("events"), { recursive: true });
    fs.mkdirSync(dir("state"), { recursive: true });
    this.projectDir = copyProject(ROOT, dir("project"));
    pointBackend(this.projectDir, `file://${dir("state")}`);
    const pulumiHome = runPulumiHome(this.toolchain.pulumiHome, dir("pulumi-home"));
    const sim = simSettings(this.toolchain.bin, this.workdir);
    const simFile = dir("sim.json");
    writeSimSettings(simFile, sim);
    this.env = laneEnv({
      base: process.env,
      bin: this.toolchain.bin,
      standIns: STAND_INS,
      workdir: this.workdir,
      pulumiHome,
      simSettingsFile: simFile,
      istioctlSubstitute: this.substitute?.version,
    });
    // Whatever cluster a step leaves (k3d's, or the existing-mode one), the run's end removes.
    this.processes.onCleanup("simulated clusters", async () => {
      try {
        for (const name of await listSimClusters(this.processes, sim)) {
          say(`deleting simulated cluster ${name}`);
          await deleteSimCluster(this.processes, sim, name);
        }
      } finally {
        const killed = killRemainingComponents(sim);
        if (killed.length > 0)
          this.error(`killed cluster components kwokctl left running: ${killed.join(", ")}`);
      }
    });

    const overrides: Record<string, unknown> = offlineSourceValues(
      this.toolchain.sources,
      layOutChartRepos(this.toolchain.sources, dir("sources")),
      this.stack.config,
    );
    const { config, values } = this.stack;
    if (config.existing === undefined) {
      const name = config.cluster.name;
      this.access = { kubeconfig: () => simKubeconfigPath(sim, name), k3dCluster: name };
    } else if (needsSimulatedCluster(values)) {
      const name = `existing-${this.args.stack}`.slice(0, 32).replace(/[^a-z0-9-]/g, "-");
      const nodes = config.cluster.servers + config.cluster.agents;
      say(
        `creating simulated cluster ${name} (${nodes} node${nodes > 1 ? "s" : ""}) for the existing-mode stack`,
      );
      const started = performance.now();
      const kubeconfig = await createSimCluster(this.processes, sim, name, nodes);
      say(`cluster ready in ${seconds(started)}s`);
      overrides.kubeconfig = kubeconfig;
      this.access = { kubeconfig: () => kubeconfig };
    } else {
      // The user's own cluster: the lane reads the kubeconfig the way the program does.
      const value = config.existing.kubeconfig;
      const file = looksLikeContent(value) ? dir("kubeconfig.yaml") : expandHome(value.trim(), os.homedir());
      if (looksLikeContent(value)) fs.writeFileSync(file, value, { mode: 0o600 });
      this.access = { kubeconfig: () => file, context: config.existing.context };
    }

    const { yaml, unknownKeys } = laneStackDocument(this.stack, overrides);
    if (unknownKeys.length > 0) {
      say(`the program does not know ${unknownKeys.join(", ")} yet: those sources stay remote in this run`);
    }
    fs.writeFileSync(path.join(this.projectDir, `Pulumi.${this.args.stack}.yaml`), yaml);

    // A real MetalLB controller only where the controller pod is simulated.
    if (config.metallb.enabled && (config.existing === undefined || needsSimulatedCluster(values))) {
      this.metallb = new MetalLbControllerRunner({
        processes: this.processes,
        controllerBinary: this.tool("metallb-controller"),
        kubectl: this.tool("kubectl"),
        namespace: config.metallb.namespace,
        kubeconfig: this.access.kubeconfig,
        logFile: dir("logs", "metallb-controller.log"),
        intervalMs: 2000,
      });
      this.metallb.start();
    }
    // istiod's pod is simulated too: its gateway controller (Gateway API deployments, waypoints) and
    // status writer run here as a local pilot-discovery, started once Istio's install made its pod.
    if (config.existing === undefined || needsSimulatedCluster(values)) {
      fs.mkdirSync(dir("istiod"), { recursive: true, mode: 0o700 });
      this.istiod = new IstiodRunner({
        processes: this.processes,
        binary: this.tool("pilot-discovery"),
        kubectl: this.tool("kubectl"),
        namespace: ISTIO_NAMESPACE,
        kubeconfig: this.access.kubeconfig,
        workdir: dir("istiod"),
        logFile: dir("logs", "istiod.log"),
        intervalMs: 2000,
      });
      this.istiod.start();
    }
    if (this.access.k3dCluster === undefined) this.baseline = await this.snapshot();

    const init = await this.processes.run(
      this.tool("pulumi"),
      ["stack", "init", this.args.stack, "--secrets-provider=passphrase", "--non-interactive"],
      { env: this.env, cwd: this.projectDir, timeoutMs: 120_000 },
    );
    if (init.code !== 0) throw new Error(`pulumi stack init failed: ${tail(init.output, 2000)}`);
  }

  async run(): Promise<void> {
    const plan = planLane(this.args.steps);
    let failed = false;
    for (const step of plan.steps) {
      // Interrupted: the clusters are being deleted, and with them everything the stack made.
      if (this.processes.stopping) break;
      if (failed && !runsAfterFailure(step)) {
        this.report.steps.push({ name: step, ok: false, seconds: 0, output: SKIPPED });
        continue;
      }
      if (step === "destroy" && plan.snapshotBeforeDestroy) await this.snapshotBeforeDestroy();
      say(`${step} …`);
      const result = step === "analyze" ? await this.analyze() : await this.engineStep(step);
      this.report.steps.push(result);
      say(
        `${step} ${result.ok ? "ok" : "FAILED"} in ${result.seconds}s` +
          (result.changes === undefined ? "" : `, ${result.changes} change(s)`),
      );
      if (!result.ok) {
        failed = true;
        say(tail(result.output ?? "", 1500));
      }
      this.save();
      if (step === "destroy" && plan.leftoverCheck) await this.leftoverCheck();
    }
  }

  private async engineStep(step: EngineStep): Promise<StepReport> {
    const started = performance.now();
    const result = await this.processes.run(this.tool("pulumi"), pulumiArgs(step, this.args.stack), {
      env: this.env,
      cwd: this.projectDir,
      timeoutMs: STEP_TIMEOUT_MS,
    });
    fs.writeFileSync(path.join(this.workdir, "events", `${step}.jsonl`), result.stdout);
    fs.writeFileSync(path.join(this.workdir, "logs", `${step}.log`), result.stderr);
    const summary = summarizeEvents(result.stdout);
    const ok = result.code === 0 && !result.timedOut;
    // What a reader needs from a failed step: the engine's diagnostics, then what the CLI printed.
    const output = [...summary.errors, result.stderr, result.timedOut ? "(timed out)" : ""].join("\n");
    return {
      name: step,
      ok,
      seconds: seconds(started),
      changes: summary.changes,
      ...(ok ? {} : { output: tail(output) }),
    };
  }

  private clusterFlags(): string[] | undefined {
    const kubeconfig = this.access.kubeconfig();
    if (kubeconfig === undefined || !fs.existsSync(kubeconfig)) return undefined;
    return ["--kubeconfig", kubeconfig, ...(this.access.context ? ["--context", this.access.context] : [])];
  }

  private async analyze(): Promise<StepReport> {
    const started = performance.now();
    const flags = this.clusterFlags();
    if (flags === undefined)
      return { name: "analyze", ok: false, seconds: 0, output: "no cluster to analyze" };
    const result = await this.processes.run(
      this.tool("istioctl"),
      ["analyze", "--all-namespaces", "-o", "json", ...flags],
      { env: this.env, timeoutMs: 5 * 60_000 },
    );
    try {
      this.report.analyze = applyAllowlist(parseAnalyzeOutput(result.stdout));
      return { name: "analyze", ok: true, seconds: seconds(started) };
    } catch (error) {
      return {
        name: "analyze",
        ok: false,
        seconds: seconds(started),
        output: tail(`${(error as Error).message}\n${result.output}`),
      };
    }
  }

  /** Every object in the cluster: every listable resource type, in every namespace. */
  private async snapshot(): Promise<ObjectSnapshot[]> {
    const flags = this.clusterFlags();
    if (flags === undefined) throw new Error("no cluster to take a snapshot of");
    const kubectl = (args: string[]) =>
      this.processes.run(this.tool("kubectl"), [...args, ...flags], { env: this.env, timeoutMs: 120_000 });
    const types = await kubectl(["api-resources", "--verbs=list", "-o", "name"]);
    if (types.code !== 0) throw new Error(`kubectl api-resources failed: ${tail(types.output, 1000)}`);
    const names = types.stdout
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const listed = await kubectl(["get", names.join(","), "--all-namespaces", "-o", "json"]);
    if (listed.stdout.trim() === "") throw new Error(`kubectl get failed: ${tail(listed.output, 1000)}`);
    return objectsFromList(listed.stdout);
  }

  private async snapshotBeforeDestroy(): Promise<void> {
    if (this.access.k3dCluster !== undefined && this.clusterFlags() === undefined) {
      // k3d mode before any cluster was made (up did not run, or failed before it): nothing to list.
      this.report.objects = [];
      return;
    }
    try {
      this.report.objects = await this.snapshot();
      say(`snapshot: ${this.report.objects.length} objects`);
    } catch (error) {
      this.error(`object snapshot before destroy failed: ${(error as Error).message}`);
    }
  }

  private async leftoverCheck(): Promise<void> {
    if (this.access.k3dCluster !== undefined) {
      const sim = simSettings(this.toolchain.bin, this.workdir);
      const remaining = await listSimClusters(this.processes, sim);
      this.report.leftovers = remaining.includes(this.access.k3dCluster)
        ? [clusterLeftover(this.access.k3dCluster)]
        : [];
    } else if (this.baseline !== undefined) {
      // Controllers finish deleting what depended on the stack's objects (pods, endpoints) shortly after.
      const deadline = performance.now() + LEFTOVER_WAIT_MS;
      for (;;) {
        this.report.leftovers = leftovers(this.baseline, await this.snapshot());
        if (this.report.leftovers.length === 0 || performance.now() > deadline) break;
        await sleep(5000);
      }
    }
    say(`leftovers: ${this.report.leftovers?.length ?? "not checked"}`);
    this.save();
  }

  async finish(): Promise<void> {
    this.metallb?.stop();
    this.istiod?.stop();
    for (const problem of await this.processes.stopAll()) this.error(problem);
    if (this.istiod !== undefined) {
      const log = path.join(this.workdir, "logs", "istiod.log");
      this.report.istiod = {
        starts: this.istiod.starts,
        log: fs.existsSync(log) ? tail(fs.readFileSync(log, "utf8"), LOG_TAIL) : "",
      };
    }
    this.save();
  }
}

/** One line per binary on screen: where it comes from, and anything the reader must know. */
function binaryLines(toolchain: Toolchain, substitute: IstioctlSubstitute | undefined): string[] {
  const lines = Object.entries(toolchain.binaries).map(
    ([name, b]) =>
      `${name} ${b.version} (${b.origin}${b.version === b.wanted ? "" : `, pinned ${b.wanted}`}) ${b.path}` +
      (b.note === undefined ? "" : `; NOTE: ${b.note}`),
  );
  if (substitute !== undefined)
    lines.push(
      `istioctl ${substitute.version} stands in for ${substitute.for}: the program's install script accepts it ` +
        `because the lane sets ${ISTIOCTL_SUBSTITUTE_ENV}=${substitute.version} (${substitute.reason})`,
    );
  return lines;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: LaneArgs;
  try {
    args = parseLaneArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  let toolchain: Toolchain;
  let stack: StackFile;
  try {
    toolchain = locateToolchain();
    stack = readStackFile(stackFilePath(ROOT, args.stack, args.stackFile));
    // A toolchain.json written before istiod joined the recipes has no pilot-discovery.
    if (!fs.existsSync(path.join(toolchain.bin, "pilot-discovery")))
      throw new Error(
        `the toolchain in ${toolchain.dir} has no pilot-discovery: re-run \`npm run e2e:tools\``,
      );
    const problems = preflightProblems(stack.config, toolchain.versions);
    if (problems.length > 0) throw new Error(problems.join("\n"));
  } catch (error) {
    // Nothing ran; the report still says why, with the versions the toolchain is pinned to.
    const message = (error as Error).message;
    say(message);
    writeReport(args.report, {
      stack: args.stack,
      toolchain: readPinnedVersions(ROOT).toolchain,
      steps: [],
      errors: [message],
    });
    return EXIT.failed;
  }

  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), `istio-sandbox-e2e-${args.stack}-`));
  const lane = new Lane(args, toolchain, stack, workdir);
  say(`stack ${args.stack} (${stack.path}), steps ${args.steps.join(", ")}; work directory ${workdir}`);
  for (const line of binaryLines(toolchain, lane.report.istioctlSubstitute)) say(line);
  await runGuarded(
    lane,
    async () => {
      await lane.prepare();
      await lane.run();
    },
    { workdir, keep: args.keep, keptNote: `kept ${workdir}`, say },
  );
  const found = failures(lane.report);
  return verdict(found, args.report, say);
}

exitWith(main(process.argv.slice(2)));
