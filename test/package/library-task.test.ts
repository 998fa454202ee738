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
    console.log(JSON.stringify({ status: result.status, name: result.task.name, best: result.ranked[0].trainScore, refused }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const result = JSON.parse(out) as { status: string; name: string; best: number; refused: string[] };
  assert.equal(result.status, 'completed');
  assert.equal(result.name, 'tickets-from-code');
  assert.equal(result.best, 1);
  assert.deepEqual(result.refused, ['metric.module: expected the path of a .mjs/.js module']);
});
