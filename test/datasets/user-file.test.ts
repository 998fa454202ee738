import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DatasetError, loadDataset, loadUserDataset, makeSplit } from '../../src/datasets/index.js';

let dir = '';
const write = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const fields = { inputField: 'q', targetField: 'a', answerType: 'number' as const };

/** Assert a DatasetError whose message matches every pattern. */
async function rejectsWith(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.ok(error instanceof DatasetError, `expected a DatasetError, got ${error.name}: ${error.message}`);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'opro-user-datasets-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('user dataset files', () => {
  test('JSONL: one object per line, blank lines skipped, numeric targets become strings', async () => {
    const path = write('arith_problems.jsonl', '{"q": "1+1?", "a": 2}\n\n{"q": "2+3?", "a": "5", "extra": true}\r\n');
    const dataset = await loadUserDataset(path, fields);
    assert.equal(dataset.id, 'file:arith_problems.jsonl');
    assert.deepEqual(dataset.pool, [
      { index: 0, question: '1+1?', target: '2' },
      { index: 1, question: '2+3?', target: '5' },
    ]);
    assert.equal(dataset.heldOut, null);
    assert.equal(dataset.answerType, 'number');
    assert.equal(dataset.multipleChoice, false);
    assert.equal(dataset.taskDescription, 'arith problems');
    assert.equal(dataset.source, path);
    assert.match(dataset.contentHash, /^[0-9a-f]{64}$/);
  });

  test('CSV: header row names the fields; quoted cells may span lines', async () => {
    const path = write('qa.csv', 'q,a,notes\n"Which, one?",(B),x\n"two\nlines",(A),y\n');
    const dataset = await loadUserDataset(path, { inputField: 'q', targetField: 'a', answerType: 'choice' });
    assert.deepEqual(dataset.pool.map((e) => [e.question, e.target]), [
      ['Which, one?', '(B)'],
      ['two\nlines', '(A)'],
    ]);
    assert.equal(dataset.multipleChoice, true);
  });

  test('JSON: an array, or an object with an examples array', async () => {
    const array = write('list.json', JSON.stringify([{ q: 'a?', a: 'yes' }, { q: 'b?', a: 'no' }]));
    const wrapped = write('wrapped.json', JSON.stringify({ canary: 'x', examples: [{ q: 'c?', a: 7.5 }] }));
    const fromArray = await loadUserDataset(array, { ...fields, answerType: 'boolean' });
    assert.equal(fromArray.pool.length, 2);
    assert.equal(fromArray.answerType, 'boolean');
    const fromObject = await loadUserDataset(wrapped, { ...fields, taskDescription: 'custom words' });
    assert.deepEqual(fromObject.pool, [{ index: 0, question: 'c?', target: '7.5' }]);
    assert.equal(fromObject.taskDescription, 'custom words');
  });

  test('an explicit format overrides the extension', async () => {
    const path = write('data.txt', '{"q": "x", "a": 1}\n');
    const dataset = await loadUserDataset(path, { ...fields, format: 'jsonl' });
    assert.equal(dataset.pool.length, 1);
  });

  test('loadDataset accepts a path, defaults fields to input/target and splits it', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ input: `q${i}`, target: String(i) }));
    const path = write('mine.jsonl', `${lines.join('\n')}\n`);
    const dataset = await loadDataset(path, { answerType: 'text' });
    assert.equal(dataset.pool.length, 20);
    const split = makeSplit(dataset, { trainRatio: 0.25 });
    assert.equal(split.train.length, 5);
    assert.equal(split.test.length, 15);
  });

  test('loadDataset asks for the answer type of a user file', async () => {
    const path = write('untyped.jsonl', '{"input": "x", "target": "y"}\n');
    await rejectsWith(loadDataset(path), /answer type must be given/, /number, boolean, choice or text/);
  });
});

