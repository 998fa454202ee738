/** Small text renderings for terminal views: a sparkline and a fixed-width table. */

const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** One block character per value, scaled between the smallest and the largest value. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const top = SPARK_LEVELS.length - 1;
  return values
    .map((value) => SPARK_LEVELS[hi === lo ? top : Math.round(((value - lo) / (hi - lo)) * top)] ?? SPARK_LEVELS[0])
    .join('');
}

/** A horizontal bar of `width` cells filled to `fraction` (0..1). */
export function bar(fraction: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** Shortens text to `width` characters, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Left-aligned columns separated by two spaces; `numeric` columns are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number> = new Set()): string {
  const widths = header.map((title, column) => Math.max([...title].length, ...rows.map((row) => [...(row[column] ?? '')].length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => {
        const pad = ' '.repeat(Math.max(0, (widths[column] ?? 0) - [...cell].length));
        return numeric.has(column) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)].join('\n');
}
