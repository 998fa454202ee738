/**
 * Reading a (w, b) pair out of an optimizer reply, as the reference does (spec section 8):
 * take the bracketed spans on single lines, scan them from the LAST to the first, skip spans that
 * name w or b without an `=` (the literal "[w, b]" of the instruction), split the first remaining
 * span on commas, keep the text after `=` in each piece, and require exactly two numbers.
 * Proposals are then rounded half-even to integers, the precision the meta-prompt shows.
 */
import type { ParseResult } from '../../engine/problem.js';
import { pyRoundToInt } from '../../util/python-float.js';
import type { Pair } from './data.js';

/** Python's `re.findall(r"\[.*?\]")`: lazy, and Python's `.` stops only at "\n" (JS's also at "\r", U+2028...). */
const BRACKET_SPAN = /\[[^\n]*?\]/g;

/** What Python's `float()` accepts (underscores between digits, inf / infinity / nan in any case). */
const DIGITS = String.raw`\d(?:_?\d)*`;
const PY_FLOAT = new RegExp(
  String.raw`^[+-]?(?:(?:${DIGITS})?\.${DIGITS}(?:[eE][+-]?${DIGITS})?|${DIGITS}\.?(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  'i',
);

/** The reference's `extract_string_in_square_brackets`: the chosen span's inside, or null. */
export function extractBracketed(reply: string): string | null {
  const spans = reply.match(BRACKET_SPAN) ?? [];
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i] as string;
    if (!span.includes('=') && (span.includes('w') || span.includes('b'))) continue;
    return span.slice(1, -1);
  }
  return null;
}

/** Python's `float(text.strip())`, or null where Python would raise ValueError. */
export function parsePythonFloat(text: string): number | null {
  const trimmed = text.trim();
  if (!PY_FLOAT.test(trimmed)) return null;
  const lower = trimmed.toLowerCase().replace(/_/g, '');
  if (lower.endsWith('nan')) return Number.NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(lower);
}

/** The raw (unrounded) numbers of a reply, or why there are none. */
export function parsePairNumbers(reply: string): { ok: true; numbers: number[] } | { ok: false; reason: string } {
  const inside = extractBracketed(reply);
  if (inside === null) return { ok: false, reason: 'no [w, b] pair in square brackets' };
  if (inside === '') return { ok: false, reason: 'the last bracketed pair is empty' };
  const numbers: number[] = [];
  for (const piece of inside.split(',')) {
    const equals = piece.indexOf('=');
    const text = equals >= 0 ? piece.slice(equals + 1) : piece;
    const value = parsePythonFloat(text);
    if (value === null) return { ok: false, reason: `"${text.trim()}" in [${inside}] is not a number` };
    numbers.push(value);
  }
  if (numbers.length !== 2) return { ok: false, reason: `expected 2 numbers in [${inside}], found ${numbers.length}` };
  return { ok: true, numbers };
}

/**
 * The reply's pair rounded to integers. Divergence: a non-finite value (inf, nan, 1e999) is refused
 * here; the reference would keep it and then crash printing `int(inf)` in the next meta-prompt.
 */
export function parsePairReply(reply: string): ParseResult<Pair> {
  const parsed = parsePairNumbers(reply);
  if (!parsed.ok) return parsed;
  const [w, b] = parsed.numbers as [number, number];
  if (!Number.isFinite(w) || !Number.isFinite(b)) return { ok: false, reason: `[${w}, ${b}] is not a pair of finite numbers` };
  return { ok: true, solution: { w: pyRoundToInt(w), b: pyRoundToInt(b) } };
}
