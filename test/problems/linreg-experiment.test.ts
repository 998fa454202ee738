import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type LinregExperimentEvent,
  type LinregRepResult,
  runLinearRegressionExperiment,
  summarizeLinregSetting,
} from '../../src/problems/linear-regression/experiment.js';
import { PAPER_LINREG_SETTINGS, PAPER_TABLE2 } from '../../src/problems/linear-regression/paper.js';
import { formatLinregTable } from '../../src/problems/linear-regression/table.js';
import { scriptedOptimizer } from './helpers/scripted-optimizer.js';

function rep(rep: number, stepsToOptimum: number | null, uniquePairs: number): LinregRepResult {
  return {
    rep, seed: rep, status: stepsToOptimum === null ? 'completed' : 'optimum-reached', reason: '',
    stepsToOptimum, uniquePairs, stepsCompleted: stepsToOptimum ?? 500, optimizerCalls: 0,
    replyCounts: { accepted: 0, duplicate: 0, rejected: 0, unparsable: 0, failed: 0 },
    best: null, leastSquares: { w: 15 + rep / 10, b: 14, loss: 40 + rep }, lossAtTruth: 50,
  };
}

describe('linear regression experiment', () => {
  test('runs settings × reps, tags engine events, and reports steps and unique pairs per rep', async () => {
    // The script learns the current target from the tagged 'rep-started' event and proposes it at
    // step rep + 1; every other reply is a fresh pair far from the starting region.
    let target = { w: 0, b: 0 };
    let repIndex = 0;
    let firstCallOfRep = 0;
    const optimizer = scriptedOptimizer(({ call }) => {
      const step = Math.floor((call - firstCallOfRep) / 8);
      if (step === repIndex && (call - firstCallOfRep) % 8 === 0) return `[${target.w}, ${target.b}]`;
      return `[${100 + call}, 100]`;
    });
    const events: LinregExperimentEvent[] = [];
    const initialCounts: number[] = [];
    const result = await runLinearRegressionExperiment({
      optimizer,
      settings: [{ w: 3, b: 5 }, { w: 36, b: -1 }],
      reps: 2,
      steps: 10,
      seed: 123,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'rep-started') {
          target = event.setting;
          repIndex = event.rep;
          firstCallOfRep = optimizer.prompts.length;
        }
        if (event.type === 'engine' && event.event.type === 'initial-started') initialCounts.push(event.event.count);
      },
    });
    assert.equal(result.stopped, null);
    assert.equal(result.rows.length, 2);
    for (const [i, row] of result.rows.entries()) {
      assert.deepEqual(row.stepsToOptimum, [1, 2]);
      assert.equal(row.successes, 2);
      assert.deepEqual(row.steps, { mean: 1.5, spread: 0.5, count: 2 });
      const expectedPairs = [0, 1].map((r) => (initialCounts[i * 2 + r] as number) + 8 * (r + 1));
      assert.deepEqual(row.uniquePairs, expectedPairs);
      assert.ok(row.reps.every((r) => r.best?.w === row.w && r.best?.b === row.b));
      assert.ok(row.leastSquares.loss > 0 && Math.abs(row.leastSquares.w - row.w) < 0.2);
    }
    // Repetition r uses the same data seed for every setting, as the reference does.
    assert.equal(result.rows[0]?.reps[1]?.seed, result.rows[1]?.reps[1]?.seed);
    assert.notEqual(result.rows[0]?.reps[0]?.seed, result.rows[0]?.reps[1]?.seed);
    const engineEvents = events.filter((e) => e.type === 'engine');
    assert.ok(engineEvents.some((e) => e.settingIndex === 1 && e.rep === 1 && e.event.type === 'run-finished'));
    assert.equal(events.filter((e) => e.type === 'rep-finished').length, 4);
  });

  test('stops with partial rows when interrupted', async () => {
    const controller = new AbortController();
    const optimizer = scriptedOptimizer(({ call }) => `[${100 + call}, 1]`);
    const result = await runLinearRegressionExperiment({
      optimizer, settings: PAPER_LINREG_SETTINGS, reps: 3, steps: 2, seed: 1, signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'rep-finished') controller.abort();
      },
    });
    assert.equal(result.stopped?.status, 'interrupted');
    assert.equal(result.rows.length, 1);
    assert.deepEqual(result.rows[0]?.stepsToOptimum, [null, null]);
    assert.equal(result.rows[0]?.reps[0]?.status, 'completed');
  });

  test('summary: mean ± population std over the reps that reached the optimum', () => {
    const row = summarizeLinregSetting({ w: 15, b: 14 }, [rep(0, 3, 20), rep(1, 5, 30), rep(2, null, 900), rep(3, 4, 25)]);
    assert.equal(row.successes, 3);
    assert.deepEqual(row.stepsToOptimum, [3, 5, null, 4]);
    assert.deepEqual(row.uniquePairs, [20, 30, 900, 25]);
    assert.equal(row.steps?.mean, 4);
    assert.ok(Math.abs((row.steps?.spread ?? 0) - Math.sqrt(2 / 3)) < 1e-12);
    assert.equal(row.uniquePairsExplored?.mean, 25);
    assert.ok(Math.abs(row.leastSquares.w - 15.15) < 1e-12);
    assert.equal(row.leastSquares.loss, 41.5);
    assert.equal(summarizeLinregSetting({ w: 1, b: 1 }, [rep(0, null, 9)]).steps, null);
  });

  test('a repetition cut off by a cap counts in no figure, and the table says so', () => {
    const cut = { ...rep(2, null, 7), status: 'budget' as const, reason: 'stopped before crossing --max-calls 30 calls' };
    const row = summarizeLinregSetting({ w: 15, b: 14 }, [rep(0, 3, 20), rep(1, null, 900), cut]);
    assert.equal(row.reps.length, 3, 'the cut-off repetition stays in the results');
    assert.equal(row.finishedReps, 2);
    assert.equal(row.successes, 1);
    const text = formatLinregTable([row]);
    assert.match(text, /\(1\/2\)/, 'reached/run counts only the finished repetitions');
    assert.doesNotMatch(text, /\(1\/3\)/);
    assert.match(text, /stopped early .* is not counted/);
    assert.doesNotMatch(formatLinregTable([summarizeLinregSetting({ w: 15, b: 14 }, [rep(0, 3, 20)])]), /stopped early/);
  });

  test('the paper data: seven settings and Table 2 figures', () => {
    assert.deepEqual(PAPER_LINREG_SETTINGS.map(({ w, b }) => [w, b]), [[15, 14], [17, 17], [16, 10], [3, 5], [25, 23], [2, 30], [36, -1]]);
    assert.deepEqual(PAPER_TABLE2[0]?.steps['gpt-4'], { mean: 4.0, spread: 1.5 });
    assert.deepEqual(PAPER_TABLE2[6]?.uniquePairs['text-bison'], { mean: 174.0, spread: 28.2 });
  });

  test('the table puts our figures next to the paper in Table 2 layout', () => {
    const rows = [
      summarizeLinregSetting({ w: 15, b: 14 }, [rep(0, 3, 20), rep(1, 5, 30)]),
      summarizeLinregSetting({ w: 3, b: 5 }, [rep(0, null, 400), rep(1, null, 410)]),
      summarizeLinregSetting({ w: 7, b: 7 }, [rep(0, 2, 12)]),
    ];
    const text = formatLinregTable(rows, { label: 'openai:gpt-4o-mini' });
    const lines = text.split('\n');
    assert.match(lines[0] as string, /Table 2\), ours = openai:gpt-4o-mini/);
    const cells = (line: string): string[] => line.split('|').map((c) => c.trim());
    // Two narrow tables under their captions: steps, then unique pairs; same rows, same row groups.
    const table = (caption: string): string[] => {
      const at = lines.findIndex((l) => l.startsWith(caption));
      assert.ok(at >= 0, caption);
      const body: string[] = [];
      for (const line of lines.slice(at + 1)) {
        if (!line.includes('|') && !/^-+(-\+-+)+$/.test(line)) break;
        body.push(line);
      }
      return body;
    };
    for (const [caption, first, ours, paper] of [
      ['Steps to propose the generating (w, b)', ['15', '14', '4.0 ± 1.0 (2/2)', '5.8 ± 2.6', '7.6 ± 4.5', '4.0 ± 1.5'], 'N/A (0/2)', '9.8 ± 2.8'],
      ['Unique (w, b) pairs explored', ['15', '14', '25.0 ± 5.0 (2/2)', '40.0 ± 12.4', '36.0 ± 15.2', '17.2 ± 5.1'], null, null],
    ] as const) {
      const body = table(caption);
      const header = body[0] as string;
      assert.deepEqual(cells(header), ['w_true', 'b_true', 'ours', 'text-bison', 'gpt-3.5-turbo', 'gpt-4']);
      const row15 = body.find((l) => l.trimStart().startsWith('15 ')) as string;
      assert.deepEqual(cells(row15), first);
      const row3 = body.find((l) => l.trimStart().startsWith('3 ')) as string;
      if (ours) assert.deepEqual(cells(row3).slice(2, 4), [ours, paper]);
      const row7 = body.find((l) => l.trimStart().startsWith('7 ')) as string;
      assert.deepEqual(cells(row7).slice(3, 6), ['-', '-', '-']);
      // Column bars line up on every row, and a rule separates the paper's row groups.
      const bars = (line: string): number[] => [...line].flatMap((ch, i) => (ch === '|' ? [i] : []));
      assert.deepEqual(bars(row15), bars(header));
      assert.deepEqual(bars(row3), bars(header));
      assert.match(body[body.indexOf(row3) - 1] as string, /^-+(-\+-+)+$/);
    }
    for (const line of lines) assert.ok([...line].length <= 100, `wider than 100 columns: ${line}`);
    assert.match(text, /population std/);
  });
});
