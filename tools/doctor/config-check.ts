/** The stack file, read and validated exactly as `pulumi up` will (same parseConfig, same messages). */
import { ConfigError } from "../../components/config/errors";
import { parseConfig } from "../../components/config/parse";
import type { SandboxConfig } from "../../components/config/types";
import { readStackConfigText, stackFileName } from "./stack-config";
import type { CheckResult } from "./types";

export interface ConfigCheck {
  readonly result: CheckResult;
  /** The stack's config, or the defaults when the file is invalid (so the other checks still run). */
  readonly config: SandboxConfig;
  readonly secretKeys: readonly string[];
}

/** `text` is the file's contents, or undefined when the file does not exist. */
export function checkConfig(text: string | undefined, stack: string): ConfigCheck {
  const fileName = stackFileName(stack);
  const check = `config (${fileName})`;
  const defaults = parseConfig({});
  if (text === undefined) {
    return {
      result: {
        check,
        status: "warn",
        detail: `${fileName} not found; every key takes its default. Create the stack: pulumi stack init ${stack}`,
      },
      config: defaults,
      secretKeys: [],
    };
  }
  try {
    const file = readStackConfigText(text, fileName);
    const config = parseConfig(file.raw);
    const apps = config.apps.map((a) => a.host).join(", ");
    return {
      result: {
        check,
        status: "ok",
        detail: `mode ${config.mode}, Istio ${config.istio.version} via ${config.istio.installer}, apps: ${apps}`,
      },
      config,
      secretKeys: file.secretKeys,
    };
  } catch (error) {
    const detail =
      error instanceof ConfigError
        ? `${error.message}\n(the checks below assume the defaults until this is fixed)`
        : `${(error as Error).message}`;
    return { result: { check, status: "fail", detail }, config: defaults, secretKeys: [] };
  }
}
