/** Reads the stack's `istio-sandbox:*` config from the Pulumi engine and parses it. */
import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "./parse";
import { readStackConfig } from "./stack-values";
import type { SandboxConfig } from "./types";

export function loadConfig(): SandboxConfig {
  return parseConfig(readStackConfig(pulumi.runtime.allConfig()));
}
