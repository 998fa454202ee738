/**
 * Per-endpoint figures end to end: an OpenAI-compatible endpoint (the wire server) that refuses the
 * first calls with a spent window and sends rate-limit headers on every answer. The run report,
 * `opro runs show` and the dashboard's run view all show its 429s, the wait and the learned rate.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RunStore } from '../../src/store/index.js';
import { toSummaryView } from '../../src/web/server/views.js';
import { reply, startWireServer, type WireServer } from '../helpers/wire-server.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const run = promisify(execFile);
const HEADERS = { 'x-ratelimit-limit-requests': '6000', 'x-ratelimit-remaining-requests': '5990', 'x-ratelimit-reset-requests': '100ms' };
const REFUSED = 2;

let server: WireServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opro-endpoints-'));
  writeFileSync(join(dir, 'd.jsonl'), Array.from({ length: 6 }, (_, i) => JSON.stringify({ q: `What is ${i} plus 1?`, a: i + 1 })).join('\n'));
  server = await startWireServer({ respond: (r) => reply.text(r.params.temperature === 0 ? 'The answer is 3.' : '<INS>Add carefully.</INS>', { headers: HEADERS }) });
  for (let i = 0; i < REFUSED; i += 1) {
    server.enqueue({ type: 'error', status: 429, message: 'Rate limit reached for requests', headers: { 'retry-after-ms': '50', 'x-ratelimit-limit-requests': '6000', 'x-ratelimit-remaining-requests': '0' } });
  }
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the run report, runs show and the dashboard view show the endpoint figures', async () => {
  const store = join(dir, 's.sqlite');
  const args = [
    CLI, 'optimize', '-d', join(dir, 'd.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
    '-s', 'openai:scorer', '-o', 'openai:optimizer', '--steps', '1', '--store', store, '--no-cache',
  ];
  const env = { ...process.env, OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'sk-endpoint-figures-secret' };
  const { stdout } = await run(process.execPath, args, { env });
  const endpointLine = stdout.split('\n').find((l) => l.includes(`openai ${server.openaiBaseURL}:`)) ?? '';
  assert.match(endpointLine, new RegExp(`${REFUSED} 429s`), stdout);
  assert.match(endpointLine, /waited \d+\.\d s on limits/);
  assert.match(endpointLine, /rate 6000 req\/min/);
  assert.doesNotMatch(stdout, /sk-endpoint-figures-secret/);
  const runId = /run (\S+) \(opro runs show/.exec(stdout)?.[1];
  assert.ok(runId, stdout);

  const shown = await run(process.execPath, [CLI, 'runs', 'show', runId, '--store', store]);
  assert.match(shown.stdout, /Endpoints \(429s, 5xx, retries/);
  assert.match(shown.stdout, new RegExp(`openai ${server.openaiBaseURL}: \\d+ calls, [\\d.]+ calls/s, ${REFUSED} 429s, 0 5xx`));

  const runs = RunStore.open(store, { readonly: true });
  try {
    const view = toSummaryView(runs.getRunDetail(runId).run.summary);
    assert.equal(view.endpoints.length, 1);
    const [endpoint] = view.endpoints;
    assert.equal(endpoint?.rateLimited, REFUSED);
    assert.equal(endpoint?.windowSpent, REFUSED, 'the headers said the window was spent');
    assert.equal(endpoint?.calls, server.requests.length - REFUSED);
    assert.equal(endpoint?.requestsPerMinute, 6000);
  } finally {
    runs.close();
  }
});
