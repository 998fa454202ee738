/**
 * A plain-text table with aligned columns, for the paper-style summaries printed by the CLI.
 * (Shared by the linear-regression and TSP tables.)
 */

export type Align = 'left' | 'right';

export interface TextTable {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  /** Row indices before which a separator line is drawn (the paper's row groups). */
  separatorsBefore?: readonly number[];
  /** Per column; numbers read best right-aligned, the default. */
  align?: readonly Align[];
}

/** Display width: code points, so "±" and "−" count as one column. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'left' ? text + fill : fill + text;
}

export function renderTextTable(table: TextTable): string {
  const columns = table.headers.length;
  for (const row of table.rows) {
    if (row.length !== columns) throw new Error(`table row has ${row.length} cells, expected ${columns}`);
  }
  const widths = table.headers.map((header, c) => Math.max(width(header), ...table.rows.map((row) => width(row[c] as string))));
  const alignOf = (c: number): Align => table.align?.[c] ?? 'right';
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => pad(cell, widths[c] as number, alignOf(c))).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const separators = new Set(table.separatorsBefore ?? []);
  const body = table.rows.flatMap((row, i) => (separators.has(i) && i > 0 ? [rule, line(row)] : [line(row)]));
  return [line(table.headers), rule, ...body].join('\n');
}
