// Stand-in k3d for the e2e lane: the k3d commands the program's scripts run
// (components/cluster/k3d-scripts.ts) and doctor's `cluster list -o json`, answered by kwokctl
// with a simulated cluster of as many nodes as the config's servers plus agents.
import fs from "node:fs";
import process from "node:process";
import { parse } from "yaml";
import { clusters, kwokctl, readState, removeState, settings, writeState } from "./sim.mjs";

const sim = settings();
const args = process.argv.slice(2);
const fail = (message, code = 1) => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

/** `--config FILE` / `--config=FILE`, `-o json`. */
function option(name) {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const joined = args.find((a) => a.startsWith(`${name}=`));
  return joined?.slice(name.length + 1);
}

/** The first argument after `skip` words that is not a flag. */
function positional(skip) {
  return args.slice(skip).find((a) => !a.startsWith("-"));
}

function create() {
  const file = option("--config");
  if (!file) fail("stand-in k3d: cluster create needs --config FILE", 64);
  const config = parse(fs.readFileSync(file, "utf8")) ?? {};
  const name = config.metadata?.name;
  if (!name) fail(`stand-in k3d: ${file} has no metadata.name`, 64);
  if (clusters(sim).includes(name))
    fail(`FATA[0000] Failed to create cluster '${name}' because a cluster with that name already exists`);
  const servers = Number(config.servers ?? 1);
  const agents = Number(config.agents ?? 0);
  const labels = Object.fromEntries(
    (config.options?.runtime?.labels ?? []).map((l) => {
      const at = String(l.label).indexOf("=");
      return [String(l.label).slice(0, at), String(l.label).slice(at + 1)];
    }),
  );
  // Recorded first, so that a cluster half-made by an interrupted create still carries its owner.
  writeState(sim, name, { name, servers, agents, labels });
  let result = kwokctl(sim, [...sim.createArgs, `--name=${name}`]);
  if (result.status !== 0) fail(`FATA[0010] Failed to create cluster '${name}'`, result.status);
  result = kwokctl(sim, ["scale", "node", `--replicas=${servers + agents}`, `--name=${name}`]);
  if (result.status !== 0) fail(`FATA[0010] Failed to add nodes to cluster '${name}'`, result.status);
  process.stderr.write(
    `INFO[0000] Cluster '${name}' created successfully (simulated, ${servers + agents} nodes)\n`,
  );
}

function list() {
  const names = clusters(sim);
  if (option("-o") === "json" || option("--output") === "json") {
    const listed = names.map((name) => {
      const state = readState(sim, name) ?? { servers: 1, agents: 0 };
      return {
        name,
        serversCount: state.servers,
        serversRunning: state.servers,
        agentsCount: state.agents,
        agentsRunning: state.agents,
      };
    });
    process.stdout.write(`${JSON.stringify(listed)}\n`);
    return;
  }
  const name = positional(2);
  if (name !== undefined) {
    if (!names.includes(name))
      fail(`FATA[0000] failed to get cluster ${name}: No nodes found for given cluster`);
    process.stdout.write(`NAME\n${name}\n`);
    return;
  }
  process.stdout.write(`NAME\n${names.join("\n")}\n`);
}

function remove() {
  const name = positional(2);
  if (!name) fail("stand-in k3d: cluster delete needs a NAME", 64);
  // k3d exits 0 for a cluster that does not exist; so does this.
  if (clusters(sim).includes(name)) {
    const result = kwokctl(sim, ["delete", "cluster", `--name=${name}`]);
    if (result.status !== 0) fail(`FATA[0001] Failed to delete cluster '${name}'`, result.status);
  }
  removeState(sim, name);
  process.stderr.write(`INFO[0001] Successfully deleted cluster ${name}!\n`);
}

function kubeconfig() {
  const name = positional(2);
  if (!name || !clusters(sim).includes(name)) fail(`FATA[0000] failed to get cluster ${name ?? ""}`);
  const result = kwokctl(sim, ["get", "kubeconfig", `--name=${name}`], "pipe");
  if (result.status !== 0) fail(`FATA[0000] failed to get kubeconfig for cluster '${name}'`, result.status);
  process.stdout.write(result.stdout);
}

switch (`${args[0] ?? ""} ${args[1] ?? ""}`) {
  case "cluster create":
    create();
    break;
  case "cluster list":
    list();
    break;
  case "cluster delete":
    remove();
    break;
  case "kubeconfig get":
    kubeconfig();
    break;
  default:
    if (args[0] === "version")
      process.stdout.write("k3d version v5.8.3 (e2e stand-in)\nk3s version simulated\n");
    else fail(`stand-in k3d: unsupported arguments: ${args.join(" ")}`, 64);
}
