/**
 * Ctrl-C (the signal) or a cap late in a run: the status says so, and no figure is computed over
 * cancelled calls. Scripted models: the scorer pulls the plug itself at the chosen moment.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { optimize, type OptimizeEvent } from '../../src/optimize/optimize.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import type { Dataset } from '../../src/datasets/types.js';

function sumsDataset(): Dataset {
  const pool = Array.from({ length: 12 }, (_, index) => ({ index, question: `What is ${index} plus ${index + 1}?`, target: String(2 * index + 1) }));
  return { id: 'file:sums', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'sums', pool, heldOut: null, contentHash: 'x', source: 'memory' };
}

const optimizer = () => createScriptedModel({ spec: 'scripted:optimizer', respond: (r) => `<INS>Plan ${r.sampleIndex ?? 0} ${r.prompt.length}</INS>` });

describe('a run cut short late', () => {
  test('Ctrl-C during the held-out evaluation: interrupted, and no held-out figure is kept', async () => {
    const controller = new AbortController();
    let train = new Set<number>();
    const events: OptimizeEvent[] = [];
    const scorer = createScriptedModel({
      spec: 'scripted:scorer',
      respond: (request) => {
        const index = Number(/What is (\d+) plus/.exec(request.prompt)?.[1]);
        // The first held-out question asked pulls the plug; the calls after it are cancelled.
        if (!train.has(index)) controller.abort();
        return `The answer is ${2 * index + 1}.`;
      },
    });
    const result = await optimize({
      dataset: sumsDataset(), scorer, optimizer: optimizer(), steps: 2, candidatesPerStep: 2, trainRatio: 0.5, seed: 2, evalTop: 2,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'split') train = new Set(event.trainIndices);
      },
    });
    assert.ok(events.some((e) => e.type === 'test-started'), 'the held-out evaluation had started');
    assert.equal(result.status, 'interrupted');
    assert.match(result.reason, /held-out/);
    assert.deepEqual(result.references, []);
    assert.ok(result.ranked.every((entry) => entry.test === null));
    const recorded = events.filter((e) => e.type === 'problem' && (e as { event: { type: string } }).event.type === 'test-evaluated');
    assert.equal(recorded.length, 0, 'no held-out score recorded');
  });

  test('Ctrl-C while the last step is scored: interrupted, not completed, and no held-out evaluation', async () => {
    const controller = new AbortController();
    let optimizerCalls = 0;
    const events: OptimizeEvent[] = [];
    const countedOptimizer = createScriptedModel({
      spec: 'scripted:optimizer',
      respond: (r) => {
        optimizerCalls += 1;
        return `<INS>Plan ${optimizerCalls} ${r.sampleIndex ?? 0}</INS>`;
      },
    });
    const scorer = createScriptedModel({
      spec: 'scripted:scorer',
      respond: () => {
        if (optimizerCalls >= 4) controller.abort();
        return 'The answer is 1.';
      },
    });
    const result = await optimize({
      dataset: sumsDataset(), scorer, optimizer: countedOptimizer, steps: 2, candidatesPerStep: 2, trainRatio: 0.5, seed: 2,
      signal: controller.signal, onEvent: (event) => events.push(event),
    });
    assert.equal(result.status, 'interrupted');
    assert.equal(result.stepsCompleted, 1, 'the last step did not complete');
    assert.equal(events.filter((e) => e.type === 'test-started').length, 0);
  });
});
