/** The task object in the library: the built package, from plain Node, runs a task given as an object. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/ticket-classification/', import.meta.url));

test('optimizeTask takes the same task as the file, as a plain object', () => {
  const script = `
    const m = await import('opro');
    const model = m.createModuleScriptedModel(${JSON.stringify(`${EXAMPLE}scripted-model.mjs`)});
    const task = {
      name: 'tickets-from-code',
      dataset: { file: 'tickets.jsonl', input: 'ticket', target: 'label' },
      prompt: { messages: [{ role: 'system', content: '{{instruction}}' }, { role: 'user', content: 'Ticket ({{channel}}): {{ticket}}' }] },
      metric: { type: 'js', module: './metric.mjs' },
      optimize: { steps: 2, candidatesPerStep: 2, initialInstructions: ['Classify the support ticket.'], trainRatio: 0.5 },
    };
    const result = await m.optimizeTask({ task, cwd: ${JSON.stringify(EXAMPLE)}, scorer: model, optimizer: model });
    let refused = null;
    try { m.parseTask({ ...task, metric: { type: 'js' } }, 'code', '.'); } catch (error) { refused = error.problems; }
    const paired = m.comparePairedScores(new Map([[0, 0.5], [1, 1], [2, 0.75]]), new Map([[0, 0], [1, 0.5], [2, 0.25]]));
    console.log(JSON.stringify({ status: result.status, name: result.task.name, best: result.ranked[0].trainScore, refused, metric: result.metric, method: result.comparisons[0]?.method, paired: [paired.pValue, paired.method], interval: m.wilsonIntervalOfMean(0.6, 10) }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const result = JSON.parse(out) as { status: string; name: string; best: number; refused: string[]; metric: unknown; method: string; paired: [number, string]; interval: { lower: number; upper: number } };
  assert.equal(result.status, 'completed');
  assert.equal(result.name, 'tickets-from-code');
  assert.equal(result.best, 1);
  assert.deepEqual(result.refused, ['metric.module: expected the path of a .mjs/.js module']);
  // The statistics of partial scores, from the package: the metric named, the held-out comparison by the
  // permutation test (the ticket metric gives half credit), three differences of 0.5: p = 2 / 2^3.
  assert.deepEqual(result.metric, { description: 'js (metric.mjs)', accuracy: false });
  assert.equal(result.method, 'permutation-exact');
  assert.deepEqual(result.paired, [0.25, 'permutation-exact']);
  assert.equal(result.interval.upper.toFixed(4), '0.8318');
});
