/**
 * The task commands through the built CLI: optimize --task on the worked example, the exported
 * prompt and card, the export round trip through evaluate --task --prompt-file, and judge-check.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const TICKETS = fileURLToPath(new URL('../../examples/ticket-classification/task.yaml', import.meta.url));
const REPLIES = fileURLToPath(new URL('../../examples/support-replies/task.yaml', import.meta.url));
const exec = promisify(execFile);

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'opro-task-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function opro(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, [CLI, ...args], { cwd: dir }).then(
    (ok) => ({ code: 0, ...ok }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('task files on the command line', () => {
  test('optimize --task, export --prompt, and the exported prompt re-scored by evaluate --task gives the recorded score', async () => {
    const store = join(dir, 'runs.sqlite');
    const optimized = await opro(['optimize', '--task', TICKETS, '--store', store, '--cache', join(dir, 'cache.sqlite'), '--json', '-q']);
    assert.equal(optimized.code, 0, optimized.stderr);
    const result = JSON.parse(optimized.stdout) as { runId: string; status: string; comparisons: Array<{ pValue: number }>; ranked: Array<{ instruction: string; trainScore: number; test: { score: number } | null }>; usage: { byRole: Record<string, { calls: number }> } };
    assert.equal(result.status, 'completed');
    assert.equal(result.usage.byRole['judge']?.calls, 0);

    const out = join(dir, 'exported');
    const exported = await opro(['runs', 'export', result.runId, '--prompt', '--out', out, '--store', store]);
    assert.equal(exported.code, 0, exported.stderr);
    const prompt = JSON.parse(readFileSync(join(out, 'prompt.json'), 'utf8')) as { prompt: { messages: Array<{ role: string; content: string }> }; variables: string[]; instruction: string; card: { heldOut: { mean: number; n: number }; train: { mean: number }; costPer1000Calls: number | null } };
    assert.equal(prompt.instruction, result.ranked[0]?.instruction);
    assert.deepEqual(prompt.prompt.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.equal(prompt.prompt.messages[0]?.content, prompt.instruction);
    assert.deepEqual(prompt.variables, ['channel', 'ticket']);
    assert.equal(prompt.card.train.mean, result.ranked[0]?.trainScore);
    assert.equal(prompt.card.heldOut.mean, result.ranked[0]?.test?.score);
    assert.equal(prompt.card.costPer1000Calls, 0);
    const card = readFileSync(join(out, 'card.md'), 'utf8');
    assert.match(card, /^# support-ticket-labels: optimized prompt/);
    assert.match(card, /- held-out score: \d+\.\d% \[\d+\.\d, \d+\.\d\] n=20/);
    assert.match(card, /- cost: \$0\.0000 per 1,000 calls/);
    assert.match(card, /- metric: js \(metric\.mjs\)\n/, 'the card names the metric as the report header does');
    // One interval everywhere: the card's held-out interval is the one `opro runs show` prints for the winner.
    const shown = await opro(['runs', 'show', result.runId, '--store', store]);
    assert.equal(shown.code, 0, shown.stderr);
    const winnerRow = shown.stdout.split('\n').find((line) => /^\s+1\s/.test(line)) ?? '';
    const cardInterval = /- held-out score: [\d.]+% (\[[\d.]+, [\d.]+\])/.exec(card)?.[1];
    assert.ok(cardInterval && winnerRow.includes(cardInterval), `${cardInterval} in ${winnerRow}`);
    assert.match(shown.stdout, /^ {2}metric {5}js \(metric\.mjs\)$/m);
    // The held-out comparison is stored with the run: runs show prints it as the report did (mean scores, permutation test).
    const comparison = result.comparisons[0];
    assert.ok(comparison, 'the winner was compared with the initial instruction');
    const p = comparison.pValue < 0.001 ? 'p < 0.001' : `p = ${Number(comparison.pValue.toPrecision(2))}`;
    assert.match(shown.stdout, new RegExp(`^Held-out comparisons .*\\n {2}initial Classify the support ticket\\.: winner [\\d.]+% vs [\\d.]+% \\(\\+[\\d.]+ points, 95% CI \\[[^\\]]+\\]\\): significant \\(${p.replace(/[.<]/g, '\\$&')}, paired permutation exact, n = 20\\)$`, 'm'));
    assert.match(card, /\(mean score, 95% Wilson interval\)/);
    // The CSV export carries the same intervals, as proportions: every row's test interval is the one runs show prints.
    const csvFile = join(dir, 'candidates.csv');
    const csv = await opro(['runs', 'export', result.runId, '--format', 'csv', '--out', csvFile, '--store', store]);
    assert.equal(csv.code, 0, csv.stderr);
    const [header = '', ...rows] = readFileSync(csvFile, 'utf8').trim().split(/\r\n/);
    const columns = header.split(',');
    assert.deepEqual(columns.slice(-4), ['train_ci95_low', 'train_ci95_high', 'test_ci95_low', 'test_ci95_high']);
    // The interval columns come last (the solution before them may hold quoted commas); empty when not measured.
    const measured = rows.map((row) => row.split(',').slice(-2)).filter(([low]) => low !== '').map((ends) => ends.map(Number));
    assert.ok(measured.length > 0);
    for (const [low, high] of measured) {
      const text = `[${((low as number) * 100).toFixed(1)}, ${((high as number) * 100).toFixed(1)}]`;
      assert.ok(shown.stdout.includes(text), `${text} in runs show`);
    }

    // The round trip: the exported prompt, scored on the same held-out examples, gives the recorded score.
    const rescored = await opro(['evaluate', '--task', TICKETS, '--prompt-file', join(out, 'prompt.json'), '--json', '-q', '--cache', join(dir, 'other-cache.sqlite')]);
    assert.equal(rescored.code, 0, rescored.stderr);
    const evaluation = JSON.parse(rescored.stdout) as { examples: number; results: Array<{ score: number; answered: number }> };
    assert.equal(evaluation.examples, prompt.card.heldOut.n);
    assert.equal(evaluation.results[0]?.score, prompt.card.heldOut.mean);
    // The text report names the exported prompt and its instruction (scored in place, not as an empty instruction).
    const readable = await opro(['evaluate', '--task', TICKETS, '--prompt-file', join(out, 'prompt.json'), '-q', '--cache', join(dir, 'other-cache.sqlite')]);
    assert.equal(readable.code, 0, readable.stderr);
    assert.ok(readable.stdout.includes(`${join(out, 'prompt.json')}: ${prompt.instruction.slice(0, 40)}`), readable.stdout);
    assert.doesNotMatch(readable.stdout, /empty instruction/);
  });

  test('judge-check prints the agreement and exits 1 below the threshold', async () => {
    const ok = await opro(['judge-check', '--task', REPLIES, '--no-cache']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Cohen's kappa: 0\.87 \(95% CI/);
    assert.match(ok.stdout, /judge\s+16 calls/);
    const strict = await opro(['judge-check', '--task', REPLIES, '--no-cache', '--min-kappa', '0.95']);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /warning: the judge agrees with the human labels less than required/);
  });

  test('a task whose judge has no model is refused before anything runs', async () => {
    const refused = await opro(['judge-check', '--task', TICKETS]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no LLM judge to check/);
  });
});
