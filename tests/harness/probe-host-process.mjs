// One Node process that runs many probe cases: each line on stdin is {"id", "script", "env"}; each
// probe's exported run(env, out) is called in turn and one line {"id", "code", "stdout", "stderr"}
// answers it. Starting Node and loading the Kubernetes client once for all the probe suites, not once
// per case, is what keeps them fast; each suite still runs its probe once as `node <probe>.mjs`.
import process from "node:process";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { MissingSetting } from "../../components/local/probe-support.mjs";

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    const { id, script, env } = JSON.parse(line);
    let stdout = "";
    let stderr = "";
    const out = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) };
    let code;
    try {
      const probe = await import(pathToFileURL(script).href);
      code = await probe.run(env, out);
    } catch (error) {
      stderr += `${error instanceof MissingSetting ? error.message : String(error?.stack ?? error)}\n`;
      code = error instanceof MissingSetting ? 2 : 70;
    }
    process.stdout.write(`${JSON.stringify({ id, code, stdout, stderr })}\n`);
  });
});
