/**
 * One kept copy on disk: a directory holding the file and, written last, entry.json with what it is
 * and its SHA-256. A copy is trusted only while its bytes still match that checksum.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** entry.json beside each copy: the fields that identify it, the file's name, and its checksum. */
export interface EntryRecord {
  readonly url: string;
  readonly version: string;
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly downloadedAt: string;
  readonly [detail: string]: unknown;
}

export type EntryLookup =
  | { readonly state: "missing" }
  | { readonly state: "damaged"; readonly why: string }
  | { readonly state: "valid"; readonly path: string; readonly data: Buffer; readonly sha256: string };

const RECORD = "entry.json";

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The copy in `entry` if its record names `identity` (url, version, …) and its bytes match the checksum. */
export async function readEntry(
  entry: string,
  identity: Readonly<Record<string, string>>,
): Promise<EntryLookup> {
  let raw: string;
  try {
    raw = await fs.promises.readFile(path.join(entry, RECORD), "utf8");
  } catch (error) {
    // A copy without its record is a download that did not finish: the record is written last.
    if (errorCode(error) === "ENOENT") return { state: "missing" };
    throw error;
  }
  let record: EntryRecord;
  try {
    record = JSON.parse(raw) as EntryRecord;
  } catch {
    return { state: "damaged", why: `its ${RECORD} is not JSON` };
  }
  const another = Object.entries(identity).some(([field, value]) => record[field] !== value);
  if (another || typeof record.sha256 !== "string") {
    return { state: "damaged", why: `its ${RECORD} describes another source` };
  }
  const file = path.join(entry, path.basename(String(record.file)));
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return { state: "damaged", why: `${path.basename(file)} is missing` };
    throw error;
  }
  const actual = sha256(data);
  if (actual !== record.sha256) {
    return {
      state: "damaged",
      why: `its SHA-256 is ${actual}, but ${record.sha256} was recorded when it was downloaded`,
    };
  }
  return { state: "valid", path: file, data, sha256: actual };
}

/** Writes beside the target and renames, so a reader never sees half a file. */
async function writeAtomically(target: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await fs.promises.writeFile(temporary, data);
  await fs.promises.rename(temporary, target);
}

/** Keeps `data` as `<entry>/<record.file>` with its record; returns the file's path and checksum. */
export async function writeEntry(
  entry: string,
  record: {
    readonly url: string;
    readonly version: string;
    readonly file: string;
    readonly [detail: string]: string;
  },
  data: Buffer,
): Promise<{ readonly path: string; readonly sha256: string }> {
  const digest = sha256(data);
  const full: EntryRecord = {
    ...record,
    sha256: digest,
    bytes: data.byteLength,
    downloadedAt: new Date().toISOString(),
  };
  const file = path.join(entry, record.file);
  await fs.promises.mkdir(entry, { recursive: true });
  await writeAtomically(file, data);
  await writeAtomically(path.join(entry, RECORD), `${JSON.stringify(full, null, 2)}\n`);
  return { path: file, sha256: digest };
}
