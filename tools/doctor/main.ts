/**
 * `npm run doctor [-- --stack NAME]`: preflight before `pulumi up`. Exits 1 when anything blocks it.
 * The thin edge: real processes, files and sockets; every decision lives in the modules it calls.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs, selectStack } from "../common/args";
import { processRunner } from "../common/run";
import { connectProbe } from "./cluster-api";
import { runDoctor, doctorExitCode } from "./doctor";
import { bindProbe } from "./port-checks";
import { renderDoctorReport } from "./report";
import { stackFileName } from "./stack-config";

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const stack = selectStack(args, process.env);
  const projectDir = path.resolve(__dirname, "..", "..");
  const results = await runDoctor({
    stack,
    readStackFile: async () => {
      try {
        return await fs.readFile(path.join(projectDir, stackFileName(stack)), "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    run: processRunner({ cwd: projectDir }),
    probe: bindProbe(),
    readFile: (file) => fs.readFile(file, "utf8"),
    homeDir: os.homedir(),
    connect: connectProbe,
  });
  if (args.json) process.stdout.write(`${JSON.stringify({ stack, results }, null, 2)}\n`);
  else process.stdout.write(renderDoctorReport(stack, results));
  return doctorExitCode(results);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`doctor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
