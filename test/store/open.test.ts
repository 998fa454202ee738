import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  CorruptStoreError, DEFAULT_STORE_PATH, NotAnOproStoreError, OPRO_APPLICATION_ID, RunStore, SCHEMA_VERSION, StoreError,
  StoreVersionError, StoreWriteError,
} from '../../src/store/index.js';
import { exampleEvent, RUN_INPUT, syntheticRun, tempDir } from './synthetic-run.js';

/**
 * The first layout (schema version 1), written out by hand exactly as that version created it, so
 * the upgrade path is tested against a frozen file rather than against today's migration code.
 */
const V1_LAYOUT = `
CREATE TABLE runs (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, dataset TEXT, scorer TEXT, optimizer TEXT, status TEXT NOT NULL,
  status_reason TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, updated_at TEXT NOT NULL,
  config_json TEXT NOT NULL DEFAULT '{}', manifest_json TEXT NOT NULL DEFAULT '{}', summary_json TEXT NOT NULL DEFAULT '{}') STRICT;
CREATE INDEX runs_by_created ON runs(created_at);
CREATE TABLE steps (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER NOT NULL, meta_prompt TEXT, details_json TEXT,
  candidates_evaluated INTEGER, scored INTEGER, optimizer_calls INTEGER, best_key TEXT, best_score REAL, started_at TEXT NOT NULL,
  finished_at TEXT, PRIMARY KEY (run_id, step)) STRICT;
CREATE TABLE replies (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER NOT NULL, sample_index INTEGER NOT NULL,
  text TEXT, error_kind TEXT, error_message TEXT, error_json TEXT, disposition TEXT NOT NULL, reason TEXT, candidate_json TEXT, key TEXT,
  recorded_at TEXT NOT NULL, PRIMARY KEY (run_id, step, sample_index)) STRICT;
CREATE TABLE candidates (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER NOT NULL, key TEXT NOT NULL,
  solution_json TEXT NOT NULL, description TEXT NOT NULL, score REAL, stats_json TEXT, unscored_reason TEXT, recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, step, key)) STRICT;
CREATE INDEX candidates_by_score ON candidates(run_id, score);
CREATE INDEX candidates_by_key ON candidates(run_id, key);
CREATE TABLE example_results (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, split TEXT NOT NULL,
  example_index INTEGER NOT NULL, step INTEGER NOT NULL, prompt TEXT NOT NULL, target TEXT NOT NULL, raw_answer TEXT, prediction TEXT,
  correct INTEGER, outcome TEXT NOT NULL, error_message TEXT, input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,
  cached_input_tokens INTEGER NOT NULL DEFAULT 0, reasoning_tokens INTEGER NOT NULL DEFAULT 0, cached INTEGER NOT NULL DEFAULT 0,
  latency_ms REAL NOT NULL DEFAULT 0, recorded_at TEXT NOT NULL, PRIMARY KEY (run_id, key, split, example_index)) STRICT;
CREATE INDEX example_results_by_outcome ON example_results(run_id, outcome);
INSERT INTO runs VALUES ('r-20250101-abcdef', 'instructions', 'gsm8k', 'openai:gpt-4o-mini', 'openai:gpt-4o', 'completed', 'ran 1 steps',
  '2025-01-01T10:00:00.000Z', '2025-01-01T10:00:01.000Z', '2025-01-01T11:00:00.000Z', '2025-01-01T11:00:00.000Z', '{"steps":1}', '{"seed":7}', '{}');
INSERT INTO steps VALUES ('r-20250101-abcdef', 0, 'meta', NULL, 1, 1, 8, 'k1', 0.75, '2025-01-01T10:00:02.000Z', '2025-01-01T10:30:00.000Z');
INSERT INTO candidates VALUES ('r-20250101-abcdef', 0, 'k1', '"Think first."', 'Think first.', 0.75, NULL, NULL, '2025-01-01T10:30:00.000Z');
INSERT INTO example_results VALUES ('r-20250101-abcdef', 'k1', 'train', 0, 0, 'Q: 1+1?', '2', 'It is 2.', '2', 1, 'answered', NULL,
  10, 3, 0, 0, 0, 210.5, '2025-01-01T10:10:00.000Z');
`;

