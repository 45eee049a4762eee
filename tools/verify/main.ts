/**
 * `npm run verify [-- --stack NAME] [-- --json]`: the walkthrough's checks against the live sandbox.
 * The thin edge: the Pulumi CLI, the network, the cluster, signals. Exits 1 on any failed check.
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import { expandHome, looksLikeContent } from "../../components/cluster/kubeconfig-source";
import { parseArgs, selectStack } from "../common/args";
import { firstLine, processRunner, type Run } from "../common/run";
import { Cleanup } from "./cleanup";
import { connectCluster } from "./k8s-client";
import { parseStackOutputs, sandboxContext } from "./outputs";
import { renderJson, renderReport, verifyExitCode } from "./report";
import { runVerify } from "./verify";

/**
 * The kubeconfig to reach the sandbox: the stack's output in k3d mode; in existing mode the stack's
 * `kubeconfig` and `kubeContext` config, or the context of its last update (the stack does not export
 * the user's own kubeconfig).
 */
async function clusterAccess(
  run: Run,
  stack: string,
  outputs: ReturnType<typeof parseStackOutputs>,
): Promise<{ kubeconfig: string; context?: string }> {
  if (outputs.kubeconfig !== undefined) return { kubeconfig: outputs.kubeconfig };
  const get = async (key: string) => {
    const result = await run("pulumi", ["config", "get", key, "--stack", stack]);
    return result.kind === "exited" && result.code === 0 ? result.stdout.trim() : undefined;
  };
  const value = await get("kubeconfig");
  if (value === undefined) throw new Error("the stack has no kubeconfig config; run npm run doctor");
  const kubeconfig = looksLikeContent(value)
    ? value
    : await fs.readFile(expandHome(value, os.homedir()), "utf8");
  return { kubeconfig, context: sandboxContext(await get("kubeContext"), outputs) };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const stack = selectStack(args, process.env);
  const projectDir = path.resolve(__dirname, "..", "..");
  const progress = (message: string) => process.stderr.write(`… ${message}\n`);

  progress(`reading the outputs of stack ${stack}`);
  const run = processRunner({ cwd: projectDir, timeoutMs: 60_000 });
  const result = await run("pulumi", ["stack", "output", "--json", "--show-secrets", "--stack", stack]);
  if (result.kind === "missing")
    throw new Error("the Pulumi CLI is not on PATH; run npm run doctor for the fix");
  if (result.code !== 0) {
    throw new Error(
      `pulumi stack output failed: ${firstLine(result.stderr)} (is the stack up? run: pulumi up)`,
    );
  }
  const outputs = parseStackOutputs(result.stdout);

  const cleanup = new Cleanup();
  process.once("SIGINT", () => {
    process.stderr.write("\ninterrupted: removing temporary probe pods and namespace...\n");
    void cleanup.run().then((failures) => {
      for (const failure of failures) process.stderr.write(`could not remove ${failure}\n`);
      process.exit(130);
    });
  });

  const report = await runVerify({
    stack,
    outputs,
    connect: async () => {
      const access = await clusterAccess(run, stack, outputs);
      return connectCluster(access.kubeconfig, access.context);
    },
    cleanup,
    clock: { now: () => Date.now(), sleep: (ms) => sleep(ms) },
    suffix: randomBytes(3).toString("hex"),
    onProgress: progress,
  });
  process.stdout.write(args.json ? renderJson(report) : renderReport(report));
  return verifyExitCode(report);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`verify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
