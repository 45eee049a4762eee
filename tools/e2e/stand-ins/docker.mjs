// Stand-in docker for the e2e lane: the two questions the program asks about a k3d cluster
// (components/cluster/k3d-scripts.ts): its network's subnet, and the owner label of its first server.
import process from "node:process";
import { readState, settings } from "./sim.mjs";

const sim = settings();
const args = process.argv.slice(2);
const fail = (message, code = 1) => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

function option(name) {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const joined = args.find((a) => a.startsWith(`${name}=`));
  return joined?.slice(name.length + 1);
}

/** The last argument that is neither a flag nor a flag's value. */
function target() {
  const words = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--format" || args[i] === "-f") i++;
    else if (!args[i].startsWith("-")) words.push(args[i]);
  }
  return words[words.length - 1];
}

function networkInspect() {
  const network = target();
  const name = /^k3d-(.+)$/.exec(network ?? "")?.[1];
  if (!name || readState(sim, name) === undefined)
    fail(`Error response from daemon: network ${network} not found`);
  const format = option("--format") ?? option("-f");
  if (format === undefined) {
    const gateway = sim.subnet.replace(/\.0\/\d+$/, ".1");
    process.stdout.write(
      `${JSON.stringify([{ Name: network, IPAM: { Config: [{ Subnet: sim.subnet, Gateway: gateway }] } }], null, 2)}\n`,
    );
  } else if (/\.Subnet/.test(format)) {
    process.stdout.write(`${sim.subnet} \n`);
  } else fail(`stand-in docker: unsupported --format ${format}`, 64);
}

function inspect() {
  const container = target();
  const match = /^k3d-(.+)-(server|agent)-(\d+)$/.exec(container ?? "");
  const state = match ? readState(sim, match[1]) : undefined;
  const count = match && state ? (match[2] === "server" ? state.servers : state.agents) : 0;
  if (!match || !state || Number(match[3]) >= count) fail(`Error: No such object: ${container}`);
  const format = option("--format") ?? option("-f") ?? "";
  const label = /index \.Config\.Labels "([^"]+)"/.exec(format)?.[1];
  if (label === undefined) fail(`stand-in docker: unsupported --format ${format}`, 64);
  process.stdout.write(`${state.labels[label] ?? ""}\n`);
}

if (args[0] === "network" && args[1] === "inspect") networkInspect();
else if (args[0] === "inspect") inspect();
else fail(`stand-in docker: unsupported arguments: ${args.join(" ")}`, 64);
