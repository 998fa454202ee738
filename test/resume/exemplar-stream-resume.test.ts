/**
 * current_most_frequent draws its exemplars from one numpy stream carried through the run. A resumed
 * run rebuilds that stream by replaying the recorded steps (from the cache) from the split draws on,
 * so the steps it adds show the exemplars an uninterrupted run shows.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as runCliChild, type ChildResult } from '../helpers/cli-child.js';
import { startWireServer, type WireRequest, type WireServer } from '../helpers/wire-server.js';

const EXAMPLES = 40;
/** Upper bound on how long one child run may take before the test gives up on it. */
const CHILD_TIMEOUT_MS = 60_000;

function fnv(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Scorer (temperature 0): wrong on about half the questions, by a hash. Optimizer: a new plan per meta-prompt and sample. */
function respond(request: WireRequest): string {
  if (request.params.temperature === 0) {
    const [instruction = '', question = ''] = request.prompt.split('\n');
    const m = /What is (\d+) plus (\d+)\?/.exec(question);
    const sum = m ? Number(m[1]) + Number(m[2]) : 0;
    return `The answer is ${fnv(`${instruction}|${question}`) % 2 === 0 ? sum : sum + 1}.`;
  }
  const pick = fnv(`${request.prompt}|${request.params.seed ?? 0}`);
  return `<INS>Plan ${String.fromCharCode(65 + (pick % 26))}${String.fromCharCode(65 + ((pick >>> 8) % 26))}: add carefully.</INS>`;
}

function runCli(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return runCliChild(args, { env, timeoutMs: CHILD_TIMEOUT_MS });
}

/** The exemplar questions a meta-prompt shows, in order (no instruction contains one). */
function shownQuestions(metaPrompt: string): string[] {
  return [...metaPrompt.matchAll(/What is \d+ plus \d+\?/g)].map((m) => m[0]);
}

describe('current_most_frequent across a resume', () => {
  let server: WireServer;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-stream-'));
    const lines = Array.from({ length: EXAMPLES }, (_, i) => JSON.stringify({ q: `What is ${i + 3} plus ${2 * i + 1}?`, a: 3 * i + 4 }));
    writeFileSync(join(dir, 'sums.jsonl'), `${lines.join('\n')}\n`);
    server = await startWireServer({ respond });
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a run resumed with more steps shows the exemplars of an uninterrupted run', async () => {
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' };
    const common = [
      'optimize', '-d', join(dir, 'sums.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
      '-s', 'openai:scorer-model', '-o', 'openai:optimizer-model', '--candidates', '2', '--train-ratio', '0.5',
      '--exemplar-selection', 'current_most_frequent', '--exemplars', '2', '--eval-split', 'none', '--json',
    ];
    const store = (name: string): string[] => ['--store', join(dir, `${name}.sqlite`), '--cache', join(dir, `${name}-cache.sqlite`)];
    const optimizerPrompts = (from: number): string[] => [...new Set(server.requests.slice(from).filter((r) => r.params.temperature !== 0).map((r) => r.prompt))];

    const startFull = server.requests.length;
    const full = await runCli([...common, '--steps', '4', ...store('full')], env);
    assert.equal(full.code, 0, full.stderr);
    const fullPrompts = optimizerPrompts(startFull);
    assert.equal(fullPrompts.length, 4, 'one meta-prompt per step');
    // The draws matter: the exemplars change from step to step.
    assert.ok(new Set(fullPrompts.map((p) => shownQuestions(p).join('|'))).size > 1);

    const short = await runCli([...common, '--steps', '2', ...store('resumed')], env);
    assert.equal(short.code, 0, short.stderr);
    const runId = (JSON.parse(short.stdout) as { runId: string }).runId;
    const startResume = server.requests.length;
    const resumed = await runCli(['optimize', '--resume', runId, '--steps', '4', ...store('resumed'), '--json'], env);
    assert.equal(resumed.code, 0, resumed.stderr);
    // Steps 0-1 come from the cache; steps 2-3 are asked with the meta-prompts (and exemplars) of the full run.
    assert.deepEqual(optimizerPrompts(startResume).map(shownQuestions), fullPrompts.slice(2).map(shownQuestions));
    assert.deepEqual(optimizerPrompts(startResume), fullPrompts.slice(2));
  });
});
