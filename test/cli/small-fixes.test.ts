/** The small ones: huge integers, non-UTF-8 data, -q on an invalid split, messages naming real commands. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integer } from '../../src/cli/parsers.js';
import { loadUserDataset } from '../../src/datasets/user-file.js';
import { RunNotFoundError } from '../../src/store/errors.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

describe('small things a careful user hits', () => {
  test('an integer beyond exact range (--steps 99999999999999999999) is refused', () => {
    assert.throws(() => integer(1)('99999999999999999999'), /expected an integer/);
    assert.throws(() => integer(0)('1e400'), /expected an integer/);
    assert.equal(integer(1)('200'), 200);
  });

  test('a missing run points to a command that exists', () => {
    assert.match(new RunNotFoundError('r-x').message, /`opro runs`/);
    assert.doesNotMatch(new RunNotFoundError('r-x').message, /opro list/);
  });

  test('a data file that is not UTF-8 is refused, saying where the bad bytes are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opro-utf8-'));
    try {
      const file = join(dir, 'latin1.jsonl');
      const good = Buffer.from(`${JSON.stringify({ q: 'What is 1 plus 1?', a: 2 })}\n`, 'utf8');
      const bad = Buffer.concat([Buffer.from('{"q": "Caf', 'utf8'), Buffer.from([0xe9]), Buffer.from(' price?", "a": 3}\n', 'utf8')]);
      writeFileSync(file, Buffer.concat([good, good, bad]));
      await assert.rejects(
        loadUserDataset(file, { inputField: 'q', targetField: 'a', answerType: 'number' }),
        /is not valid UTF-8: line 3 \(byte \d+\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('-q with a split that leaves no training example records no failed run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opro-quiet-'));
    try {
      writeFileSync(join(dir, 'd.jsonl'), `${JSON.stringify({ q: 'What is 1 plus 1?', a: 2 })}\n${JSON.stringify({ q: 'What is 2 plus 2?', a: 4 })}\n`);
      const store = join(dir, 'runs.sqlite');
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'optimize', '-q', '-d', join(dir, 'd.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number', '-s', 'scripted:echo', '--train-ratio', '0.01', '--store', store, '--no-cache'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /selects no training example/);
      assert.ok(!existsSync(store), 'no run store was written');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
