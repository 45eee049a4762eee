/**
 * `npm run e2e:objects -- --stack NAME [--stack-file FILE] --report FILE [--istioctl PATH] [--keep]`:
 * the program evaluated under mocks, every Kubernetes object it declares applied with server-side
 * apply to a simulated control plane (real API server and CRD validation), Istio installed there by a
 * real `istioctl install` of the program's IstioOperator, and istioctl analyze as the judge. No
 * Pulumi engine or provider runs. See the README's "The e2e lane".
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { stringify } from "yaml";
import istioSandbox from "../../../index";
import { applyAllowlist, parseAnalyzeOutput } from "../lane/analyzer";
import { IstiodRunner } from "../lane/istiod";
import { MetalLbControllerRunner } from "../lane/metallb-controller";
import { Processes, type RunResult } from "../lane/processes";
import { exitWith, runGuarded, verdict } from "../lane/guarded-run";
import { EXIT, LOG_TAIL, tail } from "../lane/report";
import {
  createSimCluster,
  deleteSimCluster,
  killRemainingComponents,
  listSimClusters,
  simSettings,
  type SimSettings,
} from "../lane/sim-cluster";
import {
  layOutChartRepos,
  needsSimulatedCluster,
  readStackFile,
  stackFilePath,
  type StackFile,
} from "../lane/stack-config";
import { cacheDir, cacheLayout } from "../toolchain/cache";
import { locateToolchain } from "../toolchain/locate";
import { readPinnedVersions } from "../toolchain/versions";
import { applyOrder, assertUnique, crdSources, namespacesToCreate } from "./apply-plan";
import { OBJECTS_USAGE, parseObjectsArgs, UsageError, type ObjectsArgs } from "./args";
import { declaredObjects, type Declared, type IstioInstall, type KubeObject } from "./declared";
import { addonsSourceFor, renderUnderMocks } from "./mock-render";
import {
  notRenderedOf,
  objectsFailures,
  snapshotOf,
  writeObjectsReport,
  type ObjectStepName,
  type ObjectStepReport,
  type ObjectsReport,
} from "./report";
import { ISTIO_NAMESPACE } from "../../../components/config/defaults";
import { ISTIOCTL_SUBSTITUTE_ENV, KUBECONFIG_ENV } from "../../../components/istio/istioctl-script";
import { istiodName } from "../../../components/istio/revision-tags";
import {
  admissionReview,
  admissionVerdict,
  deployedGateways,
  pluggedRootCert,
  validatedObjects,
} from "./istiod-checks";
import { analyzeRevisionArgs } from "./analyze-args";
import { helmEnvironment, helmTemplateArgs } from "./helm";
import { probeProblem } from "./probes";
import { tagChecks, type TagVerdict } from "./tag-checks";
import { findCrdFiles, renderMetallbCrds, type CrdFiles } from "./sources";

const ROOT = path.resolve(__dirname, "../../..");
const say = (line: string) => process.stderr.write(`[e2e:objects] ${line}\n`);
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/** A step's failure: its message goes to the report's `output`. */
class StepFailure extends Error {}

class ObjectsCheck {
  readonly processes = new Processes();
  readonly report: ObjectsReport;
  private readonly sim: SimSettings;
  private kubeconfig = "";
  private declared: Declared | undefined;
  /** The real MetalLB controller, in place of the chart's simulated pod, while the probes run. */
  private metallb: MetalLbControllerRunner | undefined;
  /** The real istiod (pilot-discovery), in place of its simulated pod, until the uninstall step. */
  private istiod: IstiodRunner | undefined;
  private failed = false;

  constructor(
    readonly args: ObjectsArgs,
    readonly stack: StackFile,
    readonly bin: string,
    readonly istioctl: string,
    readonly workdir: string,
    versions: ObjectsReport["toolchain"],
  ) {
    this.report = { stack: args.stack, toolchain: versions, steps: [] };
    this.sim = simSettings(bin, workdir);
    this.processes.onCleanup("simulated cluster", async () => {
      try {
        for (const name of await listSimClusters(this.processes, this.sim)) {
          say(`deleting simulated cluster ${name}`);
          await deleteSimCluster(this.processes, this.sim, name);
        }
      } finally {
        const killed = killRemainingComponents(this.sim);
        if (killed.length > 0)
          this.error(`killed cluster components kwokctl left running: ${killed.join(", ")}`);
      }
    });
  }

  private error(message: string): void {
    (this.report.errors ??= []).push(message);
    say(message);
  }

  private save(): void {
    writeObjectsReport(this.args.report, this.report);
  }

