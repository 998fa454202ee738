import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineEvent } from '../../src/engine/events.js';
import { RunStore } from '../../src/store/index.js';
import { exampleEvent, RUN_INPUT, syntheticRun, tempDir } from './synthetic-run.js';

const TABLES = ['steps', 'replies', 'candidates', 'example_results', 'test_scores'] as const;

function counts(store: RunStore, runId: string): Record<string, number> {
  return Object.fromEntries(
    TABLES.map((table) => [table, (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ?`).get(runId) as { n: number }).n]),
  );
}

/** Everything recorded except the timestamps, which legitimately differ between passes. */
function content(store: RunStore, runId: string): unknown {
  return {
    steps: store.db.prepare(`SELECT step, meta_prompt, details_json, scored, optimizer_calls, best_key, best_score FROM steps WHERE run_id = ? ORDER BY step`).all(runId),
    replies: store.db.prepare(`SELECT step, sample_index, text, error_json, disposition, reason, candidate_json, key FROM replies WHERE run_id = ? ORDER BY step, sample_index`).all(runId),
    candidates: store.db.prepare(`SELECT step, key, solution_json, description, score, stats_json, unscored_reason FROM candidates WHERE run_id = ? ORDER BY step, key`).all(runId),
    examples: store.db.prepare(`SELECT key, split, example_index, fields_json, score, outcome, cached, latency_ms FROM example_results WHERE run_id = ? ORDER BY key, split, example_index`).all(runId),
  };
}

function recordAll(store: RunStore, runId: string, events: readonly EngineEvent<unknown>[]): void {
  const record = store.recorder(runId);
  for (const event of events) record(event);
  record.close();
}

describe('re-recording (resume replays the run from the start)', () => {
  test('the same events recorded twice leave identical rows and counts', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      const first = syntheticRun({ steps: 5 });
      recordAll(store, runId, first.events);
      const before = { counts: counts(store, runId), content: content(store, runId), summary: store.getRun(runId).summary };
      assert.equal(before.counts['example_results'], first.expected.examples);

      // The resume: the same trajectory, every scorer answer now a cache hit.
      recordAll(store, runId, syntheticRun({ steps: 5, cached: true }).events);
      assert.deepEqual(counts(store, runId), before.counts);
      assert.deepEqual(content(store, runId), before.content, 'cache replays keep the first, real answers (cached = 0, real latency)');
      const after = store.getRun(runId).summary;
      assert.equal(after.examples.evaluated, before.summary.examples.evaluated);
      assert.equal(after.examples.cached, 0);
      assert.equal(after.optimizerCalls, before.summary.optimizerCalls);
      assert.equal(after.bestScore, before.summary.bestScore);
      assert.deepEqual(after.failures, before.summary.failures);

      recordAll(store, runId, first.events);
      assert.deepEqual(counts(store, runId), before.counts);
      assert.equal(store.listRuns().length, 1);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('a run that died mid-step and is replayed in full ends like an uninterrupted run', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const { events, expected } = syntheticRun({ steps: 5 });
      const clean = store.createRun(RUN_INPUT);
      recordAll(store, clean, events);

      const crashed = store.createRun(RUN_INPUT);
      const cut = events.findIndex((e) => e.type === 'evaluation-started' && e.step === 2) + 7;
      recordAll(store, crashed, events.slice(0, cut));
      assert.equal(store.getRun(crashed).status, 'running', 'no run-finished was seen');
      assert.ok(counts(store, crashed)['example_results']! < expected.examples);

      recordAll(store, crashed, events);
      assert.deepEqual(counts(store, crashed), counts(store, clean));
      assert.deepEqual(content(store, crashed), content(store, clean));
      const run = store.getRun(crashed);
      assert.equal(run.status, 'completed');
      assert.equal(run.summary.bestScore, expected.best.score);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('a call that failed before the crash and succeeds on resume replaces its failure', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      const record = store.recorder(runId, { maxBatchRows: 1 });
      record({ type: 'problem', step: 0, event: { ...exampleEvent('k1', 'Be brief.', 'train', 3, null) } });
      assert.equal(store.failureCounts(runId).scorerErrors['timeout'], 1);
      record({ type: 'problem', step: 0, event: { ...exampleEvent('k1', 'Be brief.', 'train', 3, true) } });
      const rows = store.getExampleResults(runId, 'k1');
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.outcome, 'answered');
      assert.equal(rows[0]?.score, 1, 'graded correct');
      assert.deepEqual(store.failureCounts(runId).scorerErrors, {});
    } finally {
      store.close();
      tmp.cleanup();
    }
  });
});
