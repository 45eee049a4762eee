import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const wrapper = path.resolve(__dirname, "../../tools/pulumi-stack.sh");

/** Runs the wrapper with a stand-in `pulumi` that logs its argv and the passphrase it saw. */
function run(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-wrapper-"));
  const log = path.join(dir, "log");
  fs.writeFileSync(
    path.join(dir, "pulumi"),
    `#!/bin/sh\necho "$* | passphrase=\${PULUMI_CONFIG_PASSPHRASE-unset}" >> "${log}"\n`,
    { mode: 0o755 },
  );
  const result = spawnSync("/bin/sh", [wrapper, "up", "--yes"], {
    encoding: "utf8",
    env: { PATH: `${dir}:/usr/bin:/bin`, ...env },
  });
  return { ...result, calls: fs.readFileSync(log, "utf8").trim().split("\n") };
}

describe("pulumi stack wrapper", () => {
  test("selects or creates the dev stack with a passphrase provider, then runs the command on it", () => {
    const r = run({});
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      "stack select --create --secrets-provider passphrase dev | passphrase=istio-sandbox",
      "--stack dev up --yes | passphrase=istio-sandbox",
    ]);
    expect(r.stderr).toContain("set PULUMI_CONFIG_PASSPHRASE to use your own");
  });

  test("keeps the user's passphrase and stack", () => {
    const r = run({ PULUMI_CONFIG_PASSPHRASE: "mine", PULUMI_STACK: "team" });
    expect(r.calls[1]).toBe("--stack team up --yes | passphrase=mine");
    expect(r.stderr).toBe("");
  });

  test("leaves a passphrase file alone", () => {
    const r = run({ PULUMI_CONFIG_PASSPHRASE_FILE: "/tmp/pass" });
    expect(r.calls[0]).toContain("passphrase=unset");
  });
});
