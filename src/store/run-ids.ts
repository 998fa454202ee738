import { randomBytes } from 'node:crypto';

/** 3 random bytes: 16M ids per day, short enough to type; collisions are retried on insert. */
const RANDOM_BYTES = 3;

/** A short readable run id, e.g. `r-20261123-1a2b3c` (UTC date of creation + random hex). */
export function newRunId(now: Date = new Date()): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `r-${date}-${randomBytes(RANDOM_BYTES).toString('hex')}`;
}
