/** Task files: YAML and JSON read the same, errors name the key path, datasets keep their fields. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadTaskDataset, loadTaskFile, parseTask, TaskError } from '../../src/tasks/load-task.js';

const dir = mkdtempSync(join(tmpdir(), 'opro-task-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TICKETS = [
  { ticket: 'I was charged twice', channel: 'email', label: 'billing' },
  { ticket: 'The app crashes', channel: 'chat', label: 'bug' },
  { ticket: 'Where is my order?', channel: 'email', label: 'shipping' },
];
writeFileSync(join(dir, 'tickets.jsonl'), TICKETS.map((t) => JSON.stringify(t)).join('\n'));
writeFileSync(join(dir, 'open.jsonl'), [{ question: 'Write a haiku about rain' }, { question: 'Explain DNS', target: 'names to addresses' }].map((t) => JSON.stringify(t)).join('\n'));

const TASK = {
  name: 'tickets',
  dataset: { file: 'tickets.jsonl', input: 'ticket', target: 'label' },
  prompt: { messages: [{ role: 'system', content: '{{instruction}}' }, { role: 'user', content: '[{{channel}}] {{ticket}}' }] },
  metric: { type: 'weighted', parts: [{ weight: 2, metric: { type: 'contains' } }, { weight: 1, metric: { type: 'max-length', max: 20 } }] },
  optimize: { steps: 3, candidatesPerStep: 2 },
};

function problemsOf(raw: unknown): string[] {
  try {
    parseTask(raw, 'task.yaml', dir);
  } catch (error) {
    assert.ok(error instanceof TaskError, String(error));
    return [...error.problems];
  }
  assert.fail('expected the task to be refused');
}

describe('reading task files', () => {
  test('YAML and JSON give the same task; relative paths are read from the file folder', async () => {
    writeFileSync(join(dir, 'task.yaml'), stringify(TASK));
    writeFileSync(join(dir, 'task.json'), JSON.stringify(TASK));
    const fromYaml = await loadTaskFile(join(dir, 'task.yaml'));
    const fromJson = await loadTaskFile('task.json', dir);
    assert.deepEqual(fromYaml.file, fromJson.file);
    assert.equal(fromYaml.template.kind, 'chat');
    assert.equal(fromYaml.isPreset, false);
    assert.equal(fromYaml.baseDir, dir);
    const dataset = await loadTaskDataset(fromYaml);
    assert.equal(dataset.pool.length, 3);
    assert.deepEqual(dataset.pool[1]?.fields, TICKETS[1]);
    assert.equal(dataset.pool[1]?.question, 'The app crashes');
    assert.equal(dataset.pool[1]?.target, 'bug');
    // Without dataset.input, the question is the first field the prompt uses.
    const defaulted = parseTask({ ...TASK, dataset: { file: 'tickets.jsonl', target: 'label' } }, 't.yaml', dir);
    assert.equal((await loadTaskDataset(defaulted)).pool[1]?.question, 'chat');
  });
  test('a preset is the paper position; the metric defaults to answer grading', () => {
    const task = parseTask({ dataset: { builtin: 'gsm8k' }, prompt: { preset: 'A_begin' } }, 'gsm8k.yaml', dir);
    assert.equal(task.isPreset, true);
    assert.equal(task.position, 'A_begin');
    assert.equal(task.includeQA, true);
    assert.deepEqual(task.metric, { type: 'answer' });
    assert.equal(task.name, 'gsm8k');
  });
  test('a judge task needs no gold answer on every example', async () => {
    const task = parseTask({ dataset: { file: 'open.jsonl' }, prompt: { text: '{{instruction}}\n\n{{question}}' }, metric: { type: 'judge', rubric: 'Be accurate.' } }, 'open.yaml', dir);
    const dataset = await loadTaskDataset(task);
    assert.deepEqual(dataset.pool.map((e) => e.target), ['', 'names to addresses']);
  });
});

describe('errors name the key path', () => {
  test('unknown keys, wrong types, bad enums and bad metric parts', () => {
    const problems = problemsOf({
      dataset: { file: 'x.jsonl', answerTyp: 'text' },
      prompt: { messages: [{ role: 'bot', content: 'hi' }] },
      metric: { type: 'weighted', parts: [{ weight: -1, metric: { type: 'regex', pattern: '(' } }, { weight: 1, metric: { type: 'telepathy' } }] },
      optimize: { steps: 'many' },
    });
    const text = problems.join('\n');
    assert.match(text, /^dataset\.answerTyp: unknown key$/m);
    assert.match(text, /^prompt\.messages\[0\]\.role: expected system, user or assistant$/m);
    assert.match(text, /^metric\.parts\[0\]\.weight: expected a positive weight$/m);
    assert.match(text, /^metric\.parts\[0\]\.metric\.pattern: invalid regular expression/m);
    assert.match(text, /^metric\.parts\[1\]\.metric(\.type)?: expected a metric with type one of: answer, contains/m);
    assert.match(text, /^optimize\.steps: expected a non-negative integer$/m);
  });
  test('prompt choices, missing dataset source, judge rubric and template problems', () => {
    assert.match(problemsOf({ dataset: {}, prompt: { text: '{{instruction}}', preset: 'Q_begin' } }).join('\n'), /^dataset\.file: give exactly one of file or builtin$[\s\S]*^prompt: give exactly one of preset, text or messages$/m);
    assert.match(problemsOf({ dataset: { builtin: 'gsm8k' }, prompt: { text: '{{question}}' } }).join('\n'), /^prompt: the prompt has no \{\{instruction\}\}/m);
    assert.match(problemsOf({ dataset: { builtin: 'gsm8k' }, prompt: { preset: 'A_begin', includeQA: false } }).join('\n'), /^prompt\.preset: .*needs the "Q:"\/"A:" markers/m);
    assert.match(problemsOf({ dataset: { builtin: 'gsm8k' }, prompt: { preset: 'Q_end' }, metric: { type: 'judge' } }).join('\n'), /^metric\.rubric: give exactly one of rubric or rubricFile$/m);
    assert.match(problemsOf({ dataset: { builtin: 'gsm8k' }, prompt: { preset: 'Q_end' }, metric: { type: 'json-field', pointer: 'label' } }).join('\n'), /^metric\.pointer: expected a JSON Pointer/m);
  });
  test('a template field the dataset lacks is refused with the example it is missing from', async () => {
    const task = parseTask({ dataset: { file: 'tickets.jsonl', target: 'label' }, prompt: { text: '{{instruction}} {{ticket}} {{priority}}' } }, 't.yaml', dir);
    await assert.rejects(loadTaskDataset(task), /\{\{priority\}\}, which is not a field of the dataset \(fields: question, target, ticket, channel, label\)/);
  });
  test('a file that is not YAML is a parse error naming it', async () => {
    writeFileSync(join(dir, 'broken.yaml'), 'dataset: [unclosed');
    await assert.rejects(loadTaskFile(join(dir, 'broken.yaml')), /Cannot parse the task file .*broken\.yaml/);
  });
});
