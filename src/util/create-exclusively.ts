import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Creates a file that several processes may race to create (a run store or call cache that runs
 * started together on a new machine all want): each builds a whole copy under a private name beside
 * the target, then hard-links it into place. link() fails when the target already exists, so
 * exactly one copy wins, and no process ever opens a half-built file. Building in place instead let
 * SQLite's rollback-journal locks of two half-built files deadlock, which SQLite reports as
 * SQLITE_BUSY at once, without waiting.
 *
 * 'created': this process's copy is now the target; 'exists': another process (or an earlier
 * attempt) put a file there first; 'unsupported': the filesystem has no hard links, and the caller
 * falls back to creating in place.
 */
export type CreateOutcome = 'created' | 'exists' | 'unsupported';

/** Errors of link() that mean "this filesystem cannot hard-link", not "something is wrong". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

/** SQLite's companions of a database file, removed with the private copy. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

export function createExclusively(
  target: string,
  build: (privatePath: string) => void,
  link: (existing: string, created: string) => void = fs.linkSync,
): CreateOutcome {
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  // The pid and random part keep concurrent builders apart; the suffix says what a file left by a
  // crash mid-build is (safe to delete).
  const privatePath = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.creating`;
  try {
    build(privatePath);
    try {
      link(privatePath, target);
      return 'created';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') return 'exists';
      if (NO_HARD_LINKS.has(code)) return 'unsupported';
      throw error;
    }
  } finally {
    for (const suffix of COMPANIONS) fs.rmSync(`${privatePath}${suffix}`, { force: true });
  }
}
