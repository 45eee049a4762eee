/** Reads the stack's `istio-sandbox:*` config from the Pulumi engine and parses it. */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "./errors";
import { parseConfig } from "./parse";
import type { SandboxConfig } from "./types";

/**
 * Collects this project's keys from the engine. Structured values reach the program as JSON text
 * (https://www.pulumi.com/docs/iac/concepts/config/#structured-configuration), scalars as plain text.
 */
export function readStackConfig(all: Record<string, string> = pulumi.runtime.allConfig()): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    raw[key] = /^\s*[[{]/.test(text) ? JSON.parse(text) : text;
  }
  return raw;
}

export function loadConfig(): SandboxConfig {
  return parseConfig(readStackConfig());
}
