/**
 * `npm run verify [-- --stack NAME] [-- --json]`: the walkthrough's checks against the live sandbox.
 * The thin edge: the Pulumi CLI, the network, the cluster, signals. Exits 1 on any failed check.
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs, selectStack } from "../common/args";
import { firstLine, processRunner } from "../common/run";
import { Cleanup } from "./cleanup";
import { connectCluster } from "./k8s-client";
import { parseStackOutputs } from "./outputs";
import { renderJson, renderReport, verifyExitCode } from "./report";
import { runVerify } from "./verify";

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
    connect: () => connectCluster(outputs.kubeconfig),
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
