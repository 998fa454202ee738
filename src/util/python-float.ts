/**
 * Python's float rounding and printing, reproduced exactly. The reference code shows scores with
 * `round(score, 3)` and answers with `'{:.0f}'.format(round(x, 0))`; Python rounds half to even on
 * the exact binary value of the double, which neither `Math.round` nor `toFixed` does.
 */

/** The exact decimal expansion of a finite double: digits (no sign) and how many of them are decimals. */
function exactDecimal(x: number): { negative: boolean; digits: bigint; scale: number } {
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  if (abs === 0) return { negative, digits: 0n, scale: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExp = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biasedExp === 0) {
    exp = -1074; // subnormal
  } else {
    mantissa |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  if (exp >= 0) return { negative, digits: mantissa << BigInt(exp), scale: 0 };
  // m * 2^exp = m * 5^-exp / 10^-exp
  return { negative, digits: mantissa * 5n ** BigInt(-exp), scale: -exp };
}

/** `'{:.Nf}'.format(x)` for N >= 0: exact value, rounded half to even. */
export function pyFormatFixed(x: number, decimals: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const { negative, digits, scale } = exactDecimal(x);
  let scaled: bigint;
  if (scale <= decimals) {
    scaled = digits * 10n ** BigInt(decimals - scale);
  } else {
    const divisor = 10n ** BigInt(scale - decimals);
    const quotient = digits / divisor;
    const twiceRemainder = (digits % divisor) * 2n;
    if (twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n === 1n)) scaled = quotient + 1n;
    else scaled = quotient;
  }
  let text = scaled.toString();
  if (decimals > 0) {
    text = text.padStart(decimals + 1, '0');
    text = `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
  }
  return negative ? `-${text}` : text;
}

/** Python's `round(x, ndigits)` for a float and ndigits >= 0 (returns a float, -0.0 preserved). */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x)) return x;
  return Number(pyFormatFixed(x, ndigits));
}

/** Python's `round(x)` (no ndigits): an integer, half to even. */
export function pyRoundToInt(x: number): number {
  const r = pyRound(x, 0);
  return r === 0 ? 0 : r;
}

/** Python's `repr(float)` / `str(float)`: shortest round-trip digits, '1.0' style, 1e+16 style. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exponent = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${body}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const frac = digits.slice(exponent + 1);
  return `${sign}${intPart}.${frac || '0'}`;
}