describe('user dataset errors', () => {
  test('missing file', async () => {
    await rejectsWith(loadUserDataset(join(dir, 'nope.jsonl'), fields), /Dataset file not found: .*nope\.jsonl/);
  });

  test('unknown extension', async () => {
    const path = write('data.xlsx', 'whatever');
    await rejectsWith(loadUserDataset(path, fields), /Cannot tell the format of .*data\.xlsx/, /\.jsonl, \.ndjson, \.csv, \.json/);
  });

  test('unknown answer type', async () => {
    const path = write('ok.jsonl', '{"q": "x", "a": 1}\n');
    await rejectsWith(
      loadUserDataset(path, { ...fields, answerType: 'numeric' as never }),
      /Unknown answer type 'numeric'/,
      /number, boolean, choice, text/,
    );
  });

  test('empty dataset in every format', async () => {
    await rejectsWith(loadUserDataset(write('empty.jsonl', '\n\n'), fields), /empty\.jsonl holds no examples/);
    await rejectsWith(loadUserDataset(write('empty.csv', 'q,a\n'), fields), /empty\.csv holds no examples/);
    await rejectsWith(loadUserDataset(write('empty.json', '[]'), fields), /empty\.json holds no examples/);
  });

  test('invalid JSON on line N of a JSONL file', async () => {
    const path = write('broken.jsonl', '{"q": "x", "a": 1}\n\n{"q": "y", "a": \n');
    await rejectsWith(loadUserDataset(path, fields), /broken\.jsonl line 3: invalid JSON/);
  });

  test('invalid JSON document, and a JSON object without examples', async () => {
    await rejectsWith(loadUserDataset(write('bad.json', '[{"q": 1,]'), fields), /bad\.json: invalid JSON/);
    await rejectsWith(
      loadUserDataset(write('obj.json', '{"rows": []}'), fields),
      /obj\.json must hold a JSON array of examples or an object with an 'examples' array/,
    );
  });

  test('invalid CSV', async () => {
    await rejectsWith(loadUserDataset(write('bad.csv', 'q,a\n"open,1\n'), fields), /bad\.csv: invalid CSV/);
  });

  test('a row without the input field names the row and lists its fields', async () => {
    const path = write('missing-input.jsonl', '{"q": "x", "a": 1}\n{"question": "y", "a": 2}\n');
    await rejectsWith(
      loadUserDataset(path, fields),
      /missing-input\.jsonl line 2 has no input field 'q'; its fields are: 'question', 'a'\./,
    );
  });

  test('a row without the target field names the row and lists its fields', async () => {
    const path = write('missing-target.csv', 'q,answer\nx,1\n');
    await rejectsWith(
      loadUserDataset(path, fields),
      /missing-target\.csv row 1 \(line 2\) has no target field 'a'; its fields are: 'q', 'answer'\./,
    );
    const json = write('missing-target.json', JSON.stringify([{ q: 'x', a: 1 }, { q: 'y' }]));
    await rejectsWith(loadUserDataset(json, fields), /missing-target\.json example 2 has no target field 'a'; its fields are: 'q'\./);
  });

  test('inherited property names are not mistaken for fields', async () => {
    const path = write('proto.jsonl', '{"q": "x"}\n');
    await rejectsWith(loadUserDataset(path, { ...fields, targetField: 'constructor' }), /has no target field 'constructor'/);
  });

  test('empty, null or structured values are refused', async () => {
    await rejectsWith(loadUserDataset(write('blank.jsonl', '{"q": "x", "a": "  "}\n'), fields), /line 1: the target field 'a' is empty/);
    await rejectsWith(loadUserDataset(write('null.jsonl', '{"q": null, "a": 1}\n'), fields), /line 1: the input field 'q' must be a string or a number, not null/);
    await rejectsWith(loadUserDataset(write('arr.jsonl', '[1, 2]\n'), fields), /arr\.jsonl line 1 is not an object/);
  });
});
