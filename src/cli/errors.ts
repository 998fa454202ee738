/** Errors of these types are bugs in opro, so their stack trace helps; anything else is a clear message. */
const BUG_ERROR_TYPES = [TypeError, ReferenceError, RangeError, SyntaxError];

/**
 * User mistakes and outside failures are printed as one clear line; a genuine bug shows its stack
 * trace (set OPRO_DEBUG=1 to always see it).
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const isBug = BUG_ERROR_TYPES.some((type) => error instanceof type);
  if (process.env.OPRO_DEBUG || isBug) return error.stack ?? error.message;
  return error.message;
}
