import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../../src/store/index.js';
import { formatRunShow } from '../../src/cli/views/run-views.js';
import { builtinKinds } from '../../src/kinds/builtin.js';

describe('opro runs show', () => {
  test('train and held-out accuracies carry their Wilson intervals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opro-stats-show-'));
    const store = RunStore.open(join(dir, 'runs.sqlite'));
    try {
      const runId = store.createRun({ kind: 'instructions', dataset: 'gsm8k', config: {}, manifest: {} });
      const record = store.recorder(runId);
      const entry = { solution: 'Take a deep breath.', key: 'k1', score: 81 / 263, step: 3, stats: { total: 263, answered: 263, correct: 81, failed: 0 } };
      record({ type: 'candidate-scored', step: 3, entry });
      record({ type: 'problem', step: 4, event: { type: 'test-evaluated', key: 'k1', score: 947 / 1319, n: 1319 } });
      record.close();
      const text = formatRunShow(store.getRunDetail(runId), builtinKinds());
      const line = text.split('\n').find((l) => l.includes('Take a deep breath.')) ?? '';
      // Engine step 3 is shown as step 4: steps count from 1 for people (init is the initial solutions).
      assert.match(line, /30\.8% \(n=263\)\s+\[25\.5, 36\.6\]\s+71\.8% \(n=1319\)\s+\[69\.3, 74\.2\]\s+4\s+Take a deep breath\./);
      assert.match(text, /Best solutions \(train \/ test; 95% Wilson intervals\)/);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('what matters comes first: the long manifest is last; the initial solution is "init", steps count from 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opro-stats-show-'));
    const store = RunStore.open(join(dir, 'runs.sqlite'));
    try {
      const manifest = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`setting${i}`, i]));
      const runId = store.createRun({ kind: 'instructions', dataset: 'gsm8k', config: {}, manifest });
      const record = store.recorder(runId);
      record({ type: 'candidate-scored', step: -1, entry: { solution: 'Start here.', key: 'k0', score: 0.5, step: -1, stats: { total: 10, answered: 10, correct: 5, failed: 0 } } });
      record({ type: 'candidate-scored', step: 28, entry: { solution: 'Better.', key: 'k1', score: 0.6, step: 28, stats: { total: 10, answered: 10, correct: 6, failed: 0 } } });
      record.close();
      const text = formatRunShow(store.getRunDetail(runId), builtinKinds());
      const at = (heading: string): number => text.split('\n').findIndex((l) => l.startsWith(heading));
      assert.ok(at('Best solutions') > 0 && at('Best solutions') < at('Manifest'));
      assert.ok(at('Failures') < at('Manifest'));
      assert.match(text, /\s29\s+Better\./, 'step 28 of the engine is step 29 for people, as in the CLI report and the dashboard');
      assert.match(text, /\sinit\s+Start here\./);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
