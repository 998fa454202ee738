/**
 * The judge as a model role on the command line: its share of a hard cap stops the run cleanly
 * with a reason naming the judge, its calls get their own usage line, feedback lands in exports,
 * and --preset paper keeps the meta-prompt free of the feedback block.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/support-replies/', import.meta.url));
const exec = promisify(execFile);

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'opro-judge-budget-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function opro(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, [CLI, ...args], { cwd: dir }).then(
    (ok) => ({ code: 0, ...ok }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

/** The example's task with some keys changed, written to the temp folder with absolute paths. */
function variant(name: string, change: (task: Record<string, unknown>) => void): string {
  const text = readFileSync(join(EXAMPLE, 'task.yaml'), 'utf8').replaceAll('./', EXAMPLE).replace('file: messages.jsonl', `file: ${join(EXAMPLE, 'messages.jsonl')}`);
  const task = parse(text) as Record<string, unknown>;
  change(task);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify(task));
  return path;
}

describe('the judge role on the command line', () => {
  test("the judge's budget share stops the run cleanly, named as the judge's", async () => {
    // 200 calls, a 20% share: the judge may make 40 calls; the start and step 0 take 30, step 1 needs 20 more.
    const task = variant('share', (t) => {
      t['judge'] = { budgetShare: 0.2 };
    });
    {
      const result = await opro(['optimize', '--task', task, '--max-calls', '200', '--store', join(dir, 's.sqlite'), '--no-cache', '--json', '-q']);
      const parsed = JSON.parse(result.stdout) as { status: string; reason: string; usage: { byRole: Record<string, { calls: number }> } };
      assert.equal(parsed.status, 'budget', result.stderr);
      assert.match(parsed.reason, /the judge's share of the budget \(20%\) is spent/);
      assert.ok(parsed.usage.byRole['judge']!.calls <= 40);
      assert.ok(parsed.usage.byRole['scorer']!.calls > 0);
    }
  });

  test('the JSONL export carries each example score and feedback', async () => {
    const store = join(dir, 'e.sqlite');
    const run = await opro(['optimize', '--task', join(EXAMPLE, 'task.yaml'), '--store', store, '--no-cache', '--json', '-q', '--steps', '1']);
    assert.equal(run.code, 0, run.stderr);
    const { runId } = JSON.parse(run.stdout) as { runId: string };
    const exported = await opro(['runs', 'export', runId, '--format', 'jsonl', '--store', store]);
    const examples = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as { record: string; score?: number; feedback?: string | null }).filter((r) => r.record === 'example');
    assert.ok(examples.length > 0);
    assert.ok(examples.some((e) => typeof e.feedback === 'string' && /^judge: \d\/5: /.test(e.feedback)));
    assert.ok(examples.every((e) => typeof e.score === 'number' && e.score >= 0 && e.score <= 1));
  });

  test('--preset paper keeps the feedback block out of the meta-prompt even when the task asks for it', async () => {
    const task = variant('paper', (t) => {
      (t['optimize'] as Record<string, unknown>)['feedbackExamples'] = 3;
    });
    {
      const store = join(dir, 'p.sqlite');
      const withBlock = await opro(['optimize', '--task', task, '--store', store, '--no-cache', '--json', '-q', '--steps', '1']);
      const paper = await opro(['optimize', '--task', task, '--store', store, '--no-cache', '--json', '-q', '--steps', '1', '--preset', 'paper']);
      const metaPrompts = async (runId: string): Promise<string[]> => {
        const out = await opro(['runs', 'export', runId, '--format', 'jsonl', '--store', store]);
        return out.stdout.trim().split('\n').map((line) => JSON.parse(line) as { record: string; metaPrompt?: string }).filter((r) => r.record === 'step').map((r) => String(r.metaPrompt));
      };
      const shown = await metaPrompts((JSON.parse(withBlock.stdout) as { runId: string }).runId);
      const hidden = await metaPrompts((JSON.parse(paper.stdout) as { runId: string }).runId);
      assert.ok(shown.length > 0 && hidden.length > 0);
      assert.ok(shown.some((text) => text.includes('scored lowest')), shown[0]);
      assert.ok(hidden.every((text) => !text.includes('scored lowest')));
    }
  });
});
