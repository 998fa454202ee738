import { InvalidArgumentError } from 'commander';

/** Option value parsers: a bad value is a one-line usage error, never a stack trace. */
export function integer(min = 0) {
  return (value: string): number => {
    const n = Number(value);
    // Beyond 2^53 a number is no longer an exact integer (99999999999999999999 would quietly become 1e20).
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min} (at most ${Number.MAX_SAFE_INTEGER}), got "${value}"`);
    return n;
  };
}

export function number(min = -Infinity, max = Infinity) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`expected a number in [${min}, ${max}], got "${value}"`);
    return n;
  };
}

export function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}"`);
    return value as T;
  };
}

/** Repeatable string option (`-i a -i b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--buckets 100` or `--buckets none` (raw scores). */
export function buckets(value: string): number | null {
  if (value === 'none' || value === 'raw') return null;
  return integer(1)(value);
}
