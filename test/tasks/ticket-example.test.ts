/**
 * The ticket-classification worked example end to end through the library: chat template with a
 * few-shot turn, the JS metric, the feedback block, and the scripted model of the example.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createModuleScriptedModel, createScriptedModel } from '../../src/models/scripted.js';
import type { GenerateRequest } from '../../src/models/types.js';
import { evaluateTask, optimizeTask } from '../../src/tasks/run-task.js';
import type { OptimizeEvent } from '../../src/optimize/optimize.js';

const TASK = fileURLToPath(new URL('../../examples/ticket-classification/task.yaml', import.meta.url));
const MODEL = fileURLToPath(new URL('../../examples/ticket-classification/scripted-model.mjs', import.meta.url));

describe('ticket-classification example', () => {
  test('a whole run improves on the starting instruction, with chat turns and feedback recorded', async () => {
    const seen: GenerateRequest[] = [];
    const inner = createModuleScriptedModel(MODEL);
    const scorer = createScriptedModel({ spec: 'scripted:tickets', respond: async (request) => {
      seen.push(request);
      const outcome = await inner.generate(request);
      return outcome.ok ? outcome.text : outcome;
    } });
    const optimizerPrompts: string[] = [];
    const optimizer = createScriptedModel({ spec: 'scripted:opt', respond: async (request) => {
      optimizerPrompts.push(request.prompt);
      const outcome = await inner.generate(request);
      return outcome.ok ? outcome.text : outcome;
    } });
    const events: OptimizeEvent[] = [];
    const result = await optimizeTask({ task: TASK, scorer, optimizer, onEvent: (event) => events.push(event) });
    assert.equal(result.status, 'completed');
    assert.equal(result.task.name, 'support-ticket-labels');

    // The scorer got the chat turns: system instruction, the fixed few-shot pair, the ticket.
    const request = seen[0]!;
    assert.deepEqual(request.messages?.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.equal(request.messages?.[0]?.content, 'Classify the support ticket.');
    assert.match(request.messages?.[3]?.content ?? '', /^Ticket \((email|chat|phone)\): /);

    // Scores are the metric's means: the start scores 0.5 at most (never a bare label), the winner 1.
    const start = result.history.find((entry) => entry.step === -1)!;
    assert.ok(start.score > 0 && start.score <= 0.5, String(start.score));
    assert.equal(result.ranked[0]?.trainScore, 1);
    assert.match(result.ranked[0]?.instruction ?? '', /only the label|one word, the category/);
    assert.equal(result.ranked[0]?.test?.score, 1);

    // Per-example feedback travels with the graded examples.
    const graded = events.flatMap((event) => (event.type === 'problem' && event.event.type === 'example-evaluated' ? [event.event] : []));
    const withFeedback = graded.filter((event) => typeof event['feedback'] === 'string');
    assert.ok(withFeedback.length > 0);
    assert.ok(withFeedback.every((event) => typeof event['score'] === 'number' && (event['score'] as number) < 1));

    // feedbackExamples: 3 in the task: the meta-prompt shows the 3 worst examples of the best so far,
    // before the closing request; once the best scores 1 everywhere there is nothing left to show.
    const first = optimizerPrompts[0]!;
    // The exemplars are shown as the scorer sees them: the chat template, <INS> where the instruction goes.
    assert.match(first, /\nThe task: Label each support ticket with the team that handles it\.\n/);
    assert.match(first, /\ninput:\nSystem: <INS>\nUser: Ticket \(email\): Hi, the app logs me out every five minutes\.\nAssistant: bug\nUser: Ticket \((email|chat|phone)\): [^\n]+\n\nGround truth answer:\n(billing|bug|shipping|account|other)\n/);
    assert.doesNotMatch(first, /Q: <INS>|\n<INS>\n/);
    assert.equal(first.match(/^feedback: /gm)?.length, 3, first);
    // Each note's input is shown as the exemplars are, through the chat template, so the channel field
    // the scorer read is there too (not the bare ticket text).
    const block = first.slice(first.indexOf('scored lowest'));
    assert.equal(block.match(/\ninput:\nSystem: <INS>\nUser: Ticket \(email\): Hi, the app logs me out every five minutes\.\nAssistant: bug\nUser: Ticket \((email|chat|phone)\): [^\n]+\noutput:\n/g)?.length, 3, block);
    assert.ok(first.indexOf('scored lowest') < first.indexOf('Generate an instruction'));
    assert.match(first, /feedback: expected account, got "This ticket is about other/);
    assert.doesNotMatch(optimizerPrompts.at(-1)!, /scored lowest/);
  });

  test('evaluateTask scores given instructions through the same template and metric', async () => {
    const model = createModuleScriptedModel(MODEL);
    const result = await evaluateTask({ task: TASK, scorer: model, instructions: ['Classify the support ticket.', 'You label support tickets. Reply with only the label: billing, bug, shipping, account or other.'], split: 'all' });
    assert.equal(result.examples, 40);
    assert.equal(result.results[1]?.score, 1);
    assert.ok((result.results[0]?.score ?? 1) < 0.5);
    assert.equal(result.results[0]?.failed, 0);
  });
});
