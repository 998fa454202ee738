import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { RunStore, RunNotFoundError } from '../../src/store/index.js';
import { RUN_INPUT, syntheticRun, tempDir } from './synthetic-run.js';

function count(store: RunStore, table: string, runId: string): number {
  return (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ?`).get(runId) as { n: number }).n;
}

describe('create, record, query', () => {
  test('a recorded run reads back step by step, candidate by candidate, example by example', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      assert.match(runId, /^r-\d{8}-[0-9a-f]{6}$/);
      assert.equal(store.getRun(runId).status, 'created');

      const { events, expected } = syntheticRun({ steps: 6, candidatesPerStep: 5, examples: 12 });
      // The fixture must exercise the failure paths, or the checks below would prove little.
      assert.ok(expected.unscored > 0 && expected.failedExamples > 0);
      assert.ok((expected.replyDispositions['failed'] ?? 0) > 0 && (expected.replyDispositions['duplicate'] ?? 0) > 0);
      const record = store.recorder(runId);
      for (const event of events) record(event);
      record.close();

      assert.equal(count(store, 'steps', runId), expected.steps + 1, 'steps 0..n-1 plus the initial step -1');
      assert.equal(count(store, 'replies', runId), expected.replies);
      assert.equal(count(store, 'candidates', runId), expected.candidates);
      assert.equal(count(store, 'example_results', runId), expected.examples);

      const run = store.getRun(runId);
      assert.equal(run.status, 'completed');
      assert.equal(run.statusReason, 'ran 6 steps');
      assert.ok(run.startedAt && run.finishedAt);
      assert.deepEqual(run.manifest, RUN_INPUT.manifest);
      assert.deepEqual(run.config, RUN_INPUT.config);
      assert.equal(run.summary.bestScore, expected.best.score);
      assert.equal(run.summary.bestKey, expected.best.key);
      assert.equal(run.summary.stepsCompleted, expected.steps);
      assert.equal(run.summary.optimizerCalls, expected.replies);
      assert.equal(run.summary.examples.evaluated, expected.examples);
      assert.equal(run.summary.candidatesScored, expected.scored);
      assert.equal(run.summary.failures.scorerErrors['timeout'], expected.failedExamples);
      assert.equal(run.summary.failures.unscoredCandidates, expected.unscored);
      assert.equal(run.summary.usage.byRole['scorer']?.inputTokens, expected.examples * 120);
      assert.ok(run.summary.usage.byModel['openai:gpt-4o-mini']);

      const candidates = store.getCandidates(runId);
      assert.equal(candidates.length, expected.candidates);
      assert.equal(candidates[0]?.key, expected.best.key, 'ordered best first');
      assert.equal(candidates[0]?.description, expected.best.solution);
      assert.equal(candidates[0]?.testScore, expected.testScore);
      assert.equal(candidates[0]?.testN, expected.testN);
      assert.equal(candidates.at(-1)?.score, expected.unscored > 0 ? null : candidates.at(-1)?.score, 'unscored last');
      const byStep = store.getCandidates(runId, { orderBy: 'step', limit: 2, offset: 1 });
      assert.equal(byStep.length, 2);
      assert.ok((byStep[0]?.step ?? -2) <= (byStep[1]?.step ?? -2));

      const steps = store.getSteps(runId);
      assert.deepEqual(steps.map((s) => s.step), [-1, 0, 1, 2, 3, 4, 5]);
      assert.deepEqual(steps[1]?.details, { exemplarIndices: [0, 7, 11] });
      const step2 = store.getStep(runId, 2);
      assert.ok(step2);
      assert.match(step2.metaPrompt ?? '', /Step 2\./);
      assert.equal(step2.replies.length, 5);
      assert.deepEqual(step2.replies.map((r) => r.sampleIndex), [0, 1, 2, 3, 4]);
      assert.equal(step2.replies[0]?.disposition, 'accepted');
      assert.equal(store.getStep(runId, 99), null);

      const examples = store.getExampleResults(runId, expected.best.key, { split: 'train', limit: 5, offset: 5 });
      assert.deepEqual(examples.map((e) => e.exampleIndex), [5, 6, 7, 8, 9]);
      const testRows = store.getExampleResults(runId, expected.best.key, { split: 'test' });
      assert.equal(testRows.length, expected.testN);
      assert.equal(testRows[0]?.usage.inputTokens, 120);

      const chart = store.scoreByStep(runId);
      assert.equal(chart[0]?.step, -1);
      for (let i = 1; i < chart.length; i++) assert.ok((chart[i]?.bestSoFar ?? 0) >= (chart[i - 1]?.bestSoFar ?? 0));
      assert.equal(chart.at(-1)?.bestSoFar, expected.best.score);

      const failures = store.failureCounts(runId);
      for (const [disposition, n] of Object.entries(expected.replyDispositions)) {
        if (disposition !== 'accepted') assert.equal(failures.replies[disposition as 'failed'], n, disposition);
      }
      assert.equal(failures.optimizerErrors['rate-limited'] ?? 0, expected.replyDispositions['failed'] ?? 0);

      const list = store.listRuns();
      assert.equal(list.length, 1);
      assert.equal(list[0]?.id, runId);
      assert.equal(list[0]?.steps, expected.steps);
      assert.equal(list[0]?.calls, expected.replies + expected.examples);
      assert.equal(list[0]?.bestScore, expected.best.score);
      assert.equal(list[0]?.live, false);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('setStatus keeps the caller-reported cost and usage over recomputed counts', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      const record = store.recorder(runId);
      for (const event of syntheticRun().events.slice(0, 20)) record(event);
      store.updateSummary(runId, { costUsd: 0.25 });
      const summary = store.setStatus(runId, 'failed', 'the scorer endpoint went away', {
        costUsd: 0.5, usage: { byRole: { optimizer: { inputTokens: 9, outputTokens: 9, cachedInputTokens: 0, reasoningTokens: 0 } }, byModel: {} },
      });
      assert.equal(summary.costUsd, 0.5);
      assert.ok(summary.usage.byRole['optimizer']);
      assert.ok(summary.usage.byRole['scorer'], 'recomputed scorer usage kept beside the reported one');
      const run = store.getRun(runId);
      assert.equal(run.status, 'failed');
      assert.equal(run.statusReason, 'the scorer endpoint went away');
      assert.equal(run.summary.costUsd, 0.5);
      assert.equal(store.listRuns()[0]?.costUsd, 0.5);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('for a minimizing problem the lowest score is best', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun({ kind: 'tsp', optimizer: 'scripted:tsp', direction: 'minimize', config: {}, manifest: {} });
      const record = store.recorder(runId);
      const tour = (score: number, step: number) => ({ solution: [0, score % 5, 2], key: `t${score}`, score, step });
      record({ type: 'candidate-scored', step: -1, entry: tour(40, -1) });
      record({ type: 'candidate-scored', step: 0, entry: tour(31, 0) });
      record({ type: 'candidate-scored', step: 0, entry: tour(35, 0) });
      record({ type: 'candidate-scored', step: 1, entry: tour(33, 1) });
      record.close();
      assert.deepEqual(store.getCandidates(runId).map((c) => c.score), [31, 33, 35, 40]);
      assert.equal(store.getCandidates(runId)[0]?.description, '[0,1,2]', 'non-string solutions are shown as JSON');
      assert.deepEqual(store.getCandidates(runId)[0]?.solution, [0, 1, 2]);
      assert.equal(store.getRun(runId).summary.bestScore, 31);
      assert.deepEqual(store.scoreByStep(runId).map((s) => s.bestSoFar), [40, 31, 31]);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('an unknown run id is a RunNotFoundError with a clear message', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      for (const call of [
        () => store.getRun('r-nope'), () => store.getSteps('r-nope'), () => store.getCandidates('r-nope'),
        () => store.recorder('r-nope'), () => store.deleteRun('r-nope'), () => store.scoreByStep('r-nope'),
        () => store.setStatus('r-nope', 'failed', 'x'), () => store.acquireRunLock('r-nope'),
      ]) {
        assert.throws(call, (error: unknown) => error instanceof RunNotFoundError && /no run with id r-nope/.test(error.message));
      }
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('deleteRun removes the run and every row of it, leaving other runs', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const keep = store.createRun(RUN_INPUT);
      const drop = store.createRun(RUN_INPUT);
      for (const runId of [keep, drop]) {
        const record = store.recorder(runId);
        for (const event of syntheticRun().events) record(event);
        record.close();
      }
      store.deleteRun(drop);
      assert.throws(() => store.getRun(drop), RunNotFoundError);
      for (const table of ['steps', 'replies', 'candidates', 'example_results', 'test_scores']) {
        assert.equal(count(store, table, drop), 0, table);
        assert.ok(count(store, table, keep) > 0, table);
      }
      assert.deepEqual(store.listRuns().map((r) => r.id), [keep]);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('a malformed example-evaluated event is refused at once without poisoning the recorder', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      const record = store.recorder(runId);
      assert.throws(() => record({ type: 'problem', step: 0, event: { type: 'example-evaluated', key: 'k' } }), /lacks required fields/);
      record({ type: 'problem', step: 0, event: { type: 'progress', done: 3 } });
      record({ type: 'run-started', problem: 'instructions', steps: 1, candidatesPerStep: 1 });
      assert.equal(record.error, null);
      assert.equal(store.getRun(runId).status, 'running');
    } finally {
      store.close();
      tmp.cleanup();
    }
  });
});