  /** Runs one step (skipped after a failure), records it and saves the report. */
  /** A step that fails with `blocks: false` still lets the later steps run (they judge more). */
  private async step(
    name: ObjectStepName,
    body: () => Promise<number | undefined>,
    blocks = true,
  ): Promise<void> {
    if (this.processes.stopping) return;
    if (this.failed) {
      this.report.steps.push({ name, ok: false, seconds: 0, output: "skipped: an earlier step failed" });
      this.save();
      return;
    }
    say(`${name} …`);
    const started = performance.now();
    let result: ObjectStepReport;
    try {
      const count = await body();
      result = { name, ok: true, seconds: seconds(started), ...(count === undefined ? {} : { count }) };
    } catch (error) {
      this.failed ||= blocks;
      const message =
        error instanceof StepFailure ? error.message : ((error as Error).stack ?? String(error));
      result = { name, ok: false, seconds: seconds(started), output: tail(message) };
    }
    this.report.steps.push(result);
    say(
      `${name} ${result.ok ? "ok" : "FAILED"} in ${result.seconds}s${result.count === undefined ? "" : ` (${result.count})`}`,
    );
    if (!result.ok) say(tail(result.output ?? "", 1500));
    this.save();
  }

  private private(...p: string[]): string {
    return path.join(this.workdir, "private", ...p);
  }

  private kubectl(args: string[], input?: string): Promise<RunResult> {
    return this.processes.run(path.join(this.bin, "kubectl"), [...args, "--kubeconfig", this.kubeconfig], {
      env: process.env,
      timeoutMs: 5 * 60_000,
      input,
    });
  }

  private async must(what: string, run: Promise<RunResult>): Promise<RunResult> {
    const result = await run;
    if (result.code !== 0) throw new StepFailure(`${what} failed (exit ${result.code}):\n${result.output}`);
    return result;
  }

  async run(): Promise<void> {
    const { config, values } = this.stack;
    const simulatedExisting = needsSimulatedCluster(values);
    const clusterName = `objects-${this.args.stack}`
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-")
      .slice(0, 32);
    const nodes = config.cluster.servers + config.cluster.agents;
    const cluster = () =>
      this.step("cluster", async () => {
        this.kubeconfig = await createSimCluster(this.processes, this.sim, clusterName, nodes);
        return nodes;
      });
    const render = () =>
      this.step("render", async () => {
        const files = this.crdFiles();
        // The program's charts come from the toolchain's sources, laid out as the lane does.
        const repos = layOutChartRepos(
          { istioCharts: files.istioCharts, metallbChart: files.metallbChart },
          this.private("charts"),
        );
        const programValues = {
          ...values,
          ...(simulatedExisting ? { kubeconfig: this.kubeconfig } : {}),
          ...addonsSourceFor(config, values, () => files.istioAddons),
          // The program reads the CRDs while it runs; this check has no network (as the lane does).
          ...(config.gatewayApi.install &&
          values.gatewayApiCrds === undefined &&
          files.gatewayApi !== undefined
            ? { gatewayApiCrds: files.gatewayApi }
            : {}),
          istioChartRepo: repos.istio,
          metallbChartRepo: repos.metallb,
        };
        const registrations = await renderUnderMocks(
          istioSandbox,
          programValues,
          this.args.stack,
          this.private("tls"),
        );
        this.declared = declaredObjects(registrations);
        assertUnique(this.declared.objects);
        // Rendered objects hold the stack's keys: they stay in the private directory.
        for (const [i, o] of applyOrder(this.declared.objects).entries()) {
          fs.writeFileSync(
            this.private("objects", `${String(i).padStart(3, "0")}-${o.kind}-${o.metadata.name}.json`),
            JSON.stringify(o),
            { mode: 0o600 },
          );
        }
        this.report.objects = this.declared.objects.map(snapshotOf);
        this.report.notRendered = notRenderedOf(this.declared.helmReleases);
        return this.declared.objects.length;
      });
    // An existing-mode stack reads its kubeconfig while it runs, so its cluster comes first.
    if (simulatedExisting) {
      await cluster();
      await render();
    } else {
      await render();
      await cluster();
    }
    await this.step("crds", () => this.installCrds());
    await this.step("helm", () => this.renderCharts(), false);
    if (this.stack.config.metallb.enabled) {
      this.metallb = new MetalLbControllerRunner({
        processes: this.processes,
        controllerBinary: path.join(this.bin, "metallb-controller"),
        kubectl: path.join(this.bin, "kubectl"),
        namespace: this.stack.config.metallb.namespace,
        kubeconfig: () => this.kubeconfig,
        logFile: this.private("metallb-controller.log"),
        intervalMs: 1000,
      });
      this.metallb.start();
    }
    fs.mkdirSync(this.private("istiod"), { recursive: true, mode: 0o700 });
    this.istiod = new IstiodRunner({
      processes: this.processes,
      binary: path.join(this.bin, "pilot-discovery"),
      kubectl: path.join(this.bin, "kubectl"),
      namespace: ISTIO_NAMESPACE,
      kubeconfig: () => this.kubeconfig,
      workdir: this.private("istiod"),
      logFile: this.private("istiod.log"),
      intervalMs: 1000,
      awaitCacerts: pluggedRootCert(this.declared?.objects ?? [], ISTIO_NAMESPACE) !== undefined,
    });
    this.istiod.start();
    await this.step("istioctl-install", () => this.istioctlInstall(), false);
    await this.step("apply", () => this.applyObjects());
    await this.step("istiod", () => this.istiodChecks(), false);
    await this.step("analyze", () => this.analyze());
    await this.step("probes", () => this.runProbes());
    // An uninstall removes istiod's pod; the process standing in for it goes first.
    this.istiod.stop();
    await this.step("uninstall", () => this.uninstall());
  }

