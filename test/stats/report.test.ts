import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createScriptedModel } from '../../src/models/scripted.js';
import { optimize } from '../../src/optimize/optimize.js';
import { evaluate, PAPER_BASELINE_INSTRUCTIONS } from '../../src/optimize/evaluate.js';
import { formatEvaluateReport, formatOptimizeReport, toJson } from '../../src/cli/report.js';
import { INITIAL, runOptions, scorer, sumsDataset, TEST_SIZE, TRAIN_SIZE } from './helpers.js';

describe('end-of-run report: intervals, paired comparisons, overfitting', () => {
  test('a real gain is reported as significant, with every accuracy carrying its interval and n', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { [INITIAL]: { train: 6, test: 18 }, 'Delta plan': { train: 18, test: 54 } });
    const result = await optimize(runOptions(dataset, s.model, ['Delta plan']));

    assert.equal(result.ranked[0]?.instruction, 'Delta plan');
    assert.equal(result.references.length, 1);
    assert.equal(result.references[0]?.label, 'initial');
    assert.equal(result.references[0]?.test.correct, 18, 'the initial instruction was measured on held-out data although evalTop is 1');
    const [c] = result.comparisons;
    assert.ok(c);
    assert.deepEqual([c.best, c.other, c.discordant], [{ k: 54, n: 60 }, { k: 18, n: 60 }, { b: 36, c: 0 }]);
    assert.equal(c.method, 'chi-square-cc');
    assert.equal(c.significant, true);

    const report = formatOptimizeReport(result);
    assert.match(report, /1\. 90\.0% \[69\.9, 97\.2\] n=20 \| 90\.0% \[79\.9, 95\.3\] n=60 \| step 1/, 'train and held-out with intervals (engine step 0 is the first step, step 1 for people)');
    assert.match(report, /initial: Let's solve the problem\.\n {4}its held-out accuracy 30\.0% \[19\.9, 42\.5\] n=60/);
    assert.match(report, /winner 90\.0% vs 30\.0% \(\+60\.0 points\): significant \(p < 0\.001, McNemar chi-square, n = 60\)/);
    assert.doesNotMatch(report, /overfitting/);
  });

  test('a gain within noise says so, and a train score far above the held-out interval warns of overfitting', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { [INITIAL]: { train: 6, test: 18 }, 'Delta plan': { train: 20, test: 21 } });
    const result = await optimize(runOptions(dataset, s.model, ['Delta plan']));
    const report = formatOptimizeReport(result);
    assert.match(report, /winner 35\.0% vs 30\.0% \(\+5\.0 points\): not significant: the gain is within noise \(p = 0\.25, McNemar exact, n = 60\)/);
    assert.match(report, new RegExp(`warning: the winner's train accuracy \\(100\\.0%\\) is 52\\.4 points above the upper end of its held-out interval \\(47\\.6%\\): possible overfitting to the ${TRAIN_SIZE} training examples\\.`));
  });

  test('comparisons count only held-out examples both instructions answered', async () => {
    const dataset = sumsDataset();
    // The initial instruction's calls fail on held-out examples 50..59: the pair is compared on 0..49.
    const s = scorer(dataset, { [INITIAL]: { train: 6, test: 18, failTest: (i) => i >= 50 }, 'Delta plan': { train: 18, test: 54 } });
    const result = await optimize(runOptions(dataset, s.model, ['Delta plan']));
    assert.equal(result.ranked[0]?.test?.answered, TEST_SIZE, 'the winner itself answered all 60');
    assert.equal(result.references[0]?.test.answered, 50);
    const [c] = result.comparisons;
    assert.deepEqual([c?.best, c?.other, c?.discordant], [{ k: 50, n: 50 }, { k: 18, n: 50 }, { b: 32, c: 0 }]);
    const report = formatOptimizeReport(result);
    assert.match(report, /its held-out accuracy 36\.0% \[24\.1, 49\.9\] n=50, 10 failed calls excluded/);
    assert.match(report, /winner 100\.0% vs 36\.0% \(\+64\.0 points\): significant \(p < 0\.001, McNemar chi-square, n = 50\)/);
  });

  test('compareBaselines measures the paper baselines once each, reusing instructions already measured', async () => {
    const dataset = sumsDataset();
    const [empty, stepByStep, deepBreath] = PAPER_BASELINE_INSTRUCTIONS as [string, string, string];
    const s = scorer(dataset, { [stepByStep]: { train: 8, test: 30 }, 'Delta plan': { train: 18, test: 54 }, [deepBreath]: { train: 10, test: 40 } });
    // The initial instruction is itself a baseline, and the optimizer proposes another one.
    const result = await optimize({ ...runOptions(dataset, s.model, ['Delta plan', deepBreath]), initialInstructions: [stepByStep], evalTop: 2, compareBaselines: true });
    assert.deepEqual(result.ranked.slice(0, 2).map((r) => r.instruction), ['Delta plan', deepBreath]);
    assert.deepEqual(result.references.map((r) => [r.label, r.instruction]), [['initial', stepByStep], ['baseline', empty], ['baseline', deepBreath]]);
    // Held-out calls: Delta, deep breath (top 2), step by step (initial), empty (baseline): 4 x 60, none twice.
    assert.equal(s.calls.test, 4 * TEST_SIZE);
    assert.deepEqual(result.comparisons.map((c) => [c.label, c.against, c.best.k, c.other.k]), [
      ['initial', stepByStep, 54, 30],
      ['baseline', empty, 54, 0],
      ['baseline', deepBreath, 54, 40],
    ]);
    const report = formatOptimizeReport(result);
    assert.match(report, /baseline: \(empty instruction\)\n {4}its held-out accuracy 0\.0% \[0\.0, 6\.0\] n=60/);
    // 14 discordant examples, all one way: exact p = 2 / 2^14.
    assert.match(report, /winner 90\.0% vs 66\.7% \(\+23\.3 points\): significant \(p < 0\.001, McNemar exact, n = 60\)/);
  });

  test('when the initial instruction stays the winner there is nothing to compare, and the report says so', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { [INITIAL]: { train: 15, test: 45 }, 'Weak plan': { train: 2, test: 6 } });
    const result = await optimize(runOptions(dataset, s.model, ['Weak plan']));
    assert.equal(result.ranked[0]?.instruction, INITIAL);
    assert.deepEqual(result.comparisons, []);
    assert.match(formatOptimizeReport(result), /this is the winner: the run found nothing better on the training subset/);
  });

  test('no held-out measurement, no comparison section', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { 'Delta plan': { train: 18, test: 54 } });
    const result = await optimize({ ...runOptions(dataset, s.model, ['Delta plan']), evalSplit: 'none' });
    assert.deepEqual([result.references, result.comparisons], [[], []]);
    assert.equal(s.calls.test, 0);
    assert.doesNotMatch(formatOptimizeReport(result), /held-out comparisons|overfitting/);
  });

  test('--json output keeps the per-example outcomes (Maps are not dropped to {})', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { 'Delta plan': { train: 18, test: 54 } });
    const result = await optimize(runOptions(dataset, s.model, ['Delta plan']));
    const parsed = JSON.parse(toJson(result)) as { ranked: { test: { correctByIndex: Record<string, boolean> } }[] };
    assert.equal(Object.keys(parsed.ranked[0]?.test.correctByIndex ?? {}).length, TEST_SIZE);
    assert.equal(parsed.ranked[0]?.test.correctByIndex['0'], true);
  });
});