/** What version 2 added, frozen likewise; its stored summaries counted scorer calls by name. */
const V2_ADDITIONS = `
ALTER TABLE runs ADD COLUMN direction TEXT NOT NULL DEFAULT 'maximize' CHECK (direction IN ('maximize', 'minimize'));
ALTER TABLE runs ADD COLUMN reported_json TEXT NOT NULL DEFAULT '{}';
CREATE TABLE run_locks (run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs(id) ON DELETE CASCADE, pid INTEGER NOT NULL, host TEXT NOT NULL,
  acquired_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL) STRICT;
CREATE TABLE test_scores (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, score REAL NOT NULL, n INTEGER NOT NULL,
  recorded_at TEXT NOT NULL, PRIMARY KEY (run_id, key)) STRICT;
INSERT INTO example_results VALUES ('r-20250101-abcdef', 'k1', 'train', 1, 0, 'Q: 2+2?', '4', 'It is 5.', '5', 0, 'answered', NULL,
  10, 3, 0, 0, 1, 0, '2025-01-01T10:11:00.000Z');
INSERT INTO example_results VALUES ('r-20250101-abcdef', 'k1', 'train', 2, 0, 'Q: 3+3?', '6', NULL, NULL, NULL, 'timeout', 'timed out',
  10, 0, 0, 0, 0, 60000, '2025-01-01T10:12:00.000Z');
UPDATE runs SET summary_json = '{"bestScore":0.75,"bestKey":"k1","scorerCalls":3,"scorerCallsCached":1,"scorerAnswered":2,"scorerCorrect":1,"costUsd":0.5}';
`;

function writeRawDatabase(file: string, setup: (db: Database.Database) => void): void {
  const db = new Database(file);
  setup(db);
  db.close();
}

/**
 * The refused file is byte-identical. `noSidecars`: nothing was created beside it either (true for
 * files SQLite is never asked to open; a WAL-mode file opened read-only may gain an empty -shm/-wal).
 */
function assertUntouched(file: string, before: Buffer, error: unknown, type: new (...args: never[]) => Error, pattern: RegExp, noSidecars = true): void {
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  assert.match((error as Error).message, pattern);
  assert.ok(!(error as Error).message.includes('\n    at '), 'a sentence, not a stack trace');
  assert.ok(fs.readFileSync(file).equals(before), 'the file is byte-identical');
  if (noSidecars) assert.ok(!fs.existsSync(`${file}-wal`) && !fs.existsSync(`${file}-journal`), 'no journal was created beside it');
}

function openError(file: string, options?: { readonly?: boolean }): unknown {
  try {
    RunStore.open(file, options).close();
  } catch (error) {
    return error;
  }
  return null;
}

