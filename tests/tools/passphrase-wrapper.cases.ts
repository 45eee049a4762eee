/**
 * tools/with-passphrase.sh and tools/pulumi-stack.sh, run for real against a stand-in pulumi: this
 * machine's passphrase file, stacks still under the published passphrase, and private local state.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { MACHINE_PASSPHRASE, SALT_MACHINE, SALT_OTHER, SALT_PUBLISHED } from "./passphrase-vectors";
import { modeOf, type PulumiCall, secretsSandbox, TOOLS } from "./secrets-sandbox";

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const argvs = (calls: PulumiCall[]) => calls.map((c) => c.argv.join(" "));
const CREATED = "Made this machine's passphrase";

/** A machine passphrase file written by the test, as a user restoring a backup would. */
function restoreMachinePassphrase(file: string, mode = 0o600, content = `${MACHINE_PASSPHRASE}\n`) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
}

describe("passphrase wrapper: this machine's passphrase", () => {
  test("made on first use: 32 random bytes, mode 0600 in a 0700 folder, handed to pulumi as PULUMI_CONFIG_PASSPHRASE_FILE", () => {
    const box = secretsSandbox();
    const r = box.run("with-passphrase.sh", ["pulumi", "config", "get", "agents"]);
    expect(r.status).toBe(0);
    const passphrase = fs.readFileSync(box.passphraseFile, "utf8").trim();
    expect(Buffer.from(passphrase, "base64url")).toHaveLength(32);
    expect(modeOf(box.passphraseFile)).toBe(0o600);
    expect(modeOf(path.dirname(box.passphraseFile))).toBe(0o700);
    expect(r.calls).toEqual([
      expect.objectContaining({
        argv: ["config", "get", "agents"],
        passphrase: null,
        passphraseFile: box.passphraseFile,
        passphraseFileSha256: sha256(box.passphraseFile),
      }),
    ]);
    // Said once, on stderr: where the file is and that it must be kept; never the passphrase.
    expect(r.stderr).toContain(`${CREATED} for the stacks' secrets`);
    expect(r.stderr).toContain(box.passphraseFile);
    expect(r.stderr).toContain("back it up");
    expect(r.stdout + r.stderr).not.toContain(passphrase);
    expect(fs.readdirSync(path.dirname(box.passphraseFile))).toEqual(["passphrase"]);
  });

  test("kept: a second run uses the same file and says nothing", () => {
    const box = secretsSandbox();
    box.run("with-passphrase.sh", ["pulumi", "version"]);
    const first = fs.readFileSync(box.passphraseFile, "utf8");
    const r = box.run("with-passphrase.sh", ["pulumi", "version"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(fs.readFileSync(box.passphraseFile, "utf8")).toBe(first);
    expect(r.calls[1].passphraseFileSha256).toBe(r.calls[0].passphraseFileSha256);
  });

  test("lives under XDG_CONFIG_HOME when that is an absolute path", () => {
    const box = secretsSandbox();
    const xdg = path.join(box.home, "xdg");
    const r = box.run("with-passphrase.sh", ["pulumi", "version"], { XDG_CONFIG_HOME: xdg });
    expect(r.calls[0].passphraseFile).toBe(path.join(xdg, "istio-sandbox", "passphrase"));
    const relative = box.run("with-passphrase.sh", ["pulumi", "version"], { XDG_CONFIG_HOME: "rel" });
    expect(relative.calls[1].passphraseFile).toBe(box.passphraseFile);
  });

  test("private even when the caller's umask is 000", () => {
    const box = secretsSandbox();
    const r = box.run("with-passphrase.sh", ["pulumi", "version"], {}, "000");
    expect(r.status).toBe(0);
    expect(modeOf(box.passphraseFile)).toBe(0o600);
    expect(modeOf(path.dirname(box.passphraseFile))).toBe(0o700);
  });

  test("a passphrase folder others can enter is made private, saying so", () => {
    const box = secretsSandbox();
    fs.mkdirSync(path.dirname(box.passphraseFile), { recursive: true });
    fs.chmodSync(path.dirname(box.passphraseFile), 0o755);
    const r = box.run("with-passphrase.sh", ["pulumi", "version"]);
    expect(r.status).toBe(0);
    expect(modeOf(path.dirname(box.passphraseFile))).toBe(0o700);
    expect(r.stderr).toContain(
      `Made ${path.dirname(box.passphraseFile)} readable by you only (it was 0755).`,
    );
  });

  test.each([
    ["readable by the group", 0o640],
    ["readable by others", 0o604],
    ["writable by others", 0o602],
  ])("refuses a passphrase file %s, with the fix, and runs nothing", (_, mode) => {
    const box = secretsSandbox();
    restoreMachinePassphrase(box.passphraseFile, mode);
    const r = box.run("pulumi-stack.sh", ["up", "--yes"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `The passphrase file ${box.passphraseFile} may be read or changed by other users (mode 0${mode.toString(8)})`,
    );
    expect(r.stderr).toContain(`Fix: chmod 600 ${box.passphraseFile}`);
    expect(r.stderr).not.toContain(MACHINE_PASSPHRASE);
    expect(r.calls).toEqual([]);
  });

  test.each([
    ["empty", ""],
    ["blank", " \n\n"],
  ])("refuses an %s passphrase file, with the fix, and runs nothing", (_, content) => {
    const box = secretsSandbox();
    restoreMachinePassphrase(box.passphraseFile, 0o600, content);
    const r = box.run("with-passphrase.sh", ["pulumi", "version"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`The passphrase file ${box.passphraseFile} is empty.`);
    expect(r.stderr).toContain(
      `Fix: put back the copy you backed up; if no stack was made with it yet, delete it`,
    );
    expect(r.calls).toEqual([]);
    // Refused, not replaced: a lost passphrase is for the user to restore.
    expect(fs.readFileSync(box.passphraseFile, "utf8")).toBe(content);
  });

  test("a restored passphrase file is used as it is", () => {
    const box = secretsSandbox();
    restoreMachinePassphrase(box.passphraseFile);
    const r = box.run("with-passphrase.sh", ["pulumi", "version"]);
    expect(r.stderr).toBe("");
    expect(r.calls[0].passphraseFileSha256).toBe(sha256(box.passphraseFile));
    expect(fs.readFileSync(box.passphraseFile, "utf8")).toBe(`${MACHINE_PASSPHRASE}\n`);
  });

  test("the user's PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE wins, and no file is made", () => {
    const box = secretsSandbox();
    const own = box.run("pulumi-stack.sh", ["up", "--yes"], { PULUMI_CONFIG_PASSPHRASE: "mine" });
    expect(own.status).toBe(0);
    expect(own.calls.map((c) => [c.passphrase, c.passphraseFile])).toEqual([
      ["mine", null],
      ["mine", null],
    ]);
    const file = box.run("with-passphrase.sh", ["pulumi", "version"], {
      PULUMI_CONFIG_PASSPHRASE_FILE: "/somewhere/pass",
    });
    expect(file.calls[2]).toMatchObject({ passphrase: null, passphraseFile: "/somewhere/pass" });
    expect(own.stderr + file.stderr).toBe("");
    expect(fs.existsSync(path.dirname(box.passphraseFile))).toBe(false);
  });

  test("a run that loses the race to make the file uses the winner's passphrase and leaves no temporary file", () => {
    const box = secretsSandbox();
    const module = path.join(TOOLS, "secrets", "machine-passphrase.mjs");
    // The other run publishes its passphrase between this run's write and its link.
    const script = `
      import * as fs from "node:fs";
      import { ensureMachinePassphrase } from ${JSON.stringify(module)};
      const file = process.argv[1];
      const said = [];
      const passphrase = ensureMachinePassphrase(file, (t) => said.push(t), () =>
        fs.writeFileSync(file, "the-winners-passphrase\\n", { mode: 0o600 }),
      );
      console.log(JSON.stringify({ passphrase, said, left: fs.readdirSync(${JSON.stringify(path.dirname(box.passphraseFile))}) }));
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, box.passphraseFile], {
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      passphrase: "the-winners-passphrase",
      said: [],
      left: ["passphrase"],
    });
    expect(fs.readFileSync(box.passphraseFile, "utf8")).toBe("the-winners-passphrase\n");
  });

  test("runs started side by side on a new machine all use one passphrase, announced once", async () => {
    const box = secretsSandbox();
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() => box.start("with-passphrase.sh", ["pulumi", "version"])),
    );
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0, 0]);
    expect(new Set(box.calls().map((c) => c.passphraseFileSha256))).toEqual(
      new Set([sha256(box.passphraseFile)]),
    );
    expect(runs.filter((r) => r.stderr.includes(CREATED))).toHaveLength(1);
    expect(fs.readdirSync(path.dirname(box.passphraseFile))).toEqual(["passphrase"]);
  });
});

describe("passphrase wrapper: stacks under the published passphrase", () => {
  test("moves the stack to this machine's passphrase with change-secrets-provider, then runs the command", () => {
    const box = secretsSandbox();
    const stackFile = box.stackFile("dev", SALT_PUBLISHED);
    const r = box.run("pulumi-stack.sh", ["up", "--yes"]);
    expect(r.status).toBe(0);
    const passphrase = fs.readFileSync(box.passphraseFile, "utf8");
    expect(argvs(r.calls)).toEqual([
      "stack change-secrets-provider --stack dev --non-interactive passphrase",
      "stack select --create --secrets-provider passphrase dev",
      "--stack dev up --yes",
    ]);
    // The old passphrase in the environment, the new one on stdin; run in the project folder.
    expect(r.calls[0]).toMatchObject({
      passphrase: "istio-sandbox",
      passphraseFile: null,
      stdin: passphrase,
      cwd: box.project,
    });
    for (const call of r.calls.slice(1)) {
      expect(call).toMatchObject({ passphrase: null, passphraseFile: box.passphraseFile });
    }
    expect(fs.readFileSync(stackFile, "utf8")).not.toContain(SALT_PUBLISHED);
    expect(r.stderr).toContain(
      'Stack dev keeps its secrets (the kubeconfig, the CA\'s private key) under the published passphrase "istio-sandbox"',
    );
    expect(r.stderr).toContain("Moved stack dev to this machine's passphrase.");
    expect(r.stdout + r.stderr).not.toContain(passphrase.trim());
    // Done once: the next run finds the stack under this machine's passphrase.
    const again = box.run("pulumi-stack.sh", ["preview"]);
    expect(argvs(again.calls).slice(3)).toEqual([
      "stack select --create --secrets-provider passphrase dev",
      "--stack dev preview",
    ]);
    expect(again.stderr).toBe("");
  });

  test("the stack is the one the command names: PULUMI_STACK, or --stack for doctor and verify", () => {
    const box = secretsSandbox();
    box.stackFile("team", SALT_PUBLISHED);
    box.stackFile("other", SALT_PUBLISHED);
    const team = box.run("pulumi-stack.sh", ["preview"], { PULUMI_STACK: "team" });
    expect(argvs(team.calls)[0]).toBe(
      "stack change-secrets-provider --stack team --non-interactive passphrase",
    );
    const other = box.run("with-passphrase.sh", ["pulumi", "stack", "output", "--stack=other"]);
    expect(other.status).toBe(0);
    expect(argvs(other.calls).slice(3)).toEqual([
      "stack change-secrets-provider --stack other --non-interactive passphrase",
      "stack output --stack=other",
    ]);
  });

  test("stops with the exact steps, running nothing else, when change-secrets-provider fails", () => {
    const box = secretsSandbox();
    box.stackFile("dev", SALT_PUBLISHED);
    const r = box.run("pulumi-stack.sh", ["up", "--yes"], { STUB_MIGRATE: "fail" });
    expect(r.status).toBe(1);
    expect(argvs(r.calls)).toEqual([
      "stack change-secrets-provider --stack dev --non-interactive passphrase",
    ]);
    expect(r.stderr).toContain("error: no stack named 'dev' found");
    expect(r.stderr).toContain(
      'Stack dev still keeps its secrets under the published passphrase "istio-sandbox": pulumi stack change-secrets-provider failed (exit 255).',
    );
    expect(r.stderr).toContain(
      `  PULUMI_CONFIG_PASSPHRASE=istio-sandbox pulumi stack change-secrets-provider --stack dev passphrase < ${box.passphraseFile}\n`,
    );
    expect(r.stderr).toContain("delete the encryptionsalt line and any secure: values from Pulumi.dev.yaml");
  });

  test("stops when the stack file still opens with the published passphrase afterwards", () => {
    const box = secretsSandbox();
    box.stackFile("dev", SALT_PUBLISHED);
    const r = box.run("with-passphrase.sh", ["pulumi", "version"], { STUB_MIGRATE: "ignore" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "after pulumi stack change-secrets-provider, Pulumi.dev.yaml still does not open with this machine's passphrase",
    );
    expect(argvs(r.calls)).toEqual([
      "stack change-secrets-provider --stack dev --non-interactive passphrase",
    ]);
  });

  test("a stack under this machine's passphrase is left alone, silently", () => {
    const box = secretsSandbox();
    restoreMachinePassphrase(box.passphraseFile);
    box.stackFile("dev", SALT_MACHINE);
    const r = box.run("pulumi-stack.sh", ["preview"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(argvs(r.calls)).toEqual([
      "stack select --create --secrets-provider passphrase dev",
      "--stack dev preview",
    ]);
  });

  test("a stack under some other passphrase is left alone, with a hint", () => {
    const box = secretsSandbox();
    box.stackFile("dev", SALT_OTHER);
    const r = box.run("pulumi-stack.sh", ["preview"]);
    expect(r.status).toBe(0);
    expect(argvs(r.calls)).toEqual([
      "stack select --create --secrets-provider passphrase dev",
      "--stack dev preview",
    ]);
    expect(r.stderr).toContain(
      `Stack dev was not made with this machine's passphrase (${box.passphraseFile}).`,
    );
  });

  test("with the user's own passphrase nothing is moved; the published one draws a warning", () => {
    const box = secretsSandbox();
    box.stackFile("dev", SALT_PUBLISHED);
    const r = box.run("pulumi-stack.sh", ["preview"], { PULUMI_CONFIG_PASSPHRASE: "istio-sandbox" });
    expect(r.status).toBe(0);
    expect(argvs(r.calls)).toEqual([
      "stack select --create --secrets-provider passphrase dev",
      "--stack dev preview",
    ]);
    expect(r.stderr).toContain('PULUMI_CONFIG_PASSPHRASE is "istio-sandbox", the published passphrase');
    expect(fs.existsSync(box.passphraseFile)).toBe(false);
  });
});

describe("passphrase wrapper: local state readable by the user only", () => {
  test("pulumi runs under umask 077, so what it writes is 0600", () => {
    const box = secretsSandbox();
    const r = box.run("pulumi-stack.sh", ["up", "--yes"], {}, "022");
    expect(r.calls.map((c) => c.umask)).toEqual(["0077", "0077"]);
    const own = box.run(
      "with-passphrase.sh",
      ["pulumi", "version"],
      { PULUMI_CONFIG_PASSPHRASE: "mine" },
      "022",
    );
    expect(own.calls[2].umask).toBe("0077");
  });

  test("~/.pulumi is made 0700 when missing", () => {
    const box = secretsSandbox();
    box.run("with-passphrase.sh", ["pulumi", "version"], {}, "000");
    expect(modeOf(box.stateDir)).toBe(0o700);
  });

  test("a ~/.pulumi that others can read is made private, saying so once", () => {
    const box = secretsSandbox();
    fs.mkdirSync(box.stateDir, { mode: 0o755 });
    fs.chmodSync(box.stateDir, 0o755);
    const r = box.run("with-passphrase.sh", ["pulumi", "version"], { PULUMI_CONFIG_PASSPHRASE: "mine" });
    expect(r.status).toBe(0);
    expect(modeOf(box.stateDir)).toBe(0o700);
    expect(r.stderr).toBe(
      `Made ${box.stateDir}, where the stacks' state is kept, readable by you only (it was 0755).\n`,
    );
    const again = box.run("with-passphrase.sh", ["pulumi", "version"], { PULUMI_CONFIG_PASSPHRASE: "mine" });
    expect(again.stderr).toBe("");
  });

  test("left alone when PULUMI_BACKEND_URL points pulumi at other state", () => {
    const box = secretsSandbox();
    fs.mkdirSync(box.stateDir, { mode: 0o755 });
    fs.chmodSync(box.stateDir, 0o755);
    const r = box.run("with-passphrase.sh", ["pulumi", "version"], {
      PULUMI_CONFIG_PASSPHRASE: "mine",
      PULUMI_BACKEND_URL: "file:///srv/state",
    });
    expect(r.status).toBe(0);
    expect(modeOf(box.stateDir)).toBe(0o755);
  });
});
