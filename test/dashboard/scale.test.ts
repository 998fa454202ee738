import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CurveResponse, ExamplesResponse, RunResponse } from '../../src/web/shared/api-types.js';
import { startDashboardServer, type DashboardServer } from '../../src/web/server/dashboard-server.js';
import { RunStore } from '../../src/store/index.js';
import { toExampleEvaluated } from '../../src/problems/instructions/example-result.js';
import { md5, prng, tempStorePath } from './fixtures.js';
import { getJson } from './server-harness.js';

/**
 * A run of 100,000 evaluations (200 instructions × 500 examples): the browser gets one dot per
 * instruction and pages of examples, never the examples in bulk; the queries use the indexes.
 */
const CANDIDATES = 200;
const EXAMPLES = 500;
const USAGE = { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0, reasoningTokens: 0 };
/** A curve of 200 dots with texts is a few tens of KB; the examples themselves would be megabytes. */
const MAX_CURVE_BYTES = 100_000;

let server: DashboardServer;
let base = '';
let runId = '';
let firstKey = '';
const tmp = tempStorePath();

before(async () => {
  const store = RunStore.open(tmp.file);
  runId = store.createRun({ kind: 'instructions', dataset: 'gsm8k', config: {}, manifest: {} });
  const record = store.recorder(runId);
  const random = prng(3);
  record({ type: 'run-started', problem: 'instructions', steps: 25, candidatesPerStep: 8 });
  for (let c = 0; c < CANDIDATES; c++) {
    const step = Math.floor(c / 8);
    const instruction = `Instruction number ${c}: solve it carefully and show the final answer.`;
    const key = md5(instruction);
    if (c === 0) firstKey = key;
    let correct = 0;
    for (let i = 0; i < EXAMPLES; i++) {
      const ok = random() < 0.6;
      if (ok) correct += 1;
      record({
        type: 'problem', step,
        event: toExampleEvaluated({
          type: 'example-graded', key, instruction, split: 'train', exampleIndex: i, prompt: `Q: question ${i} with some words to make it realistic?\nA: ${instruction}`,
          target: String(i), rawAnswer: `The answer is ${ok ? i : i + 1}.`, prediction: String(ok ? i : i + 1), correct: ok, outcome: 'answered',
          errorMessage: null, usage: USAGE, cached: false, latencyMs: 200,
        }),
      });
    }
    record({ type: 'candidate-scored', step, entry: { solution: instruction, key, score: correct / EXAMPLES, step } });
  }
  record.close();
  store.close();
  server = await startDashboardServer({ storePath: tmp.file, host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});

after(async () => {
  await server.close();
  tmp.cleanup();
});

describe('a run of 100,000 evaluations', () => {
  test('the summary counts every evaluation', async () => {
    const { body } = await getJson<RunResponse>(base, `/api/runs/${runId}`);
    assert.equal(body.summary.examples.evaluated, CANDIDATES * EXAMPLES);
  });

  test('the curve carries one point per instruction, not per example', async () => {
    const { body, text } = await getJson<CurveResponse>(base, `/api/runs/${runId}/curve`);
    assert.equal(body.scores.length, CANDIDATES);
    assert.ok(text.length < MAX_CURVE_BYTES, `curve payload ${text.length} bytes`);
  });

  test('examples come a page at a time, and the last page is reachable', async () => {
    const first = await getJson<ExamplesResponse>(base, `/api/runs/${runId}/examples?key=${firstKey}`);
    assert.equal(first.body.total, EXAMPLES);
    assert.equal(first.body.rows.length, 50);
    const last = await getJson<ExamplesResponse>(base, `/api/runs/${runId}/examples?key=${firstKey}&offset=${EXAMPLES - 10}&limit=500`);
    assert.deepEqual(last.body.rows.map((r) => r.exampleIndex), Array.from({ length: 10 }, (_, i) => EXAMPLES - 10 + i));
  });

  test('example and comparison queries search the primary key instead of scanning the table', () => {
    const store = RunStore.open(tmp.file, { readonly: true });
    try {
      const plan = (sql: string, ...args: unknown[]): string =>
        (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((row) => row.detail).join('\n');
      const examples = plan(`SELECT * FROM example_results WHERE run_id = ? AND key = ? ORDER BY split, example_index LIMIT 50`, runId, firstKey);
      assert.match(examples, /SEARCH example_results USING INDEX sqlite_autoindex_example_results_1 \(run_id=\? AND key=\?\)/);
      const compare = plan(
        `SELECT COUNT(*) FROM example_results a JOIN example_results b ON b.run_id = a.run_id AND b.key = ? AND b.split = a.split AND b.example_index = a.example_index WHERE a.run_id = ? AND a.key = ?`,
        firstKey, runId, firstKey,
      );
      assert.match(compare, /SEARCH a USING (COVERING )?INDEX sqlite_autoindex_example_results_1 \(run_id=\? AND key=\?\)/);
      assert.match(compare, /SEARCH b USING (COVERING )?INDEX sqlite_autoindex_example_results_1 \(run_id=\? AND key=\? AND split=\? AND example_index=\?\)/);
    } finally {
      store.close();
    }
  });
});