  private crdFiles(): CrdFiles {
    let sources;
    try {
      sources = locateToolchain().sources;
    } catch {
      sources = undefined;
    }
    return findCrdFiles(readPinnedVersions(ROOT), this.report.toolchain.istioctlBuilt ?? "", sources);
  }

  private async installCrds(): Promise<number> {
    const declared = this.declared!;
    const files = this.crdFiles();
    const wanted = crdSources(declared, files.gatewayApi !== undefined);
    const manifests: string[] = [];
    for (const source of wanted) {
      if (source === "istio") manifests.push(files.istio);
      if (source === "metallb") {
        const rendered = this.private("metallb-crds.yaml");
        fs.writeFileSync(
          rendered,
          renderMetallbCrds(fs.readFileSync(files.metallb, "utf8"), this.stack.config.metallb.namespace),
        );
        manifests.push(rendered);
      }
      if (source === "gatewayApi" && files.gatewayApi !== undefined) {
        // The standard channel's CRDs only; its ValidatingAdmissionPolicy guards upgrades, not objects.
        for (const f of fs
          .readdirSync(files.gatewayApi)
          .filter((f) => f.endsWith(".yaml") && !f.includes("_vap_")))
          manifests.push(path.join(files.gatewayApi, f));
      }
    }
    say(`CRDs from ${wanted.join(", ")}: ${manifests.join(" ")}`);
    await this.must(
      "kubectl apply of the CRDs",
      this.kubectl([
        "apply",
        "--server-side",
        "--field-manager=istio-sandbox-e2e",
        ...manifests.flatMap((m) => ["-f", m]),
      ]),
    );
    await this.must(
      "waiting for the CRDs to be Established",
      this.kubectl(["wait", "--for=condition=Established", "crd", "--all", "--timeout=120s"]),
    );
    const crds = await this.must("kubectl get crd", this.kubectl(["get", "crd", "-o", "name"]));
    return crds.stdout.split("\n").filter((l) => l.trim() !== "").length;
  }

  /** Each declared Helm release, rendered by `helm template` with its values and applied, in declared order. */
  private async renderCharts(): Promise<number> {
    const releases = this.declared!.helmReleases;
    if (releases.length === 0) return 0;
    const helm = path.join(this.bin, "helm");
    if (!fs.existsSync(helm)) throw new StepFailure(`no helm in ${this.bin}: run \`npm run e2e:tools\``);
    for (const release of releases) {
      if (release.createNamespace && (await this.kubectl(["get", "namespace", release.namespace])).code !== 0)
        await this.must(
          `creating namespace ${release.namespace}`,
          this.kubectl(["create", "namespace", release.namespace]),
        );
      const valuesFile = this.private(`helm-values-${release.resource}.yaml`);
      fs.writeFileSync(valuesFile, stringify(release.values), { mode: 0o600 });
      const rendered = await this.must(
        `helm template of ${release.release}`,
        this.processes.run(helm, helmTemplateArgs(release, valuesFile, this.report.toolchain.kubernetes), {
          env: { ...process.env, ...helmEnvironment(this.private()) },
          timeoutMs: 5 * 60_000,
        }),
      );
      await this.must(
        `kubectl apply of ${release.release}'s manifests`,
        this.kubectl(
          ["apply", "--server-side", "--force-conflicts", "--field-manager=istio-sandbox-e2e", "-f", "-"],
          rendered.stdout,
        ),
      );
    }
    this.report.notRendered = [];
    return releases.length;
  }