describe('opro evaluate report', () => {
  test('every instruction with its interval, and each after the first compared with the first', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { A: { train: 0, test: 30 }, B: { train: 0, test: 33 }, C: { train: 0, test: 50 } });
    const result = await evaluate({ dataset, scorer: s.model, instructions: ['A', 'B', 'C'] });
    assert.deepEqual(result.comparisons.map((c) => [c.instruction, c.against, c.comparison.discordant]), [['B', 'A', { b: 3, c: 0 }], ['C', 'A', { b: 20, c: 0 }]]);
    const report = formatEvaluateReport(result);
    assert.match(report, /^50\.0% \[37\.7, 62\.3\] n=60  A$/m);
    assert.match(report, /against the first \(A\), paired over the examples both answered:/);
    assert.match(report, /^ {2}B: 55\.0% vs 50\.0% \(\+5\.0 points\): not significant: the gain is within noise \(p = 0\.25, McNemar exact, n = 60\)$/m);
    assert.match(report, /^ {2}C: 83\.3% vs 50\.0% \(\+33\.3 points\): significant \(p < 0\.001, McNemar exact, n = 60\)$/m);
  });

  test('an instruction given twice (-i and one of --baselines) is scored and listed once, never compared with itself', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { A: { train: 0, test: 30 }, B: { train: 0, test: 33 } });
    const result = await evaluate({ dataset, scorer: s.model, instructions: ['A', 'B', 'A'] });
    assert.deepEqual(result.results.map((r) => r.instruction), ['A', 'B']);
    assert.deepEqual(result.comparisons.map((c) => [c.instruction, c.against]), [['B', 'A']]);
    assert.equal(formatEvaluateReport(result).split('\n').filter((line) => /n=60 {2}A$/.test(line)).length, 1);
  });

  test('one instruction: no comparison section', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { A: { train: 0, test: 30 } });
    const result = await evaluate({ dataset, scorer: s.model, instructions: ['A'] });
    assert.deepEqual(result.comparisons, []);
    assert.doesNotMatch(formatEvaluateReport(result), /against the first/);
  });

  test('reference grading that scores non-answers says so; fixed grading scores them wrong', async () => {
    const examples = Array.from({ length: 10 }, (_, index) => ({ index, question: `Do you end where you started? (${index})`, target: 'No' }));
    const dataset = { id: 'file:yes-no', answerType: 'boolean' as const, multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'yes or no', pool: examples, heldOut: examples, contentHash: 'yn', source: 'memory' };
    const unsure = createScriptedModel({ respond: () => 'I am not sure.' });
    const reference = await evaluate({ dataset, scorer: unsure, instructions: ['A'], gradingMode: 'reference' });
    assert.equal(reference.results[0]?.correct, 10);
    assert.equal(reference.results[0]?.referenceOnlyCorrect, 10);
    assert.match(formatEvaluateReport(reference), /note: reference grading counted 10 of 10 answers correct that the fixed grader does not accept/);
    const fixed = await evaluate({ dataset, scorer: unsure, instructions: ['A'], gradingMode: 'fixed' });
    assert.equal(fixed.results[0]?.correct, 0);
    assert.doesNotMatch(formatEvaluateReport(fixed), /note: reference grading/);
  });
});

