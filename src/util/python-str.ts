/**
 * Python `str` semantics that a faithful port of the reference's text processing depends on.
 * JavaScript's built-ins disagree at the edges: `trim()` strips U+FEFF but not U+001C..U+001F or U+0085,
 * `.` in a regex also stops at \r and U+2028/9, strings are indexed by UTF-16 units instead of code
 * points, and `Number()` rejects what Python's `float()` accepts ("1_000", Unicode digits, "inf").
 */

/** Characters for which Python's `str.isspace()` holds: what `str.strip()` removes by default. */
export const PY_WHITESPACE =
  '\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005' +
  '\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** Python's `string.punctuation`: the 32 ASCII punctuation characters, nothing else. */
export const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Python's `string.ascii_lowercase`. */
export const ASCII_LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';

import { pyFloatRepr } from './python-float.js';

const PY_WHITESPACE_SET = new Set(PY_WHITESPACE);
const LETTER = /^\p{L}$/u;
/** Python's `str.isalpha()`: categories Lu, Ll, Lt, Lm, Lo, which is exactly `\p{L}`. */
const ALL_LETTERS = /^\p{L}+$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
/** What CPython's float parser accepts once digits are ASCII, underscores dropped and spaces stripped. */
const PY_FLOAT_LITERAL = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity|nan)$/i;
/** CPython's float parser strips only ASCII whitespace (`Py_ISSPACE`), after mapping the rest to ' '. */
const FLOAT_EDGE_WHITESPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
/** Longest run of adjacent Unicode decimal-digit blocks (the five mathematical digit sets: 50). */
const MAX_DIGIT_RUN = 64;

/** Python `s.strip(chars)`; with no `chars`, strips Python whitespace. Works on code points. */
export function pyStrip(text: string, chars?: string): string {
  const strip = chars === undefined ? PY_WHITESPACE_SET : new Set(chars);
  const points = Array.from(text);
  let start = 0;
  let end = points.length;
  while (start < end && strip.has(points[start] as string)) start += 1;
  while (end > start && strip.has(points[end - 1] as string)) end -= 1;
  return points.slice(start, end).join('');
}

/** Python `s.isalpha()`: true only for a non-empty string of letters (so `''.isalpha()` is false). */
export function pyIsAlpha(text: string): boolean {
  return ALL_LETTERS.test(text);
}

/** The last code point of `text` (Python `s[-1]`), or '' for an empty string. */
export function lastCodePoint(text: string): string {
  if (text === '') return '';
  const last = text.codePointAt(text.length - 1) as number;
  // A trailing low surrogate belongs with the unit before it when that one is a high surrogate.
  if (last >= 0xdc00 && last <= 0xdfff && text.length >= 2) {
    const pair = text.codePointAt(text.length - 2) as number;
    if (pair > 0xffff) return String.fromCodePoint(pair);
  }
  return String.fromCodePoint(last);
}

/** Python `s[:-1]`: drop the last code point. */
export function dropLastCodePoint(text: string): string {
  return text.slice(0, text.length - lastCodePoint(text).length);
}

/** Python `ch.isalpha()` for one code point. */
export function pyIsAlphaChar(char: string): boolean {
  return LETTER.test(char);
}

/** Python `s.split(sep)[0]` for a non-empty `sep`. */
export function beforeFirst(text: string, sep: string): string {
  const at = text.indexOf(sep);
  return at === -1 ? text : text.slice(0, at);
}

/** Python `s.split(sep)[-1]` for a non-empty `sep`. */
export function afterLast(text: string, sep: string): string {
  const at = text.lastIndexOf(sep);
  return at === -1 ? text : text.slice(at + sep.length);
}

/** Python `s.replace(old, new)` for a non-empty `old`; no `$` patterns in `replacement`, unlike JS. */
export function pyReplace(text: string, old: string, replacement: string): string {
  return text.split(old).join(replacement);
}

/** Python `s.translate(str.maketrans('', '', chars))`: delete every occurrence of the given characters. */
export function pyDeleteChars(text: string, chars: string): string {
  const remove = new Set(chars);
  let out = '';
  for (const char of text) if (!remove.has(char)) out += char;
  return out;
}

/** Delete Python's `string.punctuation` (ASCII only: "“" and "…" stay). */
export function pyRemovePunctuation(text: string): string {
  return pyDeleteChars(text, ASCII_PUNCTUATION);
}

/** Python `str(n)` for an int; a JS number with a fraction (or inf/nan) prints as Python's float repr. */
export function pyStr(value: bigint | number): string {
  if (typeof value === 'bigint') return value.toString();
  if (Number.isInteger(value)) return BigInt(value).toString();
  return pyFloatRepr(value);
}

/**
 * The value (0-9) of a Unicode decimal digit. Unicode encodes every Nd digit set as ten contiguous code
 * points starting at zero, and adjacent sets stay aligned, so the value is the distance from the start
 * of the run modulo ten.
 */
function decimalDigitValue(codePoint: number): number {
  let start = codePoint;
  for (let steps = 0; steps < MAX_DIGIT_RUN && start > 0; steps += 1) {
    if (!DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) break;
    start -= 1;
  }
  return (codePoint - start) % 10;
}

/**
 * Python `float(text)`, or null where Python raises ValueError. Like CPython it first maps non-ASCII
 * whitespace to spaces and Unicode decimal digits to ASCII (ASCII characters stay as they are), strips
 * ASCII whitespace only (so "\x1c1.5" is rejected although `str.strip()` would remove U+001C), checks
 * that every `_` sits between two digits, then accepts a decimal literal (".5", "5.", "1e3") or
 * inf/infinity/nan in any case.
 */
export function pyParseFloat(text: string): number | null {
  let ascii = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x7f) ascii += char;
    else if (PY_WHITESPACE_SET.has(char)) ascii += ' ';
    else if (DECIMAL_DIGIT.test(char)) ascii += String(decimalDigitValue(code));
    else return null;
  }
  ascii = ascii.replace(FLOAT_EDGE_WHITESPACE, '');
  if (!underscoresBetweenDigits(ascii)) return null;
  const literal = ascii.replaceAll('_', '');
  if (!PY_FLOAT_LITERAL.test(literal)) return null;
  const negative = literal.startsWith('-');
  const unsigned = literal.replace(/^[+-]/, '').toLowerCase();
  if (unsigned === 'inf' || unsigned === 'infinity') return negative ? -Infinity : Infinity;
  if (unsigned === 'nan') return NaN;
  return Number(literal);
}

function underscoresBetweenDigits(text: string): boolean {
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '_' && !(isDigit(text[i - 1]) && isDigit(text[i + 1]))) return false;
  }
  return true;
}