  /**
   * Each install Command of the program (one per revision), in the order the program registers them,
   * then its `istioctl tag set` Commands, which need the revisions their tags point at.
   */
  private async istioctlInstall(): Promise<number | undefined> {
    const { istioInstalls, tagCommands } = this.declared!;
    if (istioInstalls.length === 0) {
      // Helm mode: the program declares no IstioOperator; its charts are listed in notRendered.
      say("the program declares no IstioOperator (Istio from Helm charts): nothing to install");
      return undefined;
    }
    if (!fs.existsSync(this.istioctl)) {
      // The objects are still judged by the API server: they need Istio's namespace to exist.
      const ns = istioInstalls[0].operator.metadata.namespace ?? "istio-system";
      await this.must(`creating namespace ${ns}`, this.kubectl(["create", "namespace", ns]));
      throw new StepFailure(
        `no istioctl at ${this.istioctl}: Istio not installed (namespace ${ns} created so the objects can be applied); build it (npm run e2e:tools) or pass --istioctl PATH`,
      );
    }
    let substitute: Record<string, string> = {};
    for (const install of istioInstalls) {
      const installed = await this.programInstalledIstio(install);
      if (installed === undefined) {
        await this.installOperator(install);
        continue;
      }
      substitute = installed;
    }
    for (const tag of tagCommands) {
      // A tag's script picks istioctl by version as the install's does: the same substitute, if any.
      const run = await this.runProgramCommand(tag, undefined, substitute);
      if (run.code !== 0)
        throw new StepFailure(`${tag.resource}'s tag script (tag ${tag.tag}) failed:\n${tail(run.output)}`);
      say(`${tag.resource}'s own script set tag ${tag.tag}`);
    }
    return istioInstalls.length + tagCommands.length;
  }

  /** `istioctl install -f` of an install's IstioOperator, by this check, for an istioctl the script refused. */
  private async installOperator(install: IstioInstall): Promise<void> {
    const file = this.private(`istio-operator-${install.resource}.yaml`);
    fs.writeFileSync(file, stringify(install.operator), { mode: 0o600 });
    await this.must(
      `istioctl install of ${install.resource}'s IstioOperator`,
      this.processes.run(
        this.istioctl,
        ["install", "-y", "-f", file, "--kubeconfig", this.kubeconfig, "--readiness-timeout=5m"],
        { env: process.env, timeoutMs: 10 * 60_000 },
      ),
    );
  }

  /**
   * Runs the program's own install Command (script, stdin and environment as registered, the simulated
   * cluster's kubeconfig in place of the mocked one) with this istioctl first on PATH. Where istioctl is
   * the pinned release, that is the install; where it is not (a substitute build), the script must refuse
   * it by its version, read from the real `istioctl version` output. Returns the extra environment the
   * script installed with, or undefined when the check must install the spec itself.
   */
  private async programInstalledIstio(install: IstioInstall): Promise<Record<string, string> | undefined> {
    const built = this.report.toolchain.istioctlBuilt;
    const pinned = this.report.toolchain.istioctl;
    const run = await this.runProgramCommand(install, install.stdin);
    if (built === pinned) {
      if (run.code !== 0)
        throw new StepFailure(`${install.resource}'s install script failed:\n${tail(run.output)}`);
      say(`${install.resource}'s own install script installed Istio`);
      return {};
    }
    // A revision's script names its own version key (istioCanary.version), the main one istioVersion.
    const refusal = new RegExp(
      `istioctl on PATH is version ${escapeRegExp(built ?? "unknown")}, but the stack's [\\w.]+ is ${escapeRegExp(pinned)}`,
    );
    if (run.code === 0 || !refusal.test(run.stderr))
      throw new StepFailure(
        `${install.resource}'s install script should refuse istioctl ${built} by its version:\n${tail(run.output)}`,
      );
    say(`${install.resource}'s own install script refused istioctl ${built} by its version, as it should`);
    if (built === undefined || !/^\d+\.\d+-[0-9a-f]{12}$/.test(built)) return undefined;
    // A release-branch build: the lane names it, exactly, and the program's own script installs with it.
    const substitute = { [ISTIOCTL_SUBSTITUTE_ENV]: built };
    const accepted = await this.runProgramCommand(install, install.stdin, substitute);
    if (accepted.code !== 0)
      throw new StepFailure(
        `${install.resource}'s install script, with ${ISTIOCTL_SUBSTITUTE_ENV}=${built}, failed:\n${tail(accepted.output)}`,
      );
    this.report.istioctlSubstitute = {
      version: built,
      for: pinned,
      reason: `a release-branch build; ${ISTIOCTL_SUBSTITUTE_ENV} named it for the install script`,
    };
    say(
      `${install.resource}'s own install script installed Istio with istioctl ${built}, named by ${ISTIOCTL_SUBSTITUTE_ENV}`,
    );
    return substitute;
  }

