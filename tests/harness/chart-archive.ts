/**
 * Small Helm chart archives and repository indexes for tests, made here: a ustar archive (POSIX
 * pax/ustar header layout, https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06)
 * gzipped with a fixed time, so the same chart always has the same bytes and digest.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { stringify } from "yaml";

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** A gzipped tar of regular files, owned by root, dated 1970. */
export function tarGz(files: Readonly<Record<string, string>>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, "utf8");
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, "utf8");
    header.write(octal(0o644, 8), 100, "ascii");
    header.write(octal(0, 8), 108, "ascii");
    header.write(octal(0, 8), 116, "ascii");
    header.write(octal(data.length, 12), 124, "ascii");
    header.write(octal(0, 12), 136, "ascii");
    header.write("        ", 148, "ascii");
    header.write("0", 156, "ascii");
    header.write("ustar\u000000", 257, "ascii");
    const sum = header.reduce((total, byte) => total + byte, 0);
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

/** A chart as `helm package` lays it out: `<chart>/Chart.yaml` and `<chart>/values.yaml`. */
export function chartArchive(chart: string, version: string): Buffer {
  return tarGz({
    [`${chart}/Chart.yaml`]: `apiVersion: v2\nname: ${chart}\nversion: ${version}\n`,
    [`${chart}/values.yaml`]: "{}\n",
  });
}

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export interface IndexedChart {
  readonly chart: string;
  readonly version: string;
  /** As the index lists it: relative to the repository, or absolute. */
  readonly url: string;
  /** Omitted: no digest in the index; default: the archive's. */
  readonly digest?: string | null;
  readonly archive: Buffer;
}

/** A repository's index.yaml, as `helm repo index` writes it. */
export function repositoryIndex(charts: readonly IndexedChart[]): string {
  const entries: Record<string, object[]> = {};
  for (const c of charts) {
    const digest = c.digest === undefined ? sha256Hex(c.archive) : c.digest;
    (entries[c.chart] ??= []).push({
      apiVersion: "v2",
      name: c.chart,
      version: c.version,
      urls: [c.url],
      ...(digest === null ? {} : { digest }),
    });
  }
  return stringify({ apiVersion: "v1", entries, generated: "2025-01-01T00:00:00Z" });
}
