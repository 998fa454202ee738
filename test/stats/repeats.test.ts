import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { optimizerCallSeed } from '../../src/engine/run.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import { optimizeRepeated, spreadOf } from '../../src/optimize/repeats.js';
import { formatRepeatedReport } from '../../src/cli/report.js';
import { INITIAL, scorer, sumsDataset } from './helpers.js';

const BASE_SEED = 5;
/** Each seed's run finds a different plan: right on this many of 20 training / 60 held-out examples. */
const PLANS: Record<number, { name: string; train: number; test: number }> = {
  5: { name: 'Plan five', train: 12, test: 30 },
  6: { name: 'Plan six', train: 16, test: 36 },
  7: { name: 'Plan seven', train: 20, test: 48 },
};

/** Proposes the plan of the run whose seed produced this call's seed (step 0, sample 0). */
function seedAwareOptimizer(onCall?: () => void) {
  const bySeed = new Map(Object.entries(PLANS).map(([seed, plan]) => [optimizerCallSeed(Number(seed), 0, 0), plan.name]));
  return createScriptedModel({
    respond: (r) => {
      onCall?.();
      const name = bySeed.get(r.seed ?? -1);
      if (!name) throw new Error(`unexpected seed ${r.seed}`);
      return `<INS>${name}</INS>`;
    },
  });
}

function options(onCall?: () => void, signal?: AbortSignal) {
  const dataset = sumsDataset();
  const behaviour = Object.fromEntries([[INITIAL, { train: 4, test: 10 }], ...Object.values(PLANS).map((p) => [p.name, { train: p.train, test: p.test }])]);
  return {
    dataset,
    scorer: scorer(dataset, behaviour).model,
    optimizer: seedAwareOptimizer(onCall),
    steps: 1,
    candidatesPerStep: 1,
    maxExtraDraws: 0,
    trainRatio: 1,
    evalTop: 1,
    seed: BASE_SEED,
    ...(signal ? { signal } : {}),
  };
}

describe('--repeats: independent seeds of one configuration', () => {
  test('k = 3: seeds seed..seed+2, mean ± population std, min and max of the winner', async () => {
    const seen: number[] = [];
    const after: string[] = [];
    const result = await optimizeRepeated(options(), 3, {
      beforeRepeat: (_i, seed) => {
        seen.push(seed);
      },
      afterRepeat: (i, seed, run) => after.push(`${i}:${seed}:${run.ranked[0]?.instruction}`),
    });
    assert.deepEqual(result.seeds, [5, 6, 7]);
    assert.deepEqual(seen, [5, 6, 7]);
    assert.deepEqual(after, ['0:5:Plan five', '1:6:Plan six', '2:7:Plan seven']);
    assert.deepEqual(result.runs.map((r) => r.settings.seed), [5, 6, 7]);
    assert.equal(result.stopped, null);

    const train = [0.6, 0.8, 1.0];
    const test = [0.5, 0.6, 0.8];
    const std = (v: number[]): number => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    };
    assert.ok(result.train && result.test);
    assert.ok(Math.abs(result.train.mean - 0.8) < 1e-12);
    assert.ok(Math.abs(result.train.std - std(train)) < 1e-12);
    assert.deepEqual([result.train.min, result.train.max, result.train.count], [0.6, 1.0, 3]);
    assert.ok(Math.abs(result.test.mean - 1.9 / 3) < 1e-12);
    assert.ok(Math.abs(result.test.std - std(test)) < 1e-12);
    assert.deepEqual([result.test.min, result.test.max], [0.5, 0.8]);

    const report = formatRepeatedReport(result, ['r-a', 'r-b', 'r-c']);
    assert.match(report, /winner's train accuracy: +80\.0% ± 16\.3 \(mean ± std over 3\), min 60\.0%, max 100\.0%/);
    assert.match(report, /winner's held-out accuracy: 63\.3% ± 12\.5 \(mean ± std over 3\), min 50\.0%, max 80\.0%/);
    assert.match(report, /seed 6: 80\.0% \[58\.4, 91\.9\] n=20 \| 60\.0% \[47\.4, 71\.4\] n=60 \| Plan six  run r-b/);
  });

  test('a repeat that is interrupted ends the series; the spread is over finished repeats only', async () => {
    const controller = new AbortController();
    let calls = 0;
    // The second repeat's optimizer call interrupts the run.
    const result = await optimizeRepeated(options(() => { calls += 1; if (calls === 2) controller.abort(); }, controller.signal), 3);
    assert.deepEqual(result.seeds, [5, 6]);
    assert.equal(result.stopped?.status, 'interrupted');
    assert.equal(result.train?.count, 1);
    assert.equal(result.train?.mean, 0.6);
    assert.match(formatRepeatedReport(result), /stopped at seed 6: interrupted/);
  });

  test('spread of one value has zero std; of none, nothing; k must be a positive integer', async () => {
    assert.deepEqual(spreadOf([0.7]), { mean: 0.7, std: 0, min: 0.7, max: 0.7, count: 1 });
    assert.equal(spreadOf([]), null);
    await assert.rejects(optimizeRepeated(options(), 0), RangeError);
  });

  test('each repeat reports its comparisons with the references, --compare-baselines included', async () => {
    const result = await optimizeRepeated({ ...options(), compareBaselines: true }, 2);
    assert.ok(result.runs.every((run) => run.comparisons.some((c) => c.label === 'baseline')), 'the baselines were compared');
    const report = formatRepeatedReport(result);
    for (const seed of [5, 6]) {
      const block = report.slice(report.indexOf(`seed ${seed}:`));
      assert.match(block, /\n {4}vs initial Let's solve the problem\.: \d+\.\d% vs \d+\.\d% .*\(p [=<] [\d.]+, McNemar/);
      assert.match(block, /\n {4}vs baseline .*: .*McNemar/);
    }
  });
});

