/**
 * The few Python `str` semantics the instruction text functions depend on. JavaScript's built-ins
 * disagree at the edges (`trim` strips U+FEFF but not U+001C..U+001F or U+0085; `\d` misses '²'), and a
 * faithful port must treat those characters the way the reference's Python does.
 */

/** Characters for which Python's `str.isspace()` holds (what `str.strip()` removes). */
const PY_WHITESPACE =
  '\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005' +
  '\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

const LEADING_PY_WHITESPACE = new RegExp(`^[${PY_WHITESPACE}]+`, 'u');
const TRAILING_PY_WHITESPACE = new RegExp(`[${PY_WHITESPACE}]+$`, 'u');

/** Python `s.strip()` with no argument. */
export function pyStrip(text: string): string {
  return text.replace(LEADING_PY_WHITESPACE, '').replace(TRAILING_PY_WHITESPACE, '');
}

/**
 * Python `str.isdigit()` on one character: decimal digits (Unicode Nd) plus the characters whose
 * Numeric_Type is Digit (superscripts, subscripts, circled digits...). The second list was taken from
 * Python 3.11 (Unicode 14); later Unicode versions only added Nd digits, which `\p{Nd}` already covers.
 */
const PY_DIGIT =
  /[\p{Nd}\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\u{10a40}-\u{10a43}\u{10e60}-\u{10e68}\u{11052}-\u{1105a}\u{1f100}-\u{1f10a}]/u;

/** Python `any(ch.isdigit() for ch in text)`. */
export function pyHasDigit(text: string): boolean {
  return PY_DIGIT.test(text);
}

/** Python `len(text)`: code points, not UTF-16 units. */
export function pyLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