  /**
   * The real istiod, once ready: its validation webhook admits every Istio object the program declares,
   * each Gateway API Gateway and waypoint of Istio's classes is Programmed with its Deployment and
   * Service, and a `cacerts` CA the program plugs in is the mesh's root.
   */
  private async istiodChecks(): Promise<number> {
    const runner = this.istiod!;
    const ready = await this.istiodReady(runner, 180_000);
    if (!ready) throw new StepFailure(`istiod was not ready within 180s:\n${this.istiodLog()}`);
    const declared = this.declared!;
    const checks: string[] = [];
    const problems: string[] = [];
    const ca = await this.must(
      "reading istiod's root certificate",
      this.kubectl(["get", "configmap", "istio-ca-root-cert", "-n", ISTIO_NAMESPACE, "-o", "json"]),
    );
    const root = (JSON.parse(ca.stdout) as { data?: Record<string, string> }).data?.["root-cert.pem"] ?? "";
    const objects = validatedObjects(declared.objects);
    for (const [i, o] of objects.entries()) {
      const verdict = admissionVerdict(
        await postJson(ready.ports.https, "/validate", root, admissionReview(o, `e2e-${i}`)),
      );
      if (!verdict.allowed)
        problems.push(
          `istiod's validation refuses ${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${verdict.message}`,
        );
    }
    checks.push(
      `validation webhook: ${objects.length - problems.length} of ${objects.length} Istio objects admitted`,
    );
    for (const g of deployedGateways(declared.objects)) {
      const where = ["-n", g.namespace];
      const programmed = await this.kubectl([
        "wait",
        "--for=condition=Programmed",
        `gateway/${g.gateway}`,
        ...where,
        "--timeout=180s",
      ]);
      const deployment = await this.kubectl(["get", "deployment", g.workload, ...where, "-o", "name"]);
      const service = await this.kubectl(["get", "service", g.workload, ...where, "-o", "name"]);
      if (programmed.code !== 0 || deployment.code !== 0 || service.code !== 0)
        problems.push(
          `Gateway ${g.namespace}/${g.gateway} (class ${g.className}): ` +
            [programmed, deployment, service].map((r) => r.output.trim()).join("; "),
        );
      else
        checks.push(
          `Gateway ${g.namespace}/${g.gateway} Programmed; istiod made Deployment and Service ${g.workload}`,
        );
    }
    const tags = await this.tagChecks();
    checks.push(...tags.checks);
    problems.push(...tags.problems);
    const plugged = pluggedRootCert(declared.objects, ISTIO_NAMESPACE);
    if (plugged !== undefined) {
      if (plugged.trim() !== root.trim())
        problems.push("istio-ca-root-cert does not hold the root of the cacerts Secret the program declares");
      else checks.push("istiod took the cacerts CA the program declares: istio-ca-root-cert holds its root");
    }
    this.report.istiodChecks = checks;
    for (const c of checks) say(c);
    if (problems.length > 0) throw new StepFailure(`${problems.join("\n")}\n${this.istiodLog()}`);
    return checks.length;
  }

  /** The cluster's revision tags against its labelled namespaces and the program's tag Commands. */
  private async tagChecks(): Promise<TagVerdict> {
    const items = async <T>(what: string, args: string[]): Promise<T[]> =>
      (JSON.parse((await this.must(what, this.kubectl([...args, "-o", "json"]))).stdout) as { items: T[] })
        .items;
    const services = await items<{ metadata: { name: string } }>("kubectl get services", [
      "get",
      "services",
      "-n",
      ISTIO_NAMESPACE,
    ]);
    return tagChecks(
      this.declared!.tagCommands,
      {
        webhookConfigurations: await items("kubectl get mutatingwebhookconfigurations", [
          "get",
          "mutatingwebhookconfigurations",
        ]),
        namespaces: await items("kubectl get namespaces", ["get", "namespaces"]),
        istioServices: services.map((s) => s.metadata.name),
      },
      ISTIO_NAMESPACE,
    );
  }

