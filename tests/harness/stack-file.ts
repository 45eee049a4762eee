import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const ROOT = path.resolve(__dirname, "../..");

/** A stack file's project keys, without the namespace, as the program receives them. */
export function stackConfig(file: string): Record<string, unknown> {
  const doc = parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(doc.config)
      .filter(([key]) => key.startsWith("istio-sandbox:"))
      .map(([key, value]) => [key.slice("istio-sandbox:".length), value]),
  );
}