describe('opening a store', () => {
  test('a new store is created under .opro/ with our application id and the current schema', () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, DEFAULT_STORE_PATH);
      assert.equal(DEFAULT_STORE_PATH, path.join('.opro', 'runs.sqlite'));
      const store = RunStore.open(file);
      assert.equal(store.db.pragma('application_id', { simple: true }), OPRO_APPLICATION_ID);
      assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
      store.close();
      assert.equal(fs.readFileSync(file).readUInt32BE(68), OPRO_APPLICATION_ID, 'the id is in the main file header');
      RunStore.open(file).close();
    } finally {
      tmp.cleanup();
    }
  });

  test('a store at schema version 1 (hand-written) is upgraded and keeps its rows', () => {
    const tmp = tempDir();
    try {
      writeRawDatabase(tmp.file(), (db) => {
        db.pragma(`application_id = ${OPRO_APPLICATION_ID}`);
        db.exec(V1_LAYOUT);
        db.pragma('user_version = 1');
      });
      const store = RunStore.open(tmp.file());
      try {
        assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
        const run = store.getRun('r-20250101-abcdef');
        assert.equal(run.direction, 'maximize');
        assert.deepEqual(run.manifest, { seed: 7 });
        assert.equal(run.summary.bestScore, 0.75);
        assert.equal(run.summary.examples.evaluated, 1);
        assert.equal(store.getCandidates(run.id)[0]?.description, 'Think first.');
        assert.equal(store.getExampleResults(run.id, 'k1')[0]?.latencyMs, 210.5);
        assert.equal(store.listRuns()[0]?.steps, 1);
        // The new tables work on the old run.
        store.acquireRunLock(run.id).release();
        const record = store.recorder(run.id);
        record({ type: 'problem', step: 1, event: { type: 'test-evaluated', key: 'k1', score: 0.7, n: 1319 } });
        record.close();
        assert.equal(store.getCandidates(run.id)[0]?.testN, 1319);
      } finally {
        store.close();
      }
    } finally {
      tmp.cleanup();
    }
  });

  test('a store at schema version 2 gets generic per-example results: input, expected, output, score, kind fields', () => {
    const tmp = tempDir();
    try {
      writeRawDatabase(tmp.file(), (db) => {
        db.pragma(`application_id = ${OPRO_APPLICATION_ID}`);
        db.exec(V1_LAYOUT);
        db.exec(V2_ADDITIONS);
        db.pragma('user_version = 2');
      });
      const store = RunStore.open(tmp.file());
      try {
        assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
        const rows = store.getExampleResults('r-20250101-abcdef', 'k1');
        assert.deepEqual(
          rows.map((r) => [r.exampleIndex, r.input, r.expected, r.output, r.score, r.feedback, r.outcome, r.fields]),
          [
            [0, 'Q: 1+1?', '2', 'It is 2.', 1, null, 'answered', { prediction: '2' }],
            [1, 'Q: 2+2?', '4', 'It is 5.', 0, null, 'answered', { prediction: '5' }],
            [2, 'Q: 3+3?', '6', null, null, null, 'timeout', { prediction: null }],
          ],
        );
        assert.deepEqual(rows.map((r) => [r.cached, r.latencyMs, r.usage.inputTokens]), [[false, 210.5, 10], [true, 0, 10], [false, 60000, 10]]);
        // The stored summary (what the runs list shows without recomputing) carries the generic totals.
        const listed = store.listRuns()[0];
        assert.equal(listed?.calls, 3);
        assert.equal(listed?.costUsd, 0.5);
        const summary = store.getRun('r-20250101-abcdef').summary;
        assert.deepEqual(summary.examples, { evaluated: 3, cached: 1, answered: 2, scoreSum: 1 });
        assert.deepEqual(summary.failures.scorerErrors, { timeout: 1 });
        // A new result keeps every generic field, feedback included.
        const record = store.recorder('r-20250101-abcdef', { maxBatchRows: 1 });
        record({
          type: 'problem', step: 1,
          event: {
            type: 'example-evaluated', key: 'k2', split: 'train', exampleIndex: 0, input: 'case 0', expected: null, output: 'ok',
            score: 0.25, feedback: 'one of four checks passed', outcome: 'answered', errorMessage: null, fields: { checks: 4 },
            usage: { inputTokens: 1, outputTokens: 1 }, cached: false, latencyMs: 3,
          },
        });
        record.close();
        const [added] = store.getExampleResults('r-20250101-abcdef', 'k2');
        assert.deepEqual([added?.score, added?.feedback, added?.fields], [0.25, 'one of four checks passed', { checks: 4 }]);
      } finally {
        store.close();
      }
    } finally {
      tmp.cleanup();
    }
  });

  test('a bare version-0 file (our id, no tables yet) is initialised', () => {
    const tmp = tempDir();
    try {
      writeRawDatabase(tmp.file(), (db) => db.pragma(`application_id = ${OPRO_APPLICATION_ID}`));
      const store = RunStore.open(tmp.file());
      assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.ok(store.createRun(RUN_INPUT));
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

  test("another application's SQLite file is refused and left byte-identical", () => {
    const tmp = tempDir();
    try {
      const plain = tmp.file('notes.sqlite');
      writeRawDatabase(plain, (db) => db.exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');`));
      const before = fs.readFileSync(plain);
      assertUntouched(plain, before, openError(plain), NotAnOproStoreError, /is not an opro run store \(a SQLite database of another application: opro did not create it\)/);

      const foreign = tmp.file('foreign.sqlite');
      writeRawDatabase(foreign, (db) => {
        db.pragma('application_id = 305419896');
        db.exec('CREATE TABLE t (x)');
      });
      const foreignBefore = fs.readFileSync(foreign);
      assertUntouched(foreign, foreignBefore, openError(foreign), NotAnOproStoreError, /application id 0x12345678/);
      assertUntouched(foreign, foreignBefore, openError(foreign, { readonly: true }), NotAnOproStoreError, /not an opro run store/);
    } finally {
      tmp.cleanup();
    }
  });

  test('a garbage file and a short text file are refused and left byte-identical', () => {
    const tmp = tempDir();
    try {
      const garbage = tmp.file('garbage.sqlite');
      fs.writeFileSync(garbage, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
      assertUntouched(garbage, fs.readFileSync(garbage), openError(garbage), NotAnOproStoreError, /it is not a SQLite database/);
      const text = tmp.file('notes.txt');
      fs.writeFileSync(text, 'hello\n');
      assertUntouched(text, fs.readFileSync(text), openError(text), NotAnOproStoreError, /it is not a SQLite database/);
    } finally {
      tmp.cleanup();
    }
  });

  test('a store with our header but damaged pages is reported corrupt and left byte-identical', () => {
    const tmp = tempDir();
    try {
      RunStore.open(tmp.file()).close();
      const bytes = fs.readFileSync(tmp.file());
      // Keep the 100-byte header, scramble the rest of page 1 (the schema) and everything after it.
      for (let i = 100; i < bytes.length; i++) bytes[i] = (i * 31) % 256;
      fs.writeFileSync(tmp.file(), bytes);
      assertUntouched(tmp.file(), bytes, openError(tmp.file()), CorruptStoreError, /is corrupt/, false);
    } finally {
      tmp.cleanup();
    }
  });

  test('a store written by a newer opro is refused and left byte-identical', () => {
    const tmp = tempDir();
    try {
      RunStore.open(tmp.file()).close();
      writeRawDatabase(tmp.file(), (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 5}`));
      const before = fs.readFileSync(tmp.file());
      assertUntouched(tmp.file(), before, openError(tmp.file()), StoreVersionError, /written by a newer opro/);
    } finally {
      tmp.cleanup();
    }
  });

  test('read-only: a missing store is not created, and writes are refused with a clear error', () => {
    const tmp = tempDir();
    try {
      const error = openError(tmp.file(), { readonly: true });
      assert.ok(error instanceof StoreError && /there is no run store/.test(error.message));
      assert.ok(!fs.existsSync(tmp.file()));

      const writer = RunStore.open(tmp.file());
      const runId = writer.createRun(RUN_INPUT);
      const reader = RunStore.open(tmp.file(), { readonly: true });
      try {
        assert.equal(reader.getRun(runId).kind, 'instructions');
        assert.throws(() => reader.createRun(RUN_INPUT), (e: unknown) => e instanceof StoreWriteError && e.code === 'STORE_READONLY' && /is read-only/.test(e.message));
        const record = reader.recorder(runId, { maxBatchRows: 1 });
        assert.throws(() => record({ type: 'run-started', problem: 'instructions', steps: 1, candidatesPerStep: 1 }), StoreWriteError);
      } finally {
        reader.close();
        writer.close();
      }
    } finally {
      tmp.cleanup();
    }
  });

  test('a full disk stops recording with a clear error and keeps what was committed', () => {
    const tmp = tempDir();
    try {
      const store = RunStore.open(tmp.file());
      const runId = store.createRun(RUN_INPUT);
      const record = store.recorder(runId);
      const events = syntheticRun({ steps: 2 }).events;
      const cut = events.findIndex((e) => e.type === 'step-finished');
      for (const event of events.slice(0, cut + 1)) record(event);
      const committed = store.getRun(runId).summary.examples.evaluated;
      assert.ok(committed > 0);

      // SQLite's page cap makes the file "full" exactly as a full disk does (SQLITE_FULL).
      const pages = store.db.pragma('page_count', { simple: true }) as number;
      store.db.pragma(`max_page_count = ${pages}`);
      const huge = 'x'.repeat(1_000_000);
      const isFull = (e: unknown): boolean => e instanceof StoreWriteError && e.code === 'STORE_FULL' && /is full/.test(e.message);
      assert.throws(() => {
        for (let i = 0; i < 200; i++) record({ type: 'problem', step: 1, event: { ...exampleEvent('big', huge, 'train', i, true), prompt: huge } });
      }, isFull);
      assert.ok(record.error && isFull(record.error), 'the error is kept');
      assert.throws(() => record(events[cut + 1]!), isFull, 'later events are refused, so the run stops');
      store.close();

      const reopened = RunStore.open(tmp.file(), { readonly: true });
      assert.equal(reopened.getRun(runId).summary.examples.evaluated, committed);
      reopened.close();
    } finally {
      tmp.cleanup();
    }
  });
});
