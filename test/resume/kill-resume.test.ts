import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as runCliChild, type ChildResult } from '../helpers/cli-child.js';
import { startWireServer, type WireRequest, type WireServer } from '../helpers/wire-server.js';

const EXAMPLES = 12;
/** Upper bound on how long one child run may take before the test gives up on it. */
const CHILD_TIMEOUT_MS = 60_000;

function fnv(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Identity of a request as the cache sees it: a replayed call has the same identity. */
function requestKey(r: WireRequest): string {
  return JSON.stringify([r.prompt, r.params.temperature, r.params.seed ?? null, r.params.maxTokens]);
}

/**
 * A deterministic pair of models behind one OpenAI-compatible server: temperature 0 calls are the
 * scorer (right or wrong by a hash of instruction and question), others the optimizer (a proposal
 * chosen by a hash of the meta-prompt and the per-sample seed).
 */
function respond(request: WireRequest): string {
  if (request.params.temperature === 0) {
    const [instruction = '', question = ''] = request.prompt.split('\n');
    const m = /What is (\d+) plus (\d+)\?/.exec(question);
    const sum = m ? Number(m[1]) + Number(m[2]) : 0;
    const right = fnv(`${instruction}|${question}`) % 100 < 30 + (fnv(instruction) % 60);
    return `The answer is ${right ? sum : sum + 1}.`;
  }
  const pick = fnv(`${request.prompt}|${request.params.seed ?? 0}`) % 40;
  return `<INS>Plan ${String.fromCharCode(65 + (pick % 26))}${pick}: add carefully.</INS>`;
}

function runCli(args: string[], env: Record<string, string>, onStart?: (kill: () => void) => void): Promise<ChildResult> {
  return runCliChild(args, { env, timeoutMs: CHILD_TIMEOUT_MS, ...(onStart ? { onStart } : {}) });
}

describe('a run killed with SIGKILL mid-step resumes exactly', () => {
  let server: WireServer;
  let dir: string;
  let holdFrom = Number.POSITIVE_INFINITY;
  const held: (() => void)[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-resume-'));
    const lines = Array.from({ length: EXAMPLES }, (_, i) => JSON.stringify({ q: `What is ${i + 3} plus ${2 * i + 1}?`, a: 3 * i + 4 }));
    writeFileSync(join(dir, 'sums.jsonl'), `${lines.join('\n')}\n`);
    server = await startWireServer({
      respond: (request) => {
        // Past the hold point the server stops answering, so the child is caught mid-step.
        if (request.index >= holdFrom) return new Promise<string>((resolve) => held.push(() => resolve('late')));
        return respond(request);
      },
    });
  });

  after(async () => {
    held.forEach((release) => release());
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('same seed, same settings and a warm cache: an identical trajectory with zero model calls', async () => {
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' };
    const args = [
      'optimize', '-d', join(dir, 'sums.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
      '-s', 'openai:scorer-model', '-o', 'openai:optimizer-model', '--steps', '2', '--candidates', '3', '--train-ratio', '0.5',
      '--seed', '11', '--json', '--store', join(dir, 'warm.sqlite'), '--cache', join(dir, 'warm-cache.sqlite'),
    ];
    const first = await runCli(args, env);
    assert.equal(first.code, 0, first.stderr);
    const before = server.requests.length;
    const second = await runCli(args, env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(server.requests.length, before, 'the second run sent no request');
    type Out = { runId: string; history: { solution: string; score: number; step: number }[]; usage: { total: { calls: number; cachedCalls: number } } };
    const a = JSON.parse(first.stdout) as Out;
    const b = JSON.parse(second.stdout) as Out;
    assert.notEqual(a.runId, b.runId);
    assert.deepEqual(b.history, a.history);
    assert.ok(b.usage.total.calls > 0);
    assert.equal(b.usage.total.cachedCalls, b.usage.total.calls);
  });

  test('no finished evaluation is repeated and the result equals an uninterrupted run', async () => {
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' };
    const common = [
      'optimize', '-d', join(dir, 'sums.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
      '-s', 'openai:scorer-model', '-o', 'openai:optimizer-model', '--steps', '3', '--candidates', '4', '--train-ratio', '0.75',
      '--eval-split', 'none', '--seed', '7', '--json',
    ];
    const store = (name: string): string[] => ['--store', join(dir, `${name}.sqlite`), '--cache', join(dir, `${name}-cache.sqlite`)];

    // 1. The uninterrupted reference run.
    const startA = server.requests.length;
    const full = await runCli([...common, ...store('a')], env);
    assert.equal(full.code, 0, full.stderr);
    const fullRequests = server.requests.slice(startA);
    const fullResult = JSON.parse(full.stdout) as { ranked: { instruction: string; trainScore: number }[]; history: unknown[] };
    assert.ok(fullRequests.length > 20);

    // 2. The same run, killed once the server has answered 60% of those calls (mid-step).
    const startB = server.requests.length;
    holdFrom = startB + Math.floor(fullRequests.length * 0.6);
    const killed = await runCli([...common.filter((a) => a !== '--json'), ...store('b')], env, (kill) => {
      const poll = setInterval(() => {
        if (server.requests.length >= holdFrom) {
          clearInterval(poll);
          // Give the child time to make the answered calls durable, then kill it without warning.
          setTimeout(kill, 1500);
        }
      }, 20);
    });
    assert.equal(killed.signal, 'SIGKILL');
    const answeredBeforeKill = new Set(server.requests.slice(startB, holdFrom).map(requestKey));
    const runId = /run (r-[\w-]+)/.exec(killed.stderr)?.[1];
    assert.ok(runId, `run id in: ${killed.stderr}`);

    // 3. Resume: the server answers normally again.
    holdFrom = Number.POSITIVE_INFINITY;
    held.splice(0).forEach((release) => release());
    const startC = server.requests.length;
    const resumed = await runCli(['optimize', '--resume', runId, ...store('b'), '--json'], env);
    assert.equal(resumed.code, 0, resumed.stderr);
    const resumedRequests = server.requests.slice(startC);

    const repeated = resumedRequests.filter((r) => answeredBeforeKill.has(requestKey(r)));
    assert.deepEqual(repeated.map(requestKey), [], 'a call answered before the kill was sent again');
    assert.ok(resumedRequests.length < fullRequests.length, 'the resume replays finished work from the cache');
    // Every call of the reference run was made by the killed run or the resume, and nothing else.
    const made = new Set([...answeredBeforeKill, ...resumedRequests.map(requestKey)]);
    assert.deepEqual([...made].sort(), [...new Set(fullRequests.map(requestKey))].sort());

    const resumedResult = JSON.parse(resumed.stdout) as typeof fullResult;
    assert.deepEqual(resumedResult.ranked.map((r) => [r.instruction, r.trainScore]), fullResult.ranked.map((r) => [r.instruction, r.trainScore]));
    assert.equal(resumedResult.history.length, fullResult.history.length);
  });
});
