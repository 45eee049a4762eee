import { ConfigError, parseConfig } from "../../components/config";

/** The one problem line a raw config produces; fails the test when the config is accepted. */
export function problem(raw: Record<string, unknown>): string {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split("\n").slice(1);
    expect(lines).toHaveLength(1);
    return lines[0].trim();
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}
