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
      assert.match(line, /30\.8% \(n=263\)\s+\[25\.5, 36\.6\]\s+71\.8% \(n=1319\)\s+\[69\.3, 74\.2\]\s+3\s+Take a deep breath\./);
      assert.match(text, /Best solutions \(train \/ test; 95% Wilson intervals\)/);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
