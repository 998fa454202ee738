import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { RunStore } from '../../src/store/index.js';
import { SqliteCallCache } from '../../src/models/cache/sqlite-call-cache.js';
import { exited, firstLine, spawnHelper } from './helpers/child.js';

/**
 * Processes racing to create the same new files, and how many fresh pairs of files they race on.
 * Before creation went through createExclusively, building the files in place failed 5 to 7 of
 * these 240 opens in each of three runs (idle and busy 2 cores) with SQLITE_BUSY at once, reported
 * as "locked too long": two half-built files' rollback-journal locks deadlocked.
 */
const PROCESSES = 8;
const ROUNDS = 30;

/** Collects a child's answer lines ("ok n" / "fail n ...") as they come. */
function answers(child: ChildProcess): string[] {
  const lines: string[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      lines.push(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  });
  return lines;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test(`${PROCESSES} processes creating the same new run store and call cache, ${ROUNDS} times: every one opens it, and the files are whole`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opro-create-race-'));
  const children = Array.from({ length: PROCESSES }, () => spawnHelper('create-race.ts', [dir]));
  try {
    await Promise.all(children.map((child) => firstLine(child)));
    const replies = children.map((child) => answers(child));
    for (let round = 0; round < ROUNDS; round++) {
      // The same line reaches every child at once, so all of them find both files missing.
      for (const child of children) child.stdin?.write(`${round}\n`);
      await until(() => replies.every((lines) => lines.length > round), `round ${round}`);
    }
    const failures = replies.flat().filter((line) => !line.startsWith('ok '));
    assert.deepEqual(failures, [], 'every process opened the store and the cache it raced to create');
    for (let round = 0; round < ROUNDS; round++) {
      const store = RunStore.open(join(dir, `runs-${round}.sqlite`), { readonly: true });
      try {
        assert.equal(store.listRuns().length, PROCESSES, `round ${round}: one run per process in one store`);
      } finally {
        store.close();
      }
      const cache = SqliteCallCache.open(join(dir, `cache-${round}.sqlite`));
      try {
        assert.equal(cache.count(), PROCESSES, `round ${round}: one answer per process in one cache`);
      } finally {
        cache.close();
      }
    }
    // Nothing is left behind beside the files but SQLite's own -wal/-shm.
    const stray = readdirSync(dir).filter((name) => !/^(runs|cache)-\d+\.sqlite(-wal|-shm)?$/.test(name));
    assert.deepEqual(stray, []);
  } finally {
    for (const child of children) child.stdin?.write('end\n');
    await Promise.all(children.map((child) => exited(child)));
    rmSync(dir, { recursive: true, force: true });
  }
});
