/**
 * The CLI: the plan line printed before a run carries the same figures as `--dry-run --json` for the
 * same flags, and the run that follows makes at most that many calls (its --json usage per role).
 * Needs the build (npm run build).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli-child.js';

const dir = mkdtempSync(join(tmpdir(), 'opro-plan-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'sums.jsonl');
writeFileSync(data, Array.from({ length: 12 }, (_, i) => JSON.stringify({ q: `What is ${i} plus 1?`, a: i + 1 })).join('\n'));

const PLAN = /plan: (\d+) steps, at most ([\d,]+) optimizer, ([\d,]+) scorer(?:, ([\d,]+) judge)? calls/;
const figure = (text: string | undefined) => Number((text ?? '0').replaceAll(',', ''));

interface JsonReport {
  calls: { optimizer: number; scorer: number; judge: number };
}
interface RunJson {
  usage: { byRole: Record<'scorer' | 'optimizer' | 'judge', { calls: number }> };
}

async function planAgainstDryRun(args: string[], judged = false): Promise<void> {
  const dry = await runCli([...args, '--dry-run', '--json']);
  assert.equal(dry.code, 0, dry.stderr);
  const report = JSON.parse(dry.stdout) as JsonReport;
  const run = await runCli([...args, '--json', '--store', join(dir, 'runs.sqlite'), '--no-cache']);
  assert.equal(run.code, 0, run.stderr);
  const plan = PLAN.exec(run.stderr);
  assert.ok(plan, `a plan line in:\n${run.stderr}`);
  assert.deepEqual(
    { optimizer: figure(plan[2]), scorer: figure(plan[3]), judge: figure(plan[4]) },
    { optimizer: report.calls.optimizer, scorer: report.calls.scorer, judge: report.calls.judge },
    'the plan line says what --dry-run says',
  );
  const usage = (JSON.parse(run.stdout) as RunJson).usage.byRole;
  for (const role of ['scorer', 'optimizer', 'judge'] as const) {
    assert.ok(usage[role].calls <= report.calls[role], `${role}: ${usage[role].calls} calls made, at most ${report.calls[role]}`);
  }
  assert.ok(usage.scorer.calls > 0 && usage.optimizer.calls > 0, 'the run called its models');
  if (judged) {
    assert.ok(report.calls.judge > 0 && usage.judge.calls > 0, 'the judge is counted and called');
    // Every answered example is judged once: with a scorer that always answers, the judge bound is reached.
    assert.equal(report.calls.judge, report.calls.scorer);
  }
}

describe('the plan line and --dry-run agree, and bound the run', () => {
  const base = ['optimize', '-d', data, '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number', '-s', 'scripted:echo', '--train-ratio', '0.5', '--steps', '2', '--candidates', '3'];
  test('defaults', () => planAgainstDryRun(base));
  test('--extract-final-answer, --compare-baselines, --eval-top 2, --extra-draws 1', () =>
    planAgainstDryRun([...base, '--extract-final-answer', '--compare-baselines', '--eval-top', '2', '--extra-draws', '1']));
  // A chat template scored by a judge (80%) and a length check: the judge is the third role of both figures.
  test('a task: chat template and an LLM judge (examples/support-replies)', () =>
    planAgainstDryRun(['optimize', '--task', fileURLToPath(new URL('../../examples/support-replies/task.yaml', import.meta.url)), '--compare-baselines'], true));
});