  /** Waits for every pilot-discovery to run and answer ready; the default revision's, or undefined. */
  private async istiodReady(runner: IstiodRunner, timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline && !this.processes.stopping) {
      const running = runner.running;
      const ready = await Promise.all(running.map((r) => httpStatus(r.ports.http, "/ready")));
      if (running.length > 0 && ready.every((code) => code === 200)) return running[0];
      await sleep(1000);
    }
    return undefined;
  }

  private istiodLog(): string {
    const file = this.private("istiod.log");
    return fs.existsSync(file) ? tail(fs.readFileSync(file, "utf8"), 3000) : "(no istiod log)";
  }

  private async applyObjects(): Promise<number> {
    const declared = this.declared!;
    const problems: string[] = [];
    let applied = 0;
    for (const ns of namespacesToCreate(declared)) {
      // A Helm release would create it (createNamespace); the chart itself is not rendered here.
      const exists = await this.kubectl(["get", "namespace", ns]);
      if (exists.code !== 0)
        await this.must(`creating namespace ${ns}`, this.kubectl(["create", "namespace", ns]));
    }
    const ordered = applyOrder(declared.objects);
    const apply = async (o: KubeObject) => {
      const r = await this.kubectl(
        ["apply", "--server-side", "--field-manager=istio-sandbox-e2e", "-f", "-"],
        JSON.stringify(o),
      );
      if (r.code === 0) applied += 1;
      else problems.push(`${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}: ${r.stderr.trim()}`);
    };
    for (const o of ordered.filter((o) => o.kind === "Namespace")) await apply(o);
    for (const patch of declared.namespacePatches) {
      const labels = Object.entries(patch.labels).map(([k, v]) => `${k}=${v}`);
      if (labels.length === 0) continue;
      const r = await this.kubectl(["label", "namespace", patch.namespace, "--overwrite", ...labels]);
      if (r.code === 0) applied += 1;
      else problems.push(`NamespacePatch ${patch.namespace}: ${r.stderr.trim()}`);
    }
    // The add-on manifests create the Services that the program's routes name.
    for (const m of declared.manifests) {
      const r = await this.kubectl(
        ["apply", "--server-side", "--field-manager=istio-sandbox-e2e", "-f", m.file ?? "-"],
        m.yaml,
      );
      if (r.code === 0) applied += 1;
      else problems.push(`manifests of ${m.resource}: ${r.stderr.trim()}`);
    }
    for (const o of ordered.filter((o) => o.kind !== "Namespace")) await apply(o);
    if (problems.length > 0)
      throw new StepFailure(
        `${problems.length} object(s) refused by the API server:\n${problems.join("\n")}`,
      );
    return applied;
  }

  private async analyze(): Promise<undefined> {
    if (!fs.existsSync(this.istioctl)) throw new StepFailure(`no istioctl at ${this.istioctl}`);
    // The analyzer judges pods too: it runs once every Deployment's (simulated) pods are Ready.
    await this.must(
      "waiting for every Deployment to be Available",
      this.kubectl([
        "wait",
        "--for=condition=Available",
        "deployments",
        "--all",
        "--all-namespaces",
        "--timeout=180s",
      ]),
    );
    const result = await this.processes.run(
      this.istioctl,
      [
        "analyze",
        "--all-namespaces",
        ...analyzeRevisionArgs(this.stack.config),
        "-o",
        "json",
        "--kubeconfig",
        this.kubeconfig,
      ],
      { env: process.env, timeoutMs: 5 * 60_000 },
    );
    try {
      this.report.analyze = applyAllowlist(parseAnalyzeOutput(result.stdout));
    } catch (error) {
      throw new StepFailure(`${(error as Error).message}\n${result.output}`);
    }
    return undefined;
  }

  /**
   * The program's own probe Commands, script and environment as registered, against the real API server
   * (the simulated cluster's kubeconfig in place of the mocked one): the webhook wait must pass, the
   * existing-Istio check (run now that Istio is installed) must name that istiod, and the address wait
   * must print an address from the program's pool, handed out by the real MetalLB controller.
   */
  private async runProbes(): Promise<number> {
    const pool = this.declared!.objects.filter((o) => o.kind === "IPAddressPool").flatMap((o) => {
      const addresses = (o.spec as { addresses?: unknown } | undefined)?.addresses;
      return Array.isArray(addresses) ? addresses.map(String) : [];
    });
    const problems: string[] = [];
    for (const probe of this.declared!.probes) {
      const run = await this.runProgramCommand(probe);
      say(`${probe.resource} (${probe.probe}) exited ${run.code}: ${tail(run.output.trim(), 300)}`);
      const problem = probeProblem(probe.probe, run, pool);
      if (problem !== undefined) problems.push(`${probe.resource}: ${problem}\n${tail(run.output)}`);
    }
    this.metallb?.stop();
    if (problems.length > 0) throw new StepFailure(problems.join("\n"));
    return this.declared!.probes.length;
  }

  /**
   * Runs a script of the program's Commands as the engine would: under /bin/sh with its registered
   * environment, the simulated cluster's kubeconfig in place of a mocked one, this istioctl first on
   * PATH, and a private TMPDIR and HOME (istioctl keeps a discovery cache under $HOME/.kube, and without
   * a HOME writes it to the working directory).
   */
  private runProgramCommand(
    command: { readonly script: string; readonly environment: Readonly<Record<string, string>> },
    input?: string,
    extraEnv: Readonly<Record<string, string>> = {},
  ): Promise<RunResult> {
    const kubeconfig = fs.readFileSync(this.kubeconfig, "utf8");
    const environment = { ...command.environment };
    for (const key of [KUBECONFIG_ENV, "SANDBOX_KUBECONFIG"])
      if (key in environment) environment[key] = kubeconfig;
    return this.processes.run("/bin/sh", ["-c", command.script], {
      env: {
        PATH: `${path.dirname(this.istioctl)}:${process.env.PATH ?? ""}`,
        TMPDIR: this.private(),
        HOME: this.private(),
        ...environment,
        ...extraEnv,
      },
      input,
      timeoutMs: 10 * 60_000,
    });
  }

  /** `namespace/name` of every Deployment in the cluster that is not being deleted. */
  private async deployments(): Promise<string[]> {
    const listed = await this.must(
      "kubectl get deployments",
      this.kubectl(["get", "deployments", "--all-namespaces", "-o", "json"]),
    );
    const { items } = JSON.parse(listed.stdout) as {
      items: { metadata: { namespace: string; name: string; deletionTimestamp?: string } }[];
    };
    return items
      .filter((d) => !d.metadata.deletionTimestamp)
      .map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
  }

  private async istioCrds(): Promise<number> {
    const crds = await this.must("kubectl get crd", this.kubectl(["get", "crd", "-o", "name"]));
    return crds.stdout.split("\n").filter((line) => line.endsWith(".istio.io")).length;
  }

  /**
   * Where the cluster outlives the stack (existing mode), destroy removes the stack's Istio with the
   * program's own delete steps, as does an update that drops a revision (each revision's Command has
   * one). A control plane the stack did not install (another revision) is put in first; the steps, run
   * in reverse registration order as the engine deletes, must remove each install's istiod
   * (`istiod-<revision>`, or `istiod`) and leave that one, and Istio's CRDs.
   */
  private async uninstall(): Promise<number | undefined> {
    const installs = this.declared!.istioInstalls.filter((i) => i.uninstall !== undefined);
    if (installs.length === 0) {
      say("no uninstall to run: the stack deletes its own cluster, or installs Istio with Helm");
      return undefined;
    }
    if (!fs.existsSync(this.istioctl)) throw new StepFailure(`no istioctl at ${this.istioctl}`);
    await this.must(
      "istioctl install of a second control plane (revision bystander)",
      this.processes.run(
        this.istioctl,
        ["install", "-y", "--set", "profile=minimal", "--set", "revision=bystander"].concat([
          "--kubeconfig",
          this.kubeconfig,
          "--readiness-timeout=5m",
        ]),
        { env: process.env, timeoutMs: 10 * 60_000 },
      ),
    );
    const before = await this.deployments();
    const crdsBefore = await this.istioCrds();
    for (const install of [...installs].reverse()) {
      const uninstall = install.uninstall!;
      const deleted = await this.must(
        `the delete step of ${uninstall.resource}`,
        this.runProgramCommand(uninstall),
      );
      say(`the delete step of ${uninstall.resource} printed:\n${tail(deleted.output)}`);
    }
    const after = await this.deployments();
    const crdsAfter = await this.istioCrds();
    const removed = before.filter((d) => !after.includes(d));
    say(
      `the delete steps removed ${removed.join(", ") || "nothing"}; ${crdsAfter} of ${crdsBefore} Istio CRDs remain`,
    );
    const problems = [
      ...(after.includes(`${ISTIO_NAMESPACE}/istiod-bystander`)
        ? []
        : ["they removed the other control plane (istiod-bystander)"]),
      ...installs
        .map((i) => `${ISTIO_NAMESPACE}/${istiodDeployment(i.revision)}`)
        .filter((d) => after.includes(d))
        .map((d) => `the stack's ${d} is still there`),
      ...(crdsAfter === crdsBefore ? [] : ["they removed Istio CRDs, which the other control plane needs"]),
    ];
    if (problems.length > 0) throw new StepFailure(problems.join("\n"));
    return removed.length;
  }

  async finish(): Promise<void> {
    this.metallb?.stop();
    this.istiod?.stop();
    for (const problem of await this.processes.stopAll()) this.error(problem);
    if (this.istiod !== undefined) {
      const log = this.private("istiod.log");
      this.report.istiod = {
        starts: this.istiod.starts,
        log: fs.existsSync(log) ? tail(fs.readFileSync(log, "utf8"), LOG_TAIL) : "",
      };
    }
    this.save();
  }
}

