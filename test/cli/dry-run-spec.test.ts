import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** --dry-run refuses the model specs a real run refuses, instead of pricing a command that cannot run. */

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

test('--dry-run rejects an invalid model spec the way the real run does', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'opro-dry-'));
  try {
    const data = path.join(dir, 'd.jsonl');
    writeFileSync(data, Array.from({ length: 4 }, (_, i) => JSON.stringify({ q: `${i}+1?`, a: i + 1 })).join('\n'));
    const base = [CLI, 'optimize', '-d', data, '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number', '--store', path.join(dir, 's.sqlite'), '--cache', path.join(dir, 'c.sqlite')];
    for (const [spec, message] of [['opneai:gpt-4o', /Unknown model provider "opneai"/]] as const) {
      const outcomes = [];
      for (const extra of [['--dry-run'], []]) {
        outcomes.push(await run(process.execPath, [...base, '-s', spec, ...extra], { cwd: dir }).then(
          () => ({ code: 0, stderr: '' }),
          (error: { code: number; stderr: string }) => error,
        ));
      }
      for (const outcome of outcomes) {
        assert.equal(outcome.code, 1, spec);
        assert.match(outcome.stderr, message);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
