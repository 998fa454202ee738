import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { optimize, type OptimizeEvent } from '../../src/optimize/optimize.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import type { Dataset } from '../../src/datasets/types.js';
import type { GenerateRequest } from '../../src/models/types.js';

/** Ten sums; the scorer answers the first round(accuracy * 10) of them right. */
function sumsDataset(): Dataset {
  const pool = Array.from({ length: 20 }, (_, index) => ({ index, question: `What is ${index} plus ${index + 1}?`, target: String(2 * index + 1) }));
  return { id: 'file:sums', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'sums', pool, heldOut: null, contentHash: 'x', source: 'memory' };
}

/** The accuracy each instruction earns from the scripted scorer; anything unknown scores 0.1. */
const ACCURACY: Record<string, number> = {
  "Let's solve the problem.": 0.3,
  'Alpha plan': 0.5,
  'Beta plan': 0.8,
  'Gamma plan': 0.6,
  'Delta plan': 1.0,
};

function scorerFor(dataset: Dataset) {
  const byQuestion = new Map(dataset.pool.map((e) => [e.question, e]));
  const calls: string[] = [];
  const model = createScriptedModel({
    spec: 'scripted:scorer',
    respond: (request: GenerateRequest) => {
      calls.push(request.prompt);
      const [instruction, question] = request.prompt.includes('\n') ? (request.prompt.split('\n') as [string, string]) : ['', request.prompt];
      const example = byQuestion.get(question);
      if (!example) throw new Error(`unknown question in prompt: ${request.prompt}`);
      const accuracy = ACCURACY[instruction] ?? 0.1;
      // Rank of the example among the 20 decides right/wrong, so the score is exact on any subset.
      const right = example.index < Math.round(accuracy * 20);
      return `The answer is ${right ? example.target : '-1'}.`;
    },
  });
  return { model, calls };
}

/** Step 0 proposes Alpha/Beta, a duplicate, a junk reply; step 1 proposes Gamma/Delta and a too-long one. */
function optimizer() {
  const prompts: { step: number; prompt: string }[] = [];
  let step = -1;
  let lastPrompt = '';
  const model = createScriptedModel({
    spec: 'scripted:optimizer',
    respond: (request: GenerateRequest) => {
      if (request.prompt !== lastPrompt) {
        step += 1;
        lastPrompt = request.prompt;
        prompts.push({ step, prompt: request.prompt });
      }
      const i = request.sampleIndex ?? 0;
      const plans = step === 0 ? ['Alpha plan', 'Beta plan', 'Alpha plan', 'no tags at all'] : ['Gamma plan', 'Delta plan', 'x'.repeat(600), 'Beta plan'];
      const text = plans[i % plans.length] as string;
      return text === 'no tags at all' ? 'I cannot decide. <INS></INS>' : `<INS>${text}</INS>`;
    },
  });
  return { model, prompts };
}

