import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_CANDIDATELESS_STEPS, runOptimization } from '../../src/engine/run.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { defineProblem } from '../../src/problems/custom.js';
import { scriptedOptimizer } from '../problems/helpers/scripted-optimizer.js';

/**
 * An optimizer whose replies never hold a candidate (the task text does not ask for the format the
 * parser reads) is warned about, then stops the run with the reason, instead of "completed".
 */

const tagline = (describeTask: string) =>
  defineProblem<string>({
    kind: 'tagline',
    direction: 'maximize',
    describeTask,
    initial: ['Stay hydrated.'],
    parse: (reply) => /<tagline>(.*?)<\/tagline>/s.exec(reply)?.[1]?.trim() ?? { invalid: 'no <tagline> in the reply' },
    evaluate: (text) => 10 - text.length / 10,
  });

/** Answers in tags only when the meta-prompt asks for them, like an instruction-following model. */
const literalOptimizer = () =>
  scriptedOptimizer(({ call, prompt }) => (prompt.includes('<tagline>') ? `<tagline>Sip ${call}.</tagline>` : `Sip ${call}, friend.`));

describe('steps whose replies hold no candidate', () => {
  test(`warn, then stop as failed after ${MAX_CANDIDATELESS_STEPS} in a row, naming the parse failure`, async () => {
    const events: EngineEvent<string>[] = [];
    const result = await runOptimization({
      problem: tagline('Write a short tagline for a reusable water bottle.'),
      optimizer: literalOptimizer(),
      steps: 10,
      candidatesPerStep: 2,
      onEvent: (event) => events.push(event),
    });
    assert.equal(result.status, 'failed');
    assert.match(result.reason, new RegExp(`no optimizer reply held a candidate for ${MAX_CANDIDATELESS_STEPS} steps in a row`));
    assert.match(result.reason, /no <tagline> in the reply/);
    assert.equal(result.stepsCompleted, MAX_CANDIDATELESS_STEPS - 1);
    const warnings = events.filter((e) => e.type === 'warning');
    assert.equal(warnings.length, MAX_CANDIDATELESS_STEPS - 1, 'one warning per candidateless step before the stop');
    assert.match(warnings[0]?.type === 'warning' ? warnings[0].message : '', /step 1 held a candidate/);
  });

  test('a step with a candidate resets the count', async () => {
    // Replies hold a tag on every third step only: never 3 candidateless steps in a row.
    const optimizer = scriptedOptimizer(({ call }) => (Math.floor(call / 2) % 3 === 2 ? `<tagline>Sip ${call}.</tagline>` : 'no tag here'));
    const result = await runOptimization({ problem: tagline('Tagline in <tagline></tagline>.'), optimizer, steps: 7, candidatesPerStep: 2 });
    assert.equal(result.status, 'completed');
    assert.equal(result.reason, 'ran 7 steps');
  });

  test('failed calls are not "no candidate": that is the optimizer-failure guard', async () => {
    const events: EngineEvent<string>[] = [];
    const failing = {
      spec: 'test:down', provider: 'test', modelId: 'down', isLocal: true,
      generate: async () => ({ ok: false as const, error: { kind: 'server-error' as const, message: 'test:down failed' }, latencyMs: 0 }),
    };
    await runOptimization({ problem: tagline('x'), optimizer: failing, steps: 2, candidatesPerStep: 1, onEvent: (e) => events.push(e) });
    assert.equal(events.filter((e) => e.type === 'warning').length, 0);
  });

  test('the initial solutions end with their own step-finished (step -1), so stores see them finished', async () => {
    const events: EngineEvent<string>[] = [];
    await runOptimization({ problem: tagline('Tagline in <tagline></tagline>.'), optimizer: literalOptimizer(), steps: 1, candidatesPerStep: 1, onEvent: (e) => events.push(e) });
    const finished = events.filter((e) => e.type === 'step-finished').map((e) => (e.type === 'step-finished' ? e.step : NaN));
    assert.deepEqual(finished, [-1, 0]);
  });

  test('ran 1 step, not "ran 1 steps"', async () => {
    const result = await runOptimization({ problem: tagline('Tagline in <tagline></tagline>.'), optimizer: literalOptimizer(), steps: 1, candidatesPerStep: 1 });
    assert.equal(result.reason, 'ran 1 step');
  });
});

describe("the README's custom-objective example", () => {
  test('its task text asks for the format its parser reads, so the optimizer proposes candidates', async () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf('## Your own objective'));
    const code = block.slice(block.indexOf('```ts'), block.indexOf('```', block.indexOf('```ts') + 5));
    // The describeTask string as written (one literal or several joined with +).
    const task = /describeTask:\s*((?:'[^']*'\s*\+?\s*)+),/.exec(code)?.[1];
    assert.ok(task, 'the example has a describeTask');
    const describeTask = [...task.matchAll(/'([^']*)'/g)].map((m) => m[1]).join('');
    assert.match(code, /<tagline>\(\.\*\?\)<\\\/tagline>/, 'the example parses <tagline>...</tagline>');
    const result = await runOptimization({ problem: tagline(describeTask), optimizer: literalOptimizer(), steps: 3, candidatesPerStep: 2 });
    assert.equal(result.status, 'completed');
    assert.equal(result.replyCounts.accepted, 6);
  });
});
