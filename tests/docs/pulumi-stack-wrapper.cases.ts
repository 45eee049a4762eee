import * as fs from "node:fs";
import * as path from "node:path";
import { secretsSandbox } from "../tools/secrets-sandbox";

/** The stand-in pulumi's calls: argv, then the passphrase variables it saw. */
function run(env: Record<string, string> = {}) {
  const box = secretsSandbox();
  const r = box.run("pulumi-stack.sh", ["up", "--yes"], env);
  return {
    ...r,
    box,
    calls: r.calls.map(
      (c) => `${c.argv.join(" ")} | ${c.passphrase ?? "unset"} | ${c.passphraseFile ?? "unset"}`,
    ),
  };
}

describe("pulumi stack wrapper", () => {
  test("selects or creates the dev stack with a passphrase provider, then runs the command on it", () => {
    const r = run();
    expect(r.status).toBe(0);
    // This machine's own passphrase, from its file: no published default any more.
    expect(r.calls).toEqual([
      `stack select --create --secrets-provider passphrase dev | unset | ${r.box.passphraseFile}`,
      `--stack dev up --yes | unset | ${r.box.passphraseFile}`,
    ]);
  });

  test("keeps the user's passphrase and stack", () => {
    const r = run({ PULUMI_CONFIG_PASSPHRASE: "mine", PULUMI_STACK: "team" });
    expect(r.calls[1]).toBe("--stack team up --yes | mine | unset");
    expect(r.stderr).toBe("");
  });

  test("leaves a passphrase file alone", () => {
    const r = run({ PULUMI_CONFIG_PASSPHRASE_FILE: "/tmp/pass" });
    expect(r.calls[0]).toContain("| unset | /tmp/pass");
  });

  test("npm run outputs is pulumi stack output on the selected stack, with its passphrase, and prints only the value", () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.outputs).toBe("sh tools/pulumi-stack.sh stack output");
    const box = secretsSandbox();
    const r = box.run("pulumi-stack.sh", ["stack", "output", "caCertificate"], { PULUMI_STACK: "e2e-helm" });
    expect(r.status).toBe(0);
    expect(r.calls.map((c) => c.argv.join(" "))).toEqual([
      "stack select --create --secrets-provider passphrase e2e-helm",
      "--stack e2e-helm stack output caCertificate",
    ]);
    expect(r.calls[1].passphraseFile).toBe(box.passphraseFile);
    // What a redirect to ca.crt would get: nothing from the wrapper or the stack selection.
    expect(r.stdout).toBe("");
  });
});
