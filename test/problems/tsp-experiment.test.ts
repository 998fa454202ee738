import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  optimalityGap,
  runTspExperiment,
  summarizeTspSize,
  type TspExperimentEvent,
  type TspInstanceResult,
} from '../../src/problems/tsp/experiment.js';
import { PAPER_TABLE3, PAPER_TSP_SIZES } from '../../src/problems/tsp/paper.js';
import { formatTspTable } from '../../src/problems/tsp/table.js';
import { optimalTraceFor } from './helpers/oracle.js';
import { scriptedOptimizer } from './helpers/scripted-optimizer.js';

function instance(index: number, gaps: { nn: number; fi: number; opro: number | null }, steps: number | null, kind: 'exact' | 'heuristic' = 'exact'): TspInstanceResult {
  return {
    instance: index, seed: index, status: steps === null ? 'completed' : 'optimum-reached', reason: '',
    referenceKind: kind, referenceLength: 100, nearestNeighbourLength: 100 + gaps.nn, farthestInsertionLength: 100 + gaps.fi,
    oproLength: gaps.opro === null ? null : 100 + gaps.opro, bestTour: null,
    gaps: { nearestNeighbour: gaps.nn, farthestInsertion: gaps.fi, opro: gaps.opro },
    stepsToOptimum: steps, stepsCompleted: steps ?? 500, optimizerCalls: 0,
    replyCounts: { accepted: 0, duplicate: 0, rejected: 0, unparsable: 0, failed: 0 },
  };
}