/** The Deployment of an install's istiod: `istiod-<revision>`, or `istiod` without one. */
function istiodDeployment(revision: string | undefined): string {
  return revision === undefined ? "istiod" : istiodName(revision);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The HTTP status of a GET on a local port, or 0 when nothing answers. */
function httpStatus(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: urlPath, timeout: 5000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(0));
  });
}

/**
 * POSTs JSON to istiod's HTTPS port, trusting only istiod's own root and checking the name its
 * certificate is issued for (istiod.<namespace>.svc), as the API server would.
 */
function postJson(port: number, urlPath: string, ca: string, body: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: "127.0.0.1",
        port,
        path: urlPath,
        method: "POST",
        ca,
        servername: `istiod.${ISTIO_NAMESPACE}.svc`,
        headers: { "content-type": "application/json" },
        timeout: 30_000,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        response.on("end", () =>
          response.statusCode === 200
            ? resolve(text)
            : reject(new Error(`HTTP ${response.statusCode}: ${text}`)),
        );
      },
    );
    request.on("timeout", () => request.destroy(new Error("istiod did not answer in 30s")));
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}

/** What `istioctl version --remote=false --short` reports, or "" when there is no istioctl. */
function istioctlVersion(istioctl: string): string {
  if (!fs.existsSync(istioctl)) return "";
  try {
    // `--short` prints "client version: 1.31-eed52ebb66ad".
    return execFileSync(istioctl, ["version", "--remote=false", "--short"], { encoding: "utf8" })
      .trim()
      .replace(/^client version:\s*/, "");
  } catch {
    return "";
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let args: ObjectsArgs;
  try {
    args = parseObjectsArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${OBJECTS_USAGE}\n`);
    return EXIT.usage;
  }
  const pinned = readPinnedVersions(ROOT);
  const bin = cacheLayout(cacheDir(pinned)).bin;
  const istioctl = path.resolve(args.istioctl ?? path.join(bin, "istioctl"));
  const built = istioctlVersion(istioctl);
  const versions = { ...pinned.toolchain, ...(built ? { istioctlBuilt: built } : {}) };
  let stack: StackFile;
  try {
    stack = readStackFile(stackFilePath(ROOT, args.stack, args.stackFile));
    for (const tool of [
      "kubectl",
      "kwokctl",
      "kube-apiserver",
      "etcd",
      "kwok",
      "metallb-controller",
      "pilot-discovery",
    ]) {
      if (!fs.existsSync(path.join(bin, tool)))
        throw new Error(`no ${tool} in ${bin}: run \`npm run e2e:tools\``);
    }
  } catch (error) {
    say((error as Error).message);
    writeObjectsReport(args.report, {
      stack: args.stack,
      toolchain: versions,
      steps: [],
      errors: [(error as Error).message],
    });
    return EXIT.failed;
  }

  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), `istio-sandbox-objects-${args.stack}-`));
  fs.chmodSync(workdir, 0o700);
  fs.mkdirSync(path.join(workdir, "private", "objects"), { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(workdir, "private", "tls"), { recursive: true, mode: 0o700 });
  const check = new ObjectsCheck(args, stack, bin, istioctl, workdir, versions);
  say(`stack ${args.stack} (${stack.path}); istioctl ${built || "absent"}; work directory ${workdir}`);
  await runGuarded(check, () => check.run(), {
    workdir,
    keep: args.keep,
    keptNote: `kept ${workdir} (it holds the stack's keys: delete it when done)`,
    say,
  });
  const found = objectsFailures(check.report);
  return verdict(found, args.report, say);
}

exitWith(main(process.argv.slice(2)));
