/**
 * A damaged store file: refused before anything is written (the file stays byte-identical), with
 * one clear sentence; the dashboard answers that sentence (503), never a stack trace.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { RunStore } from '../../src/store/index.js';
import { CorruptStoreError } from '../../src/store/errors.js';
import { startDashboardServer } from '../../src/web/server/dashboard-server.js';
import { RUN_INPUT, syntheticRun, tempDir } from './synthetic-run.js';

const PAGE = 4096;

/** A store holding one recorded run, checkpointed so everything is in the main file. */
function recordedStore(file: string): void {
  const store = RunStore.open(file);
  const runId = store.createRun(RUN_INPUT);
  const recorder = store.recorder(runId, { maxBatchRows: 1000 });
  for (const event of syntheticRun({ steps: 6, examples: 40 }).events) recorder(event);
  recorder.flush();
  store.setStatus(runId, 'completed', 'done');
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}

/** Overwrites pages [from, to) with garbage (page 1 holds the header and schema and is kept). */
function garble(file: string, from: number, to: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    for (let page = from; page < to; page++) fs.writeSync(fd, Buffer.alloc(PAGE, 0xa5 ^ (page & 0xff)), 0, PAGE, (page - 1) * PAGE);
  } finally {
    fs.closeSync(fd);
  }
}

const digest = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('a corrupt run store', () => {
  for (const [where, pages] of [
    ['middle pages', (n: number) => [Math.floor(n / 3), Math.floor(n / 3) + 3] as const],
    ['the last page', (n: number) => [n, n + 1] as const],
  ] as const) {
    test(`garbage in ${where}: refused at open with a clear sentence, and the file is not changed`, () => {
      const tmp = tempDir();
      try {
        const file = tmp.file();
        recordedStore(file);
        const pageCount = fs.statSync(file).size / PAGE;
        assert.ok(pageCount > 10, `a store of ${pageCount} pages`);
        const [from, to] = pages(pageCount);
        garble(file, from, to);
        const before = digest(file);
        assert.throws(
          () => RunStore.open(file),
          (error: unknown) => error instanceof CorruptStoreError && /is corrupt \(.+\); it was left untouched\. Move it aside/.test(error.message),
        );
        assert.equal(digest(file), before, 'the main file is byte-identical');
        assert.ok(!fs.existsSync(`${file}-wal`) || fs.statSync(`${file}-wal`).size === 0, 'nothing was written to a WAL');
      } finally {
        tmp.cleanup();
      }
    });
  }

  test('opro serve on a corrupt store answers its clear sentence with 503, no stack trace', async () => {
    const tmp = tempDir();
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    try {
      const file = tmp.file();
      recordedStore(file);
      garble(file, 2, fs.statSync(file).size / PAGE + 1);
      process.stderr.write = ((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }) as typeof process.stderr.write;
      const server = await startDashboardServer({ storePath: file, host: '127.0.0.1', port: 0, pollIntervalMs: 60_000 });
      try {
        // The runs list says why it is empty; a run's own page answers 503 with the same sentence.
        for (const path of ['/api/runs', '/api/runs/r-20260101-abcdef']) {
          const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
          const body = await response.text();
          assert.ok([200, 503].includes(response.status), `${path}: ${response.status}`);
          if (path !== '/api/runs') assert.equal(response.status, 503);
          assert.match(body, /the run store at .* is corrupt/);
          assert.doesNotMatch(body, /\\n\s+at |\n\s+at /);
        }
      } finally {
        await server.close();
      }
      assert.doesNotMatch(written.join(''), /\n\s+at /, 'no stack trace on the terminal');
    } finally {
      process.stderr.write = original;
      tmp.cleanup();
    }
  });
});
