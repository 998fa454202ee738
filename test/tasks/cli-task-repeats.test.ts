/**
 * `opro optimize --task ... --repeats k` through the built CLI: k seeds of the task, each recorded as
 * its own run with the task (so `runs export --prompt` works on any of them), a summary across them
 * named after the task's measure, the judge a model role in every repeat, and the caps holding for
 * the whole command rather than per repeat.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli-child.js';

const REPLIES = fileURLToPath(new URL('../../examples/support-replies/task.yaml', import.meta.url));
const TICKETS = fileURLToPath(new URL('../../examples/ticket-classification/task.yaml', import.meta.url));

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'opro-task-repeats-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface RepeatedJson {
  runIds: string[];
  seeds: number[];
  runs: Array<{ status: string; settings: { seed: number }; ranked: Array<{ instruction: string; trainScore: number }> }>;
  train: { count: number; mean: number } | null;
  test: { count: number } | null;
  stopped: { seed: number; status: string; reason: string } | null;
  usage: { total: { calls: number }; byRole: Record<string, { calls: number }> };
}

describe('--repeats with --task', () => {
  test('each seed is its own recorded run of the task, judge included, with a summary across them', async () => {
    const store = join(dir, 'runs.sqlite');
    const result = await runCli(['optimize', '--task', REPLIES, '--repeats', '2', '--seed', '7', '--store', store, '--no-cache', '--json', '-q']);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as RepeatedJson;
    assert.deepEqual(parsed.seeds, [7, 8]);
    assert.deepEqual(parsed.runs.map((run) => run.settings.seed), [7, 8]);
    assert.equal(parsed.runIds.length, 2);
    assert.equal(parsed.train?.count, 2);
    assert.equal(parsed.test?.count, 2);
    assert.ok((parsed.usage.byRole['judge']?.calls ?? 0) > 0, 'the judge scored every repeat');

    for (const [index, runId] of parsed.runIds.entries()) {
      // The run records the task: its winning prompt exports as the task's chat template.
      const out = join(dir, `export-${index}`);
      const exported = await runCli(['runs', 'export', runId, '--prompt', '--out', out, '--store', store]);
      assert.equal(exported.code, 0, exported.stderr);
      const prompt = JSON.parse(readFileSync(join(out, 'prompt.json'), 'utf8')) as { instruction: string; prompt: { messages: Array<{ role: string }> } };
      assert.equal(prompt.instruction, parsed.runs[index]?.ranked[0]?.instruction);
      assert.deepEqual(prompt.prompt.messages.map((m) => m.role), ['system', 'user']);
      assert.match(readFileSync(join(out, 'card.md'), 'utf8'), /- metric: judge \(rubric\.md, scale 1-5\) 0\.8 \+ max-length 80 words 0\.2/);
      // And its view names the task's measure, not an accuracy.
      const shown = await runCli(['runs', 'show', runId, '--store', store]);
      assert.match(shown.stdout, new RegExp(`^Run ${runId}  support-replies · instructions · file:messages\\.jsonl$`, 'm'));
      assert.match(shown.stdout, /^ {2}models {5}scorer scripted:\S+ · optimizer scripted:\S+ · judge scripted:\S+scripted-model\.mjs$/m);
      assert.match(shown.stdout, /Best solutions \(train \/ test score \(weighted\(judge, max-length\)\), each a mean over the examples; 95% Wilson intervals on the mean\)/);
    }
  });

  test('the text summary names the measure: a score for a task metric', async () => {
    const result = await runCli(['optimize', '--task', TICKETS, '--repeats', '2', '--store', join(dir, 't.sqlite'), '--no-cache', '-q']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^opro: 2 repeats of one configuration, seeds 0, 1$/m);
    assert.match(result.stdout, /^winner's train score \(js\): {4}\d+\.\d% ± \d+\.\d \(mean ± std over 2\)/m);
    assert.match(result.stdout, /^winner's held-out score \(js\): \d+\.\d% ± /m);
    assert.doesNotMatch(result.stdout, /accuracy/);
    // Each repeat's winner against the initial instruction: the ticket metric gives half credit, so
    // the comparison is on mean scores (paired permutation test), not McNemar on full scores.
    assert.match(result.stdout, /^ {4}vs initial .*: \d+\.\d% vs \d+\.\d% \([+-]\d+\.\d points, 95% CI \[[^\]]+\]\): .*paired permutation/m);
    assert.doesNotMatch(result.stdout, /McNemar/);
  });

  test('a cap holds for the whole command: the repeat that reaches it stops the series', async () => {
    // One repeat of this task makes about 200 calls without a cache (scorer, judge, optimizer): 300 runs out in the second.
    const store = join(dir, 'cap.sqlite');
    const result = await runCli(['optimize', '--task', REPLIES, '--repeats', '3', '--max-calls', '300', '--store', store, '--no-cache', '--json', '-q']);
    const parsed = JSON.parse(result.stdout) as RepeatedJson;
    assert.equal(parsed.runs[0]?.status, 'completed', result.stderr);
    assert.equal(parsed.stopped?.status, 'budget');
    assert.equal(parsed.stopped?.seed, 1);
    assert.equal(parsed.runs.length, 2, 'the third repeat never starts');
    assert.ok(parsed.usage.total.calls <= 300, `${parsed.usage.total.calls} calls`);
    // The figures are over finished repeats only.
    assert.equal(parsed.train?.count, 1);
    const list = await runCli(['runs', '--store', store]);
    assert.equal(list.stdout.trim().split('\n').length - 1, 2, list.stdout);
    assert.match(list.stdout, /budget/);
    // The list names the task (the run's own name) before its kind and data.
    assert.equal(list.stdout.match(/ support-replies · instructions\/file:messages\.jsonl /g)?.length, 2, list.stdout);
    assert.ok(existsSync(store));
  });
});
