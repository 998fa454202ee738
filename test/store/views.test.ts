import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { RunStore, type RunListRow } from '../../src/store/index.js';
import { builtinKinds } from '../../src/kinds/builtin.js';
import { CHART_WIDTH, formatRunList as formatList, formatRunShow as formatShow, formatScore } from '../../src/cli/views/run-views.js';
import { sparkline, table, truncate } from '../../src/cli/views/text-chart.js';
import { RUN_INPUT, syntheticRun, tempDir } from './synthetic-run.js';

const kinds = builtinKinds();
const formatRunList = (rows: readonly RunListRow[]): string => formatList(rows, kinds);
const formatRunShow = (detail: Parameters<typeof formatShow>[0]): string => formatShow(detail, kinds);

const ROW: RunListRow = {
  id: 'r-20261123-1a2b3c', kind: 'instructions', dataset: 'gsm8k', scorer: 'openai:gpt-4o-mini', optimizer: 'openai:gpt-4o',
  status: 'running', statusReason: null, live: false, bestScore: 0.8123, steps: 12, calls: 123456, costUsd: 3.5,
  createdAt: '2026-11-23T10:00:00.000Z', startedAt: '2026-11-23T10:00:05.000Z',
};

describe('terminal views', () => {
  test('the run list is a table with one line per run', () => {
    const text = formatRunList([ROW, { ...ROW, id: 'r-20261122-ffffff', kind: 'tsp', dataset: null, status: 'completed', bestScore: 1234.5678, costUsd: null, live: false }]);
    const lines = text.split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^ID\s+TASK\s+SCORER\s+OPTIMIZER\s+STATUS\s+BEST\s+STEPS\s+CALLS\s+COST\s+STARTED$/);
    assert.match(lines[1] ?? '', /r-20261123-1a2b3c\s+instructions\/gsm8k\s+openai:gpt-4o-mini\s+openai:gpt-4o\s+stalled\s+81\.2%\s+12\s+123,456\s+\$3\.50\s+2026-11-23 10:00/);
    assert.match(lines[2] ?? '', /r-20261122-ffffff\s+tsp\s+.*completed\s+1234\.6\s+.*-/);
    assert.match(formatRunList([{ ...ROW, live: true }]), /\srunning\s/);
    assert.match(formatRunList([]), /No runs yet/);
  });

  test('show has the manifest, best instructions with train and test accuracy, a chart and failure counts', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      const { events, expected } = syntheticRun({ steps: 6, candidatesPerStep: 5, examples: 12 });
      const record = store.recorder(runId);
      for (const event of events) record(event);
      record.close();
      const detail = store.getRunDetail(runId);
      assert.equal(detail.top.length, 5);
      const text = formatRunShow(detail);

      assert.match(text, new RegExp(`^Run ${runId}  instructions · gsm8k`));
      assert.match(text, /status\s+completed \(ran 6 steps\)/);
      assert.match(text, /scorer openai:gpt-4o-mini · optimizer openai:gpt-4o/);
      assert.match(text, /Manifest\n\s+seed\s+0\n/);
      assert.match(text, /dataset\.hash\s+sha256:abc123/);
      assert.match(text, /cacheNamespace\s+default/);
      const bestLine = text.split('\n').find((line) => line.includes(expected.best.solution));
      assert.ok(bestLine, 'the best instruction is listed');
      assert.ok(bestLine.includes(formatScore(expected.best.score, 'percent')), 'with its train accuracy');
      assert.ok(bestLine.includes(`${formatScore(expected.testScore, 'percent')} (n=${expected.testN})`), 'and its test accuracy');
      assert.match(text, /best so far\s+[▁▂▃▄▅▆▇█]{7}\s/);
      assert.match(text, /Score per step \(steps init\.\.6\)/);
      assert.match(text, /optimizer replies\s+duplicate \d+ · failed \d+/);
      assert.match(text, /optimizer errors\s+rate-limited \d+/);
      assert.match(text, new RegExp(`scorer errors\\s+timeout ${expected.failedExamples}`));
      assert.match(text, new RegExp(`unscored candidates\\s+${expected.unscored}`));
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('show of a run with nothing recorded yet says so instead of failing', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const text = formatRunShow(store.getRunDetail(store.createRun({ kind: 'tsp', config: {}, manifest: {}, direction: 'minimize' })));
      assert.match(text, /\(none scored yet\)/);
      assert.match(text, /\(no scored steps yet\)/);
      assert.match(text, /Manifest\n\s+\(empty\)/);
      assert.match(text, /optimizer replies\s+none/);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('a long run is drawn in at most CHART_WIDTH marks', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const detail = store.getRunDetail(store.createRun(RUN_INPUT));
      const scoreByStep = Array.from({ length: 200 }, (_, step) => ({ step, candidates: 8, best: (step % 50) / 100, mean: 0.2, bestSoFar: Math.min(step, 49) / 100 }));
      const text = formatRunShow({ ...detail, scoreByStep });
      const marks = /best so far  ([▁▂▃▄▅▆▇█]+)  0\.0% → 49\.0%/.exec(text)?.[1];
      assert.equal([...(marks ?? '')].length, CHART_WIDTH);
      assert.match(text, /steps 1\.\.200, 4 steps per mark at most/);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('text helpers: sparkline scales, table aligns, truncate marks the cut', () => {
    assert.equal(sparkline([0, 0.5, 1]), '▁▅█');
    assert.equal(sparkline([2, 2]), '██');
    assert.equal(sparkline([]), '');
    assert.equal(table(['A', 'N'], [['x', '1'], ['yy', '22']], new Set([1])), 'A    N\nx    1\nyy  22');
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abc', 4), 'abc');
    assert.equal(formatScore(null, 'percent'), '-');
    assert.equal(formatScore(0.5, 'percent'), '50.0%');
    assert.equal(formatScore(3, 'number'), '3');
  });
});
