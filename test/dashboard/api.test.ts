import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  CandidateItem, CompareResponse, CurveResponse, ExamplesResponse, LinregResponse, Page, RunResponse, RunsResponse, StepDetailResponse, StepItem, TspResponse,
} from '../../src/web/shared/api-types.js';
import { PLANTED_ENDPOINT, PLANTED_KEY } from './fixtures.js';
import { getJson, rawRequest, startHarness, type Harness } from './server-harness.js';

let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

describe('runs list', () => {
  test('lists every run, newest first, with the figures the table shows', async () => {
    const { status, body } = await getJson<RunsResponse>(h.base, '/api/runs');
    assert.equal(status, 200);
    assert.equal(body.storeReady, true);
    assert.equal(body.total, 4);
    const ids = body.rows.map((r) => r.id);
    for (const run of [h.finished, h.running, h.tsp, h.linreg]) assert.ok(ids.includes(run.runId));
    assert.equal(ids[0], h.running.runId, 'the running run was created last');
    const running = body.rows.find((r) => r.id === h.running.runId);
    assert.equal(running?.status, 'running');
    assert.equal(running?.live, true);
    const finished = body.rows.find((r) => r.id === h.finished.runId);
    assert.equal(finished?.costUsd, 0.4213);
  });

  test('filters by text and sorts by a column both ways', async () => {
    const tsp = await getJson<RunsResponse>(h.base, '/api/runs?q=TSP');
    assert.deepEqual(tsp.body.rows.map((r) => r.id), [h.tsp.runId]);
    const navigate = await getJson<RunsResponse>(h.base, '/api/runs?q=navigate');
    assert.deepEqual(navigate.body.rows.map((r) => r.id), [h.running.runId]);
    const up = await getJson<RunsResponse>(h.base, '/api/runs?sort=steps&dir=asc');
    const steps = up.body.rows.map((r) => r.steps);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
    const down = await getJson<RunsResponse>(h.base, '/api/runs?sort=steps&dir=desc');
    assert.deepEqual(down.body.rows.map((r) => r.steps), [...steps].reverse());
  });

  test('paginates', async () => {
    const first = await getJson<RunsResponse>(h.base, '/api/runs?limit=3&offset=0');
    const second = await getJson<RunsResponse>(h.base, '/api/runs?limit=3&offset=3');
    assert.equal(first.body.rows.length, 3);
    assert.equal(second.body.rows.length, 1);
    assert.equal(first.body.total, 4);
    assert.equal(new Set([...first.body.rows, ...second.body.rows].map((r) => r.id)).size, 4);
  });
});