describe('TSP experiment', () => {
  test('an oracle optimizer closes every gap at step 1; events are tagged with n and instance', async () => {
    const events: TspExperimentEvent[] = [];
    const optimizer = scriptedOptimizer(({ call, prompt }) => (call % 8 === 0 ? optimalTraceFor(prompt) : 'no idea'));
    const result = await runTspExperiment({ optimizer, sizes: [6, 9], instances: 2, steps: 5, seed: 7, maxExtraDrawsPerStep: 0, onEvent: (e) => events.push(e) });
    assert.equal(result.stopped, null);
    assert.deepEqual(result.rows.map((r) => r.n), [6, 9]);
    for (const row of result.rows) {
      assert.equal(row.referenceKind, 'exact');
      assert.equal(row.successes, 2);
      assert.deepEqual(row.steps, { mean: 1, spread: 0, count: 2 });
      assert.ok(Math.abs(row.gaps.opro?.mean as number) < 1e-9);
      assert.ok((row.gaps.nearestNeighbour?.mean as number) >= 0 && (row.gaps.farthestInsertion?.mean as number) >= 0);
      for (const r of row.instances) {
        assert.equal(r.replyCounts.unparsable, 7);
        assert.ok(Math.abs(r.gaps.nearestNeighbour - optimalityGap(r.nearestNeighbourLength, r.referenceLength)) < 1e-12);
      }
    }
    const started = events.filter((e) => e.type === 'instance-started');
    assert.deepEqual(started.map((e) => [e.n, e.instance]), [[6, 0], [6, 1], [9, 0], [9, 1]]);
    assert.ok(events.some((e) => e.type === 'engine' && e.n === 9 && e.instance === 1 && e.event.type === 'run-finished'));
    assert.notEqual(result.rows[0]?.instances[0]?.seed, result.rows[0]?.instances[1]?.seed);
  });

  test('optimality gap in percent', () => {
    assert.equal(optimalityGap(113, 100), 13);
    assert.equal(optimalityGap(100, 100), 0);
  });

  test('summary: gaps mean ± s.e. over instances, steps over those that reached the optimum', () => {
    const row = summarizeTspSize(15, [
      instance(0, { nn: 10, fi: 2, opro: 0 }, 40),
      instance(1, { nn: 20, fi: 0, opro: 4 }, null),
      instance(2, { nn: 0, fi: 1, opro: 0 }, 60),
      instance(3, { nn: 10, fi: 1, opro: null }, null),
    ]);
    assert.equal(row.successes, 2);
    assert.deepEqual(row.steps, { mean: 50, spread: 10 / Math.sqrt(2), count: 2 });
    assert.equal(row.gaps.nearestNeighbour?.mean, 10);
    assert.equal(row.gaps.nearestNeighbour?.spread, Math.sqrt(50) / 2);
    assert.equal(row.gaps.opro?.count, 3);
    assert.equal(row.referenceKind, 'exact');
    assert.equal(summarizeTspSize(50, [instance(0, { nn: 1, fi: 1, opro: 1 }, null, 'heuristic')]).referenceKind, 'heuristic');
    assert.equal(summarizeTspSize(50, [instance(0, { nn: 1, fi: 1, opro: 1 }, null)]).steps, null);
  });

  test('an instance cut off by a cap counts in no figure (heuristics included), and the table says so', () => {
    const cut = { ...instance(1, { nn: 50, fi: 50, opro: 90 }, null), status: 'budget' as const };
    const row = summarizeTspSize(10, [instance(0, { nn: 10, fi: 2, opro: 0 }, 40), cut]);
    assert.equal(row.instances.length, 2, 'the cut-off instance stays in the results');
    assert.equal(row.finishedInstances, 1);
    assert.equal(row.gaps.opro?.mean, 0);
    assert.equal(row.gaps.nearestNeighbour?.mean, 10);
    assert.match(formatTspTable([row]), /our 1 seeded instance\(s\) per n[^]*stopped early .* is not counted/);
  });

  test('the paper data: sizes and Table 3 figures', () => {
    assert.deepEqual(PAPER_TSP_SIZES, [10, 15, 20, 50]);
    assert.deepEqual(PAPER_TABLE3[2]?.steps['gpt-3.5-turbo'], { figure: { mean: 438.0, spread: 0.0 }, successes: 1 });
    assert.deepEqual(PAPER_TABLE3[1]?.steps['text-bison'], { figure: null, successes: 0 });
    assert.deepEqual(PAPER_TABLE3[3]?.farthestInsertion, { mean: 9.8, spread: 1.5 });
  });

  test('the table puts our figures next to the paper in Table 3 layout', () => {
    const rows = [
      summarizeTspSize(10, [instance(0, { nn: 12, fi: 3, opro: 0 }, 9), instance(1, { nn: 14, fi: 3.4, opro: 0 }, 11)]),
      summarizeTspSize(50, [instance(0, { nn: 20, fi: 10, opro: 50 }, null, 'heuristic')]),
    ];
    const text = formatTspTable(rows, { label: 'openai:gpt-4o-mini' });
    const lines = text.split('\n');
    assert.match(lines[0] as string, /Table 3\), ours = openai:gpt-4o-mini/);
    const cells = (line: string): string[] => line.split('|').map((c) => c.trim());
    // Three narrow tables, each under its caption: the heuristics, OPRO's gaps, OPRO's steps.
    const table = (caption: string): string[][] => {
      const at = lines.findIndex((l) => l.startsWith(caption));
      assert.ok(at >= 0, caption);
      const body: string[][] = [];
      for (const line of lines.slice(at + 1)) {
        if (!line.includes('|') && !/^-+(-\+-+)+$/.test(line)) break;
        if (!/^-+(-\+-+)+$/.test(line)) body.push(cells(line));
      }
      return body;
    };
    const heuristics = table('Optimality gap % of the heuristics');
    assert.deepEqual(heuristics[0], ['n', 'reference', 'NN', 'NN (paper)', 'FI', 'FI (paper)']);
    assert.deepEqual(heuristics[1], ['10', 'exact', '13.0 ± 0.7', '13.0 ± 1.3', '3.2 ± 0.1', '3.2 ± 1.4']);
    assert.deepEqual(heuristics[2]?.slice(0, 2), ['50', 'heuristic']);
    const opro = table('Optimality gap % of OPRO');
    assert.deepEqual(opro[0], ['n', 'ours', 'text-bison', 'gpt-3.5-turbo', 'gpt-4']);
    assert.deepEqual(opro[1], ['10', '0.0 ± 0.0', '0.0 ± 0.0', '0.0 ± 0.0', '0.0 ± 0.0']);
    const steps = table('Steps to reach the optimum');
    assert.deepEqual(steps[0], ['n', 'ours', 'text-bison', 'gpt-3.5-turbo', 'gpt-4']);
    assert.deepEqual(steps[1], ['10', '10.0 ± 0.7 (2)', '40.4 ± 5.6 (5)', '46.8 ± 9.3 (5)', '9.6 ± 3.0 (5)']);
    assert.deepEqual(steps[2], ['50', 'N/A (0)', 'N/A (0)', 'N/A (0)', 'N/A (0)']);
    for (const line of lines) assert.ok([...line].length <= 100, `wider than 100 columns: ${line}`);
    assert.match(text, /Held-Karp/);
  });
});