describe('a whole run with scripted optimizer and scorer', () => {
  test('trajectory, dispositions, meta-prompt ordering and final ranking', async () => {
    const dataset = sumsDataset();
    const scorer = scorerFor(dataset);
    const opt = optimizer();
    const events: OptimizeEvent[] = [];
    const result = await optimize({
      dataset,
      scorer: scorer.model,
      optimizer: opt.model,
      steps: 2,
      candidatesPerStep: 4,
      maxExtraDraws: 0,
      maxInstructions: 2,
      trainRatio: 0.5,
      evalTop: 2,
      onEvent: (e) => events.push(e),
    });

    assert.equal(result.status, 'completed');
    assert.equal(result.trainIndices.length, 10);
    // Trajectory in the order entries were added, with their steps.
    assert.deepEqual(
      result.history.map((h) => [h.solution, h.step]),
      [["Let's solve the problem.", -1], ['Alpha plan', 0], ['Beta plan', 0], ['Gamma plan', 1], ['Delta plan', 1]],
    );
    // Scores are accuracies over the training subset, computed from the scorer's real answers.
    const trainSet = new Set(result.trainIndices);
    for (const entry of result.history) {
      const expected = result.trainIndices.filter((i) => i < Math.round((ACCURACY[entry.solution] ?? 0.1) * 20)).length / trainSet.size;
      assert.equal(entry.score, expected, entry.solution);
    }
    // Final ranking best first.
    assert.deepEqual(result.ranked.map((r) => r.instruction), ['Delta plan', 'Beta plan', 'Gamma plan', 'Alpha plan', "Let's solve the problem."]);
    // Held-out accuracy measured for the top 2 only, on the 10 examples outside the training subset.
    assert.equal(result.ranked[0]?.test?.total, 10);
    assert.equal(result.ranked[1]?.test?.total, 10);
    assert.equal(result.ranked[2]?.test, null);

    // Step 1's meta-prompt shows the top-2 ascending with the best last.
    const step1 = opt.prompts.find((p) => p.step === 1)?.prompt ?? '';
    const order = ['Alpha plan', "Let's solve the problem.", 'Beta plan'].map((s) => step1.indexOf(`text:\n${s}\n`));
    assert.equal(order[1], -1, 'the weakest instruction falls out of the top-2');
    assert.ok(order[0]! >= 0 && order[2]! > order[0]!, 'ascending, best last');

    // Every reply accounted for: step 0 = 2 accepted, 1 duplicate, 1 unparsable; step 1 = 2 accepted, 1 rejected (too long), 1 duplicate.
    assert.deepEqual(result.replyCounts, { accepted: 4, duplicate: 2, rejected: 1, unparsable: 1, failed: 0 });
    const rejected = events.find((e) => e.type === 'optimizer-reply' && e.disposition === 'rejected');
    assert.match(rejected && rejected.type === 'optimizer-reply' ? rejected.reason ?? '' : '', /too long/);
    // Scorer calls: 5 instructions x 10 train + 3 x 10 held-out (the top 2 and the initial instruction, for the comparison).
    assert.equal(scorer.calls.length, 5 * 10 + 3 * 10);
  });

  test('extra draws refill a step whose replies hold no candidate, within the bound', async () => {
    const dataset = sumsDataset();
    const scorer = scorerFor(dataset);
    let calls = 0;
    const stubborn = createScriptedModel({ respond: (r) => { calls += 1; return (r.sampleIndex ?? 0) >= 6 ? '<INS>Beta plan</INS>' : 'no candidate here <INS> </INS>'; } });
    const result = await optimize({ dataset, scorer: scorer.model, optimizer: stubborn, steps: 1, candidatesPerStep: 4, maxExtraDraws: 4, trainRatio: 0.5, evalSplit: 'none' });
    // 4 first calls yield nothing; 4 extra draws (samples 4..7) yield 2 parsable replies, one new candidate.
    assert.equal(calls, 8);
    assert.equal(result.replyCounts.unparsable, 6);
    assert.deepEqual(result.history.map((h) => h.solution), ["Let's solve the problem.", 'Beta plan']);
  });

  test('failed scorer calls are never graded as wrong answers', async () => {
    const dataset = sumsDataset();
    let n = 0;
    const flaky = createScriptedModel({
      respond: (r) => {
        n += 1;
        if (n % 2 === 0) return { ok: false, error: { kind: 'server-error', message: 'boom' }, latencyMs: 0 };
        const q = r.prompt.split('\n')[1] ?? '';
        const e = dataset.pool.find((x) => x.question === q)!;
        return `The answer is ${e.target}.`;
      },
    });
    const result = await optimize({ dataset, scorer: flaky, optimizer: createScriptedModel({ respond: () => 'nothing' }), steps: 0, trainRatio: 0.5, evalSplit: 'none' });
    const initial = result.history[0]!;
    assert.equal(initial.score, 1, 'accuracy over answered calls only');
    assert.equal(initial.stats?.failed, 5);
    assert.equal(initial.stats?.answered, 5);
  });

  test('the run stops cleanly when interrupted, keeping what finished', async () => {
    const dataset = sumsDataset();
    const scorer = scorerFor(dataset);
    const controller = new AbortController();
    const opt = createScriptedModel({ respond: (r) => { controller.abort(); return `<INS>Alpha plan</INS>`; } });
    const result = await optimize({ dataset, scorer: scorer.model, optimizer: opt, steps: 5, trainRatio: 0.5, signal: controller.signal, evalSplit: 'test' });
    assert.equal(result.status, 'interrupted');
    assert.equal(result.history[0]?.solution, "Let's solve the problem.");
    assert.equal(result.stepsCompleted, 0);
  });

  test('a candidate whose evaluation is cut short by Ctrl-C is left unscored, not scored on a part', async () => {
    const dataset = sumsDataset();
    const controller = new AbortController();
    let scorerCalls = 0;
    const scorer = createScriptedModel({
      respond: (r) => {
        scorerCalls += 1;
        // The initial instruction is scored in full (10 calls); Ctrl-C arrives during the next evaluation.
        if (scorerCalls === 13) controller.abort();
        const q = r.prompt.split('\n')[1] ?? '';
        const e = dataset.pool.find((x) => x.question === q)!;
        return `The answer is ${e.target}.`;
      },
    });
    const optimizer = createScriptedModel({ respond: () => '<INS>Alpha plan</INS>' });
    const result = await optimize({ dataset, scorer, optimizer, steps: 3, candidatesPerStep: 1, trainRatio: 0.5, signal: controller.signal, evalSplit: 'none' });
    assert.equal(result.status, 'interrupted');
    assert.deepEqual(result.history.map((h) => h.solution), ["Let's solve the problem."], 'Alpha plan was only partly evaluated');
  });

  test('an optimizer that fails every call ends the run as failed after a few steps, keeping what finished', async () => {
    const dataset = sumsDataset();
    const scorer = scorerFor(dataset);
    let calls = 0;
    const down = createScriptedModel({ respond: () => { calls += 1; return { ok: false, error: { kind: 'server-error', message: 'HTTP 503' }, latencyMs: 0 }; } });
    const result = await optimize({ dataset, scorer: scorer.model, optimizer: down, steps: 50, candidatesPerStep: 2, maxExtraDraws: 0, trainRatio: 0.5, evalSplit: 'none' });
    assert.equal(result.status, 'failed');
    assert.match(result.reason, /failed every call for 3 steps/);
    assert.equal(calls, 6);
    assert.equal(result.history.length, 1, 'the initial instruction stays scored');
  });
});