describe('input validation', () => {
  const bad = [
    '/api/runs?limit=0', '/api/runs?limit=abc', '/api/runs?limit=100000', '/api/runs?offset=-1', '/api/runs?sort=password',
    '/api/runs?dir=sideways', '/api/runs/r%20x', '/api/runs/..%2F..%2Fetc', '/api/runs/ok/steps/1.5', '/api/runs/ok/steps/abc',
  ];
  for (const path of bad) {
    test(`refuses ${path} with 400 and a message`, async () => {
      const { status, body } = await getJson<{ error: string }>(h.base, path);
      assert.equal(status, 400);
      assert.match(body.error, /\w/);
    });
  }

  test('an unknown run is a 404, an unknown endpoint too', async () => {
    assert.equal((await getJson(h.base, '/api/runs/r-19700101-000000')).status, 404);
    assert.equal((await getJson(h.base, '/api/nothing')).status, 404);
    assert.equal((await getJson(h.base, `/api/runs/${h.finished.runId}/steps/999`)).status, 404);
  });

  test('examples need a key; compare needs two different ones', async () => {
    assert.equal((await getJson(h.base, `/api/runs/${h.finished.runId}/examples`)).status, 400);
    const key = h.finished.history[0]?.key as string;
    assert.equal((await getJson(h.base, `/api/runs/${h.finished.runId}/compare?a=${key}&b=${key}`)).status, 400);
    assert.equal((await getJson(h.base, `/api/runs/${h.finished.runId}/examples?key=${key}&filter=maybe`)).status, 400);
    assert.equal((await getJson(h.base, `/api/runs/${h.finished.runId}/examples?key=${key}&split=..%2F`)).status, 400);
  });

  test('only GET and HEAD: the dashboard never writes', async () => {
    const post = await rawRequest(h.server.port, '/api/runs', { method: 'POST' });
    assert.equal(post.status, 405);
    const del = await rawRequest(h.server.port, `/api/runs/${h.finished.runId}`, { method: 'DELETE' });
    assert.equal(del.status, 405);
    const head = await rawRequest(h.server.port, '/api/runs', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  test('requests naming another host are refused while bound to loopback (DNS rebinding)', async () => {
    const evil = await rawRequest(h.server.port, '/api/runs', { host: 'evil.example:80' });
    assert.equal(evil.status, 421);
    const local = await rawRequest(h.server.port, '/api/runs', { host: `localhost:${h.server.port}` });
    assert.equal(local.status, 200);
  });
});

describe('run pages', () => {
  test('a run: summary, best candidate with its held-out score, budget', async () => {
    const { body } = await getJson<RunResponse>(h.base, `/api/runs/${h.finished.runId}`);
    assert.equal(body.kind, 'instructions');
    assert.equal(body.summary.candidatesScored, h.finished.scored);
    assert.equal(body.summary.stepsCompleted, 6);
    assert.equal(body.budgetUsd, 2);
    assert.ok(body.best && body.best.testScore !== null);
    assert.ok((body.summary.usage.byRole.scorer?.calls ?? 0) > 0);
    assert.deepEqual(body.summary.endpoints, [PLANTED_ENDPOINT], 'per-endpoint figures as the CLI reported them');
  });

  test('the curve has one dot per scored candidate and a running best per step', async () => {
    const { body } = await getJson<CurveResponse>(h.base, `/api/runs/${h.finished.runId}/curve`);
    assert.equal(body.scores.length, h.finished.scored);
    assert.equal(body.steps.length, body.scores.length);
    assert.equal(body.texts.length, body.scores.length);
    assert.equal(body.tests.filter((t) => t !== null).length, 1);
    const best = body.bestSoFar.map((s) => s.best);
    assert.deepEqual(best, [...best].sort((a, b) => a - b), 'maximize: the running best never falls');
    assert.equal(body.truncated, false);
  });

  test('candidates: server-side pages, sorted by score, step or test', async () => {
    const path = `/api/runs/${h.finished.runId}/candidates`;
    const all = await getJson<Page<CandidateItem>>(h.base, `${path}?limit=500`);
    assert.equal(all.body.total, h.finished.scored);
    const scores = all.body.rows.map((c) => c.score as number);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'best first by default');
    const p1 = await getJson<Page<CandidateItem>>(h.base, `${path}?limit=5&offset=0`);
    const p2 = await getJson<Page<CandidateItem>>(h.base, `${path}?limit=5&offset=5`);
    assert.deepEqual([...p1.body.rows, ...p2.body.rows].map((c) => c.key), all.body.rows.slice(0, 10).map((c) => c.key));
    const bySteps = await getJson<Page<CandidateItem>>(h.base, `${path}?sort=step&limit=500`);
    const steps = bySteps.body.rows.map((c) => c.step);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
    const byTest = await getJson<Page<CandidateItem>>(h.base, `${path}?sort=test&limit=1`);
    assert.notEqual(byTest.body.rows[0]?.testScore, null);
    const filtered = await getJson<Page<CandidateItem>>(h.base, `${path}?q=${encodeURIComponent('double-check')}&limit=500`);
    assert.ok(filtered.body.total > 0 && filtered.body.total < h.finished.scored);
    assert.ok(filtered.body.rows.every((c) => c.text.includes('double-check')));
    const literal = await getJson<Page<CandidateItem>>(h.base, `${path}?q=${encodeURIComponent('%')}`);
    assert.equal(literal.body.total, 0, 'LIKE wildcards in the filter are matched literally');
  });

  test('steps and one step: the exact meta-prompt and every reply with its disposition', async () => {
    const steps = await getJson<Page<StepItem>>(h.base, `/api/runs/${h.finished.runId}/steps?dir=asc&limit=3`);
    assert.equal(steps.body.total, 7, 'initial step -1 and steps 0..5');
    assert.deepEqual(steps.body.rows.map((s) => s.step), [-1, 0, 1]);
    assert.equal(steps.body.rows[2]?.replies.unparsable, 1);
    const { body } = await getJson<StepDetailResponse>(h.base, `/api/runs/${h.finished.runId}/steps/1`);
    assert.match(body.metaPrompt ?? '', /^Your task is to generate the instruction <INS>/);
    assert.deepEqual(body.replies.map((r) => r.disposition), ['accepted', 'accepted', 'accepted', 'unparsable']);
    assert.equal(body.replies[3]?.reason, 'no <INS> tags in the reply');
    assert.ok(body.replies.slice(0, 3).every((r) => typeof r.score === 'number'));
  });

  test('examples of one instruction: paginated, filtered, tallied', async () => {
    const key = h.finished.history[3]?.key as string;
    const path = `/api/runs/${h.finished.runId}/examples?key=${key}`;
    const page = await getJson<ExamplesResponse>(h.base, `${path}&limit=10`);
    const tally = page.body.tallies[0];
    assert.equal(page.body.tallies.length, 1, 'one split, one tally');
    assert.equal(tally?.total, 24);
    assert.equal(page.body.rows.length, 10);
    assert.equal(page.body.candidate?.key, key);
    assert.equal((tally?.correct ?? 0) + (tally?.wrong ?? 0) + (tally?.failed ?? 0), 24);
    const wrong = await getJson<ExamplesResponse>(h.base, `${path}&filter=wrong&limit=100`);
    assert.equal(wrong.body.total, tally?.wrong);
    assert.ok(wrong.body.rows.every((r) => r.correct === false));
    const failed = await getJson<ExamplesResponse>(h.base, `${path}&filter=failed&limit=100`);
    assert.ok(failed.body.rows.every((r) => r.outcome !== 'answered' && r.correct === null));
  });

  test('compare: two instructions on the same examples, with a consistent tally', async () => {
    const [a, b] = [h.finished.history[1]?.key as string, h.finished.history[2]?.key as string];
    const { body } = await getJson<CompareResponse>(h.base, `/api/runs/${h.finished.runId}/compare?a=${a}&b=${b}&limit=100`);
    const t = body.tally;
    assert.equal(t.shared, 24);
    assert.equal(t.both + t.onlyA + t.onlyB + t.neither, t.shared);
    assert.equal(body.rows.length, 24);
    const differ = await getJson<CompareResponse>(h.base, `/api/runs/${h.finished.runId}/compare?a=${a}&b=${b}&filter=differ&limit=100`);
    assert.ok(differ.body.rows.every((r) => r.a.correct !== r.b.correct));
    const onlyA = await getJson<CompareResponse>(h.base, `/api/runs/${h.finished.runId}/compare?a=${a}&b=${b}&filter=onlyA&limit=100`);
    assert.equal(onlyA.body.total, t.onlyA);
  });

  test('TSP: the recorded instance and the improving tours', async () => {
    const { body } = await getJson<TspResponse>(h.base, `/api/runs/${h.tsp.runId}/tsp`);
    assert.equal(body.instance?.points.length, 12);
    assert.equal(body.instance?.baselines.reference.kind, 'exact');
    const lengths = body.improvements.map((i) => i.length);
    assert.deepEqual(lengths, [...lengths].sort((x, y) => y - x), 'each improvement is shorter');
    assert.ok(body.improvements.every((i) => i.tour.length === 12));
  });

  test('linear regression: the recorded data, every explored pair and the running-best path', async () => {
    const { body } = await getJson<LinregResponse>(h.base, `/api/runs/${h.linreg.runId}/linreg`);
    assert.equal(body.instance?.x.length, 50);
    assert.equal(body.pairs.length, h.linreg.scored);
    const last = body.bestPath[body.bestPath.length - 1];
    assert.deepEqual([last?.w, last?.b], [15, 14]);
  });
});

describe('no secrets in responses', () => {
  test('a key planted in a manifest never leaves the server; variable names do', async () => {
    const { text, body } = await getJson<RunResponse>(h.base, `/api/runs/${h.finished.runId}`);
    assert.ok(!text.includes(PLANTED_KEY), 'the planted key must be filtered');
    assert.ok(!text.includes('TESTONLY'));
    const providers = (body.manifest as { providers: { openai: { apiKeyEnv: string; apiKey: string } } }).providers.openai;
    assert.equal(providers.apiKeyEnv, 'OPENAI_API_KEY');
    assert.equal(providers.apiKey, '[redacted]');
  });

  test('no endpoint returns it', async () => {
    const key = h.finished.history[0]?.key as string;
    for (const path of ['/api/runs', `/api/runs/${h.finished.runId}/curve`, `/api/runs/${h.finished.runId}/candidates`, `/api/runs/${h.finished.runId}/examples?key=${key}`]) {
      const { text } = await getJson(h.base, path);
      assert.ok(!text.includes(PLANTED_KEY), path);
    }
  });
});
