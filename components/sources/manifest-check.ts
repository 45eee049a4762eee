/** A cheap look at downloaded text before it is kept: a proxy's or portal's HTML page is no manifest. */
import { parseAllDocuments } from "yaml";

/** Undefined when `text` is YAML with at least one object that has an apiVersion and a kind. */
export function manifestProblem(text: string): string | undefined {
  const documents = parseAllDocuments(text);
  const broken = documents.find((doc) => doc.errors.length > 0);
  if (broken) return `not YAML: ${broken.errors[0].message.split("\n")[0]}`;
  const objects = documents.map((doc) => doc.toJS() as unknown);
  const found = objects.some(
    (o) =>
      o !== null &&
      typeof o === "object" &&
      typeof (o as Record<string, unknown>).apiVersion === "string" &&
      typeof (o as Record<string, unknown>).kind === "string",
  );
  return found ? undefined : "no document with an apiVersion and a kind";
}
