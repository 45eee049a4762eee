// What the stand-in k3d and docker share: the lane's settings for kwokctl (sim-cluster.ts writes
// them to the file that ISTIO_SANDBOX_E2E_SIM names), and what k3d and Docker would know about a
// cluster's nodes (their labels), kept as one JSON file per cluster.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";

export function settings() {
  const file = process.env.ISTIO_SANDBOX_E2E_SIM;
  if (!file) {
    process.stderr.write("this k3d/docker is the e2e lane's stand-in; run it through npm run e2e\n");
    process.exit(64);
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** Runs kwokctl with the lane's environment; its output goes to `stdout` ("inherit" or "pipe"). */
export function kwokctl(sim, args, stdout = "inherit") {
  const result = spawnSync(sim.kwokctl, args, {
    env: { ...process.env, ...sim.env },
    stdio: ["ignore", stdout === "inherit" ? process.stderr : "pipe", process.stderr],
    encoding: "utf8",
  });
  if (result.error) {
    process.stderr.write(`kwokctl: ${result.error.message}\n`);
    return { status: 127, stdout: "" };
  }
  return { status: result.status ?? 1, stdout: result.stdout ?? "" };
}

export function clusters(sim) {
  const { status, stdout } = kwokctl(sim, ["get", "clusters"], "pipe");
  if (status !== 0) process.exit(status);
  return stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

function stateFile(sim, name) {
  return path.join(sim.stateDir, `${name}.json`);
}

/** What k3d recorded when it made cluster `name`, or undefined. */
export function readState(sim, name) {
  try {
    return JSON.parse(fs.readFileSync(stateFile(sim, name), "utf8"));
  } catch {
    return undefined;
  }
}

export function writeState(sim, name, state) {
  fs.mkdirSync(sim.stateDir, { recursive: true });
  fs.writeFileSync(stateFile(sim, name), JSON.stringify(state));
}

export function removeState(sim, name) {
  fs.rmSync(stateFile(sim, name), { force: true });
}
