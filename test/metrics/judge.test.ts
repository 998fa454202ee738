/**
 * The LLM judge: reply parsing on vectors, and whole judgements against the local wire server
 * (real OpenAI wire format) with good, malformed and refusing replies and HTTP errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildJudgePrompt, judgeMetric } from '../../src/metrics/judge.js';
import { parseJudgeReply } from '../../src/metrics/judge-parse.js';
import type { MetricExample } from '../../src/metrics/types.js';
import { createOpenAIModel } from '../../src/models/providers/openai.js';
import { reply, startWireServer, type WireServer } from '../helpers/wire-server.js';

const TEN = { min: 1, max: 10 };

describe('parsing judge replies', () => {
  const ok = (text: string, raw: number, reason?: RegExp): void => {
    const verdict = parseJudgeReply(text, TEN);
    assert.ok(verdict.ok, `${text} -> ${JSON.stringify(verdict)}`);
    if (!verdict.ok) return;
    assert.equal(verdict.raw, raw);
    assert.ok(Math.abs(verdict.score - (raw - 1) / 9) < 1e-12);
    if (reason) assert.match(verdict.reason, reason);
  };
  const bad = (text: string, reason: RegExp): void => {
    const verdict = parseJudgeReply(text, TEN);
    assert.equal(verdict.ok, false, text);
    if (!verdict.ok) assert.match(verdict.reason, reason);
  };
  test('JSON, bare, fenced, in prose, with other key names and numeric strings', () => {
    ok('{"reason": "Polite and correct.", "score": 9}', 9, /^Polite and correct\.$/);
    ok('```json\n{"score": 4, "explanation": "Misses the refund."}\n```', 4, /Misses the refund/);
    ok('Here is my grade: {"rating": "7", "reasoning": "ok"} Thanks.', 7, /ok/);
    ok('{"score": 10}', 10);
    ok('{"pass": false, "reason": "rude"}', 1, /rude/);
    ok('<think>score: 2? no, better</think>{"score": 8, "reason": "fine"}', 8, /fine/);
  });
  test('prose: labelled scores, fractions on the scale, PASS/FAIL verdicts', () => {
    ok('Score: 6\nReason: a bit long.', 6, /a bit long/);
    ok('**Rating:** 3/10 - off topic', 3);
    ok('I would give this 8 out of 10 because it is clear.', 8, /clear/);
    ok('PASS - answers the question', 10, /answers the question/);
    ok('FAIL: ignores the rubric', 1, /ignores the rubric/);
  });
  test('no score, conflicting scores, off-scale scores, refusals and empty replies are failures', () => {
    bad("I'm sorry, but I can't help with grading this.", /no score in the judge's reply/);
    bad('Score: 3. On reflection, score: 7.', /several scores \(3, 7\)/);
    bad('{"score": 12, "reason": "great"}', /gave 12, outside its scale 1-10/);
    bad('Score: 0', /outside its scale/);
    bad('{"score": "high"}', /"high" is not a number/);
    bad('   ', /replied with nothing/);
    bad('<think>Score: 5</think>', /replied with nothing/);
    bad('It is 7/20 good.', /no score/);
  });
});

describe('the judge metric over the wire', () => {
  let server: WireServer;
  before(async () => {
    server = await startWireServer();
  });
  after(() => server.close());
  const EXAMPLE: MetricExample = { index: 4, target: 'Refund within 5 days.', fields: { ticket: 'Where is my refund?', target: 'Refund within 5 days.' }, prompt: 'System: x\n\nUser: Where is my refund?' };
  const judge = () =>
    judgeMetric({
      model: createOpenAIModel('judge-model', { baseURL: server.openaiBaseURL, env: { OPENAI_API_KEY: 'sk-test-judge-0123456789' } }),
      rubric: 'The reply must be polite and mention the refund timeline for: {{ticket}}',
      input: 'Ticket: {{ticket}}',
      scale: { min: 1, max: 5 },
    });

  test('the prompt holds the rubric (fields filled), the input, the reference and the response; temperature 0', async () => {
    server.reset();
    server.enqueue(reply.text('{"reason": "Polite, gives the timeline.", "score": 5}'));
    const result = await judge().score('Your refund arrives within 5 days.', EXAMPLE);
    assert.deepEqual(result, { ok: true, score: 1, feedback: '5/5: Polite, gives the timeline.' });
    const request = server.requests[0]!;
    assert.equal(request.params.temperature, 0);
    assert.match(request.prompt, /\[Rubric\]\nThe reply must be polite and mention the refund timeline for: Where is my refund\?/);
    assert.match(request.prompt, /\[Input\]\nTicket: Where is my refund\?\n\n\[Reference answer\]\nRefund within 5 days\.\n\n\[Response\]\nYour refund arrives within 5 days\./);
    assert.match(request.prompt, /a number from 1 to 5, 5 best/);
  });
  test('a middle score maps onto [0, 1]', async () => {
    server.reset();
    server.enqueue(reply.text('Score: 3\nReason: polite but vague'));
    assert.deepEqual(await judge().score('Soon.', EXAMPLE), { ok: true, score: 0.5, feedback: '3/5: polite but vague' });
  });
  test('a refusal or a malformed reply is a failed evaluation, never a zero', async () => {
    server.reset();
    server.enqueue(reply.text("I can't assist with that request."));
    const refused = await judge().score('x', EXAMPLE);
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.match(refused.reason, /^unparsable judge reply: no score/);
    server.enqueue(reply.text('{"score": 9}'));
    const offScale = await judge().score('x', EXAMPLE);
    assert.equal(offScale.ok, false);
  });
  test('a broken body or an HTTP error is a failed judge call with its kind', async () => {
    server.reset();
    server.enqueue({ type: 'malformed' });
    const malformed = await judge().score('x', EXAMPLE);
    assert.equal(malformed.ok, false);
    if (!malformed.ok) assert.equal(malformed.callError, 'bad-response');
    server.enqueue({ type: 'error', status: 400, message: 'bad request' });
    const rejected = await judge().score('x', EXAMPLE);
    assert.equal(rejected.ok, false);
    if (!rejected.ok) {
      assert.equal(rejected.callError, 'bad-request');
      assert.match(rejected.reason, /^the judge call failed \(bad-request\)/);
    }
  });
  test('without a gold answer the reference section is left out', () => {
    const prompt = buildJudgePrompt({ rubric: 'r', input: '{{ticket}}', scale: { min: 1, max: 10 } }, 'out', { ...EXAMPLE, target: '' });
    assert.doesNotMatch(prompt, /Reference answer/);
  });
});
