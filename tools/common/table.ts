/** Plain-text tables for terminal reports. Pure, so the exact layout is tested. */

export interface TableOptions {
  /** Cells longer than this wrap onto continuation lines; 0 disables wrapping. */
  readonly maxCellWidth?: number;
}

/** Splits a cell into lines: at its own newlines, then at spaces so no line exceeds `width`. */
export function wrapCell(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    if (width <= 0 || paragraph.length <= width) {
      lines.push(paragraph);
      continue;
    }
    let current = "";
    for (const word of paragraph.split(" ")) {
      if (current.length === 0) current = word;
      else if (current.length + 1 + word.length <= width) current += ` ${word}`;
      else {
        lines.push(current);
        current = word;
      }
    }
    lines.push(current);
  }
  return lines;
}

/**
 * Renders `rows` under `headers`, columns padded to their widest line and separated by two spaces.
 * Multi-line cells continue on following lines with the other columns left blank.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const maxWidth = options.maxCellWidth ?? 0;
  const wrapped = [headers, ...rows].map((row) => headers.map((_, i) => wrapCell(row[i] ?? "", maxWidth)));
  const widths = headers.map((_, i) =>
    Math.max(...wrapped.map((cells) => Math.max(...cells[i].map((l) => l.length)))),
  );
  const out: string[] = [];
  const emit = (cells: string[][]) => {
    const height = Math.max(...cells.map((c) => c.length));
    for (let line = 0; line < height; line++) {
      out.push(
        cells
          .map((c, i) => (i === cells.length - 1 ? (c[line] ?? "") : (c[line] ?? "").padEnd(widths[i])))
          .join("  ")
          .trimEnd(),
      );
    }
  };
  emit(wrapped[0]);
  out.push(widths.map((w) => "-".repeat(w)).join("  "));
  wrapped.slice(1).forEach(emit);
  return out.join("\n");
}
