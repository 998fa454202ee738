/**
 * Each member run of an experiment (`opro linreg`, `opro tsp`) records the endpoint figures of the
 * calls made for it, as `opro optimize` does for its run: here a real `opro linreg` child against the
 * local wire server answering some requests with 429 + Retry-After. Every request is attributed to
 * its member by its prompt (each member's meta-prompts are recorded with its steps), so the test
 * checks that each member's recorded calls and 429s are its own, and that the members' figures add
 * up to what the server saw.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli-child.js';
import { reply, startWireServer, type WireServer } from '../helpers/wire-server.js';
import { RunStore } from '../../src/store/index.js';
import { endpointReportsFrom, type EndpointReport } from '../../src/models/rate-limits/endpoint-report.js';
import { startDashboardServer } from '../../src/web/server/dashboard-server.js';
import type { RunResponse } from '../../src/web/shared/api-types.js';

const CHILD_TIMEOUT_MS = 90_000;
/** Every third request is refused once with a short Retry-After (the scheduler holds and retries it). */
const refused = (index: number): boolean => index % 3 === 1;
const RETRY_AFTER_MS = 20;
/** Pairs that never hit the true (w, b) = (15, 14), so no repetition ends early. */
const proposal = (index: number): string => `[${2 + (index % 7)}, ${index % 5}]`;

interface Member {
  runId: string;
  member: string;
  endpoints: EndpointReport[];
  metaPrompts: Set<string>;
}

describe('experiment members record their own endpoint figures', () => {
  let server: WireServer;
  let dir: string;
  const rateLimited = new Set<number>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-xendpoints-'));
    server = await startWireServer({
      respond: (request) => {
        if (refused(request.index)) {
          rateLimited.add(request.index);
          return reply.rateLimited({ retryAfterMs: RETRY_AFTER_MS });
        }
        return proposal(request.index);
      },
    });
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a linreg experiment with 429s: each member counts its own requests and 429s; together they are what the server saw', async () => {
    const store = join(dir, 'runs.sqlite');
    const result = await runCli(
      ['linreg', '-o', 'openai:optimizer-model', '--w', '15', '--b', '14', '--reps', '3', '--steps', '3', '--candidates', '2', '--store', store, '--no-cache'],
      { env: { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' }, timeoutMs: CHILD_TIMEOUT_MS },
    );
    assert.equal(result.code, 0, result.stderr);
    const group = /experiment (x-[0-9a-f]+)/.exec(result.stderr)?.[1];
    assert.ok(group, result.stderr);

    const opened = RunStore.open(store, { readonly: true });
    let members: Member[];
    try {
      members = opened
        .listRuns()
        .map((row) => opened.getRun(row.id))
        .filter((run) => (run.config as { group?: string }).group === group)
        .map((run) => ({
          runId: run.id,
          member: (run.config as { member?: string }).member ?? '',
          endpoints: endpointReportsFrom(run.summary.endpoints),
          metaPrompts: new Set((opened.db.prepare(`SELECT meta_prompt FROM steps WHERE run_id = ? AND meta_prompt IS NOT NULL`).all(run.id) as { meta_prompt: string }[]).map((r) => r.meta_prompt)),
        }));
    } finally {
      opened.close();
    }
    assert.equal(members.length, 3, 'one run per repetition');

    const chat = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.ok(rateLimited.size >= 3, 'the server refused some requests');
    let attributed = 0;
    for (const member of members) {
      const own = chat.filter((r) => [...member.metaPrompts].some((prompt) => r.prompt.includes(prompt)));
      attributed += own.length;
      const own429 = own.filter((r) => rateLimited.has(r.index)).length;
      assert.ok(own.length > 0 && own429 > 0, `${member.member}: requests of its own, some refused`);
      assert.equal(member.endpoints.length, 1, `${member.member}: one endpoint`);
      const figures = member.endpoints[0] as EndpointReport;
      assert.equal(figures.calls, own.length - own429, `${member.member}: answered calls`);
      assert.equal(figures.rateLimited, own429, `${member.member}: its 429s`);
      assert.ok(figures.waitedMs >= own429 * RETRY_AFTER_MS * 0.9, `${member.member}: held at least the Retry-After of each of its 429s (${figures.waitedMs} ms)`);
      assert.equal(figures.share, 'member');
    }
    assert.equal(attributed, chat.length, 'every request the server saw belongs to exactly one member');
    const sum = (pick: (e: EndpointReport) => number): number => members.reduce((total, m) => total + pick(m.endpoints[0] as EndpointReport), 0);
    assert.equal(sum((e) => e.calls + e.rateLimited), chat.length, 'the members together: every request the server saw');
    assert.equal(sum((e) => e.rateLimited), rateLimited.size, 'the members together: every 429 it sent');
    // `opro runs show <member>` prints them, and says which figures are the process's.
    const first = members[0] as Member;
    const shown = await runCli(['runs', 'show', first.runId, '--store', store], { timeoutMs: CHILD_TIMEOUT_MS });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`Endpoints \\(.*\\n  openai \\S+: ${first.endpoints[0]?.calls} calls, [\\d.]+ calls/s, ${first.endpoints[0]?.rateLimited} 429s`));
    assert.match(shown.stdout, /this run's share of its experiment; limit and rate: the process's, at this run's end/);
    // The dashboard's run API carries the same figures (its Cost & failures tab draws them).
    const dashboard = await startDashboardServer({ storePath: store, host: '127.0.0.1', port: 0 });
    try {
      const response = await fetch(`http://127.0.0.1:${dashboard.port}/api/runs/${first.runId}`);
      assert.equal(response.status, 200);
      assert.deepEqual(((await response.json()) as RunResponse).summary.endpoints, first.endpoints);
    } finally {
      await dashboard.close();
    }
  });
});
