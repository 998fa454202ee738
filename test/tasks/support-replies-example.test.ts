/**
 * The support-replies worked example: an open-ended task scored by a judge (third model role) with
 * a rubric file, weighted with a length check; and judge-check on its human-labelled set.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createModuleScriptedModel, createScriptedModel } from '../../src/models/scripted.js';
import type { GenerateRequest } from '../../src/models/types.js';
import { formatJudgeCheck, judgeCheck, labelMode } from '../../src/tasks/judge-check.js';
import { loadTaskFile } from '../../src/tasks/load-task.js';
import { optimizeTask } from '../../src/tasks/run-task.js';
import type { OptimizeEvent } from '../../src/optimize/optimize.js';

const TASK = fileURLToPath(new URL('../../examples/support-replies/task.yaml', import.meta.url));
const MODEL = fileURLToPath(new URL('../../examples/support-replies/scripted-model.mjs', import.meta.url));

function recording(spec: string, requests: GenerateRequest[]) {
  const inner = createModuleScriptedModel(MODEL);
  return createScriptedModel({ spec, respond: async (request) => {
    requests.push(request);
    const outcome = await inner.generate(request);
    return outcome.ok ? outcome.text : outcome;
  } });
}

describe('support-replies example', () => {
  test('a whole run: the judge scores every reply with its reason as feedback; the winner satisfies the rubric', async () => {
    const judgeRequests: GenerateRequest[] = [];
    const optimizerRequests: GenerateRequest[] = [];
    const model = createModuleScriptedModel(MODEL);
    const events: OptimizeEvent[] = [];
    const result = await optimizeTask({ task: TASK, scorer: model, optimizer: recording('scripted:optimizer', optimizerRequests), judge: recording('scripted:judge', judgeRequests), onEvent: (event) => events.push(event) });
    assert.equal(result.status, 'completed');
    // The optimizer sees each exemplar as the scorer does; with no gold answer in the data, none is shown.
    const metaPrompt = optimizerRequests[0]!.prompt;
    assert.match(metaPrompt, /\ninput:\nSystem: <INS>\nUser: Customer message: [^\n]+\n/);
    assert.match(metaPrompt, /\nThe task: /);
    assert.doesNotMatch(metaPrompt, /Ground truth answer|expected output/);
    const start = result.history.find((entry) => entry.step === -1)!;
    // The start writes boilerplate: no apology, too long -> well below 1.
    assert.ok(start.score < 0.5, String(start.score));
    assert.equal(result.ranked[0]?.trainScore, 1);
    assert.match(result.ranked[0]?.instruction ?? '', /brief.*apologize.*next step/i);

    // The judge ran at temperature 0 on the rubric file, once per scored reply.
    assert.ok(judgeRequests.length > 0);
    assert.ok(judgeRequests.every((request) => request.temperature === 0));
    assert.match(judgeRequests[0]!.prompt, /\[Rubric\]\nA good reply to a customer:/);
    assert.match(judgeRequests[0]!.prompt, /\[Input\]\n[^\n]+\n\n\[Response\]/);
    const graded = events.flatMap((event) => (event.type === 'problem' && event.event.type === 'example-evaluated' ? [event.event] : []));
    assert.equal(judgeRequests.length, graded.length);
    const low = graded.find((event) => event['score'] !== null && (event['score'] as number) < 1)!;
    assert.match(String(low['feedback']), /^judge: [12]\/5: Misses: no apology or thanks; .*; max-length: the output is 94 words long; the limit is 80$/);
  });

  test('an unparsable judge reply is a counted failure, not a zero', async () => {
    const model = createModuleScriptedModel(MODEL);
    const judge = createScriptedModel({ spec: 'scripted:refuser', respond: () => "I'm sorry, I can't grade this." });
    const result = await optimizeTask({ task: TASK, scorer: model, optimizer: model, judge, steps: 0 });
    assert.equal(result.status, 'failed');
    assert.equal(result.history.length, 0);
  });

  test('judge-check: agreement with the human labels, kappa with an interval, disagreements shown', async () => {
    const task = await loadTaskFile(TASK);
    const result = await judgeCheck({ task, judge: createModuleScriptedModel(MODEL) });
    assert.equal(result.mode, 'pass-fail');
    assert.equal(result.labelled, 16);
    assert.equal(result.failures, 0);
    assert.equal(result.passAt, 4);
    // The keyword judge passes one keyword-stuffed reply a human failed: 15 of 16 agree.
    assert.equal(result.agreement.n, 16);
    assert.equal(result.agreement.accuracy, 15 / 16);
    assert.ok(result.agreement.kappa !== null && result.agreement.kappa > 0.6 && result.agreement.kappa < 1);
    assert.ok(result.agreement.interval && result.agreement.interval.low < result.agreement.kappa!);
    assert.equal(result.warning, null);
    assert.equal(result.disagreements.length, 1);
    assert.equal(result.disagreements[0]?.human, 'fail');
    assert.match(result.disagreements[0]?.judge ?? '', /^pass \(\d\/5\)$/);
    const text = formatJudgeCheck(result);
    assert.match(text, /Cohen's kappa: 0\.\d\d \(95% CI -?\d\.\d\d to \d\.\d\d\)/);
    assert.match(text, /disagreements:\n  row 12: human fail, judge pass/);

    // A stricter threshold warns.
    const strict = await judgeCheck({ task, judge: createModuleScriptedModel(MODEL), minKappa: 0.95 });
    assert.match(strict.warning ?? '', /less than required \(kappa 0\.\d\d < 0\.95\)/);
  });

  test('judge-check counts unparsable replies apart and says when nothing could be scored', async () => {
    const task = await loadTaskFile(TASK);
    const result = await judgeCheck({ task, judge: createScriptedModel({ respond: () => 'no idea' }) });
    assert.equal(result.failures, 16);
    assert.equal(result.agreement.n, 0);
    assert.match(result.warning ?? '', /scored none/);
  });

  test('label modes', () => {
    assert.equal(labelMode(['pass', 'FAIL', 'yes', '0']), 'pass-fail');
    assert.equal(labelMode(['1', '4', '5']), 'scale');
  });
});
