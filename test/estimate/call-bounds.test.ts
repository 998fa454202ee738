/**
 * The call counts of --dry-run (and of the plan line: both are callBounds) are upper bounds of what
 * real runs do, checked against scripted models that count their calls over varied settings, and
 * reached exactly where a run needs every call.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { optimize, type OptimizeOptions } from '../../src/optimize/optimize.js';
import { dryRun, type DryRunOptions } from '../../src/optimize/dry-run.js';
import { UsageMeter } from '../../src/models/wrappers/meter.js';
import { judgeMetric, type JudgeOptions } from '../../src/metrics/judge.js';
import { weightedMetric } from '../../src/metrics/combine.js';
import { answerFor, counted, countedOptimizer, sumsDataset } from './helpers.js';

const prices = new UsageMeter();
const priceFor = prices.priceFor.bind(prices);

interface Setting {
  name: string;
  junkEvery: number;
  options: Partial<OptimizeOptions>;
  /** What the run must reach exactly (the bound is tight there). */
  exact?: ('optimizer' | 'scorer' | 'judge')[];
  judges?: number;
}

const SETTINGS: Setting[] = [
  { name: 'defaults (3 steps of 4)', junkEvery: 0, options: { steps: 3, candidatesPerStep: 4 } },
  { name: 'extra draws, every third reply unparsable', junkEvery: 3, options: { steps: 3, candidatesPerStep: 4, maxExtraDraws: 6 } },
  // Every reply unparsable: each step makes its N calls and every extra draw (the engine gives up after 3 such steps).
  { name: 'every reply unparsable: the optimizer bound is reached', junkEvery: 1, options: { steps: 2, candidatesPerStep: 3, maxExtraDraws: 5 }, exact: ['optimizer'] },
  { name: '--extract-final-answer: two scorer calls per example', junkEvery: 0, options: { steps: 2, candidatesPerStep: 3, maxExtraDraws: 0, extractFinalAnswer: true, evalTop: 3 }, exact: ['optimizer', 'scorer'] },
  // Generated instructions answer right and the initial one wrong, so the top 3 are three new ones, distinct from
  // the initial instruction and the three baselines: 3 + 1 + 3 instructions measured, the held-out bound exactly.
  { name: 'held-out top 3 with the baselines', junkEvery: 0, options: { steps: 2, candidatesPerStep: 3, maxExtraDraws: 0, evalTop: 3, compareBaselines: true }, exact: ['optimizer', 'scorer'] },
  { name: 'no held-out split', junkEvery: 3, options: { steps: 4, candidatesPerStep: 2, evalSplit: 'none', maxExtraDraws: 2 } },
  { name: 'racing only lowers the scorer calls', junkEvery: 0, options: { steps: 3, candidatesPerStep: 4, racing: true, racingFirstRound: 2 } },
  { name: 'reference quirks: an unparsable reply is the empty instruction', junkEvery: 2, options: { steps: 2, candidatesPerStep: 3, referenceQuirks: true, maxExtraDraws: 0 } },
  {
    name: 'a task: chat template, two judges in the metric tree',
    junkEvery: 0,
    options: { steps: 2, candidatesPerStep: 3, maxExtraDraws: 1, compareBaselines: true },
    judges: 2,
    exact: ['scorer', 'judge'],
  },
];

describe('the call bounds hold against real runs', () => {
  for (const setting of SETTINGS) {
    test(setting.name, async () => {
      const optimizer = countedOptimizer(setting.junkEvery);
      const scorer = counted('scripted:scorer', (request) => answerFor(request));
      // The judge agrees with the sums: wrong answers (the initial instruction's) score low.
      const judge = counted('scripted:judge', (request) => (request.prompt.includes('The answer is -1.') ? '{"reason": "wrong", "score": 1}' : '{"reason": "right", "score": 10}'));
      const judges: JudgeOptions[] = Array.from({ length: setting.judges ?? 0 }, (_, i) => ({ model: judge.model, rubric: `Rubric ${i}: is the sum right for {{topic}} numbers?`, input: '{{question}}' }));
      const task = judges.length > 0
        ? {
            template: { kind: 'chat' as const, messages: [{ role: 'system' as const, content: 'You add numbers. {{instruction}}' }, { role: 'user' as const, content: '{{question}}' }] },
            metric: weightedMetric(judges.map((options) => ({ weight: 1, metric: judgeMetric(options) }))),
          }
        : undefined;
      const options: DryRunOptions = {
        dataset: sumsDataset(), scorer: scorer.model, optimizer: optimizer.model, trainRatio: 0.5, seed: 4,
        ...setting.options, ...(task ? { task, judges } : {}),
      };
      const { calls } = await dryRun(options, priceFor);
      const result = await optimize(options);
      assert.ok(['completed', 'failed'].includes(result.status), result.reason);
      const made = { optimizer: optimizer.calls(), scorer: scorer.calls(), judge: judge.calls() };
      const bound = { optimizer: calls.optimizer, scorer: calls.scorer, judge: calls.judge };
      for (const role of ['optimizer', 'scorer', 'judge'] as const) {
        assert.ok(made[role] <= bound[role], `${role}: ${made[role]} calls made, bound ${bound[role]}`);
        if (setting.exact?.includes(role)) assert.equal(made[role], bound[role], `${role}: the bound is reached`);
      }
      if (setting.judges) assert.ok(made.judge > 0, 'the judges were called');
    });
  }
});

describe('the dry run counts what each figure says', () => {
  test('held-out instructions: top, initial and baselines, shared ones once', async () => {
    const base = { dataset: sumsDataset(), scorer: counted('scripted:s', answerFor).model, optimizer: countedOptimizer(0).model, trainRatio: 0.5, steps: 1, candidatesPerStep: 2, evalTop: 5 };
    const plain = (await dryRun(base, priceFor)).calls;
    // min(evalTop 5, 1 initial + 2 candidates) + the initial one.
    assert.equal(plain.heldOutInstructions, 3 + 1);
    // The initial instruction is also a baseline: 3 baselines add 2.
    const shared = (await dryRun({ ...base, compareBaselines: true, initialInstructions: ["Let's think step by step."] }, priceFor)).calls;
    assert.equal(shared.heldOutInstructions, 3 + 3);
    assert.equal((await dryRun({ ...base, evalTop: 0 }, priceFor)).calls.heldOutInstructions, 0);
  });
});
