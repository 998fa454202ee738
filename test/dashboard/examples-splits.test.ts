/**
 * The examples API tallies one instruction's examples one split at a time: without a split, the
 * held-out one when the instruction was graded on it, else train; `split=all` lists both with one
 * tally per split, never one figure over both. Each split's tally agrees with the score `opro runs
 * show` prints for the instruction on that split (TRAIN, TEST and their n), checked on a whole
 * scripted run recorded in a store.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExamplesResponse, ExampleTally } from '../../src/web/shared/api-types.js';
import { startDashboardServer } from '../../src/web/server/dashboard-server.js';
import { RunStore } from '../../src/store/index.js';
import { isEngineEvent } from '../../src/engine/events.js';
import { optimize } from '../../src/optimize/optimize.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import type { Dataset } from '../../src/datasets/types.js';
import type { GenerateRequest } from '../../src/models/types.js';
import { formatRunShow, formatScore } from '../../src/cli/views/run-views.js';
import { builtinKinds } from '../../src/kinds/builtin.js';
import { tempStorePath } from './fixtures.js';
import { getJson } from './server-harness.js';
import { GRADES, SPLIT_A, TRAIN_ONLY_C, splitDashboard } from './split-fixture.js';

type Grades = Record<number, number | null>;

/** The tally of one split, counted here from the fixture's grades. */
function expectedTally(split: 'train' | 'test', grades: Grades): ExampleTally {
  const scores = Object.values(grades);
  const answered = scores.filter((s): s is number => s !== null);
  return {
    split,
    total: scores.length,
    correct: answered.filter((s) => s === 1).length,
    wrong: answered.filter((s) => s < 1).length,
    failed: scores.length - answered.length,
    answered: answered.length,
    mean: answered.length === 0 ? null : answered.reduce((sum, s) => sum + s, 0) / answered.length,
  };
}

describe('examples: one split at a time', () => {
  const served = splitDashboard();
  const examples = async (query: string): Promise<ExamplesResponse> => {
    const { status, body } = await getJson<ExamplesResponse>(`http://127.0.0.1:${served.port}`, `/api/runs/${served.run.runId}/examples?${query}&limit=100`);
    assert.equal(status, 200);
    return body;
  };

  test('without a split: the held-out one when the instruction was graded on it, with its own tally and rows only', async () => {
    const body = await examples(`key=${served.run.a}`);
    assert.equal(body.split, 'test');
    assert.deepEqual(body.tallies, [expectedTally('test', GRADES[SPLIT_A]?.test ?? {})]);
    assert.deepEqual(body.splits, [{ split: 'train', graded: 7 }, { split: 'test', graded: 4 }]);
    assert.deepEqual(body.rows.map((row) => [row.split, row.exampleIndex]), [['test', 0], ['test', 1], ['test', 2], ['test', 3]]);
    assert.equal(body.total, 4);
  });

  test('an instruction never graded on held-out data opens on train', async () => {
    const body = await examples(`key=${served.run.c}`);
    assert.equal(body.split, 'train');
    assert.deepEqual(body.tallies, [expectedTally('train', GRADES[TRAIN_ONLY_C]?.train ?? {})]);
    assert.deepEqual(body.splits, [{ split: 'train', graded: 6 }, { split: 'test', graded: 0 }]);
    const empty = await examples(`key=${served.run.c}&split=test`);
    assert.deepEqual(empty.tallies, [expectedTally('test', {})]);
    assert.equal(empty.rows.length, 0);
  });

  test('the training split asked for: its tally, its rows, its filters', async () => {
    const body = await examples(`key=${served.run.a}&split=train`);
    const tally = expectedTally('train', GRADES[SPLIT_A]?.train ?? {});
    assert.deepEqual(body.tallies, [tally]);
    assert.ok(body.rows.every((row) => row.split === 'train' && row.input.startsWith(`train question ${row.exampleIndex}`)));
    const wrong = await examples(`key=${served.run.a}&split=train&filter=wrong`);
    assert.equal(wrong.total, tally.wrong);
    assert.ok(wrong.rows.every((row) => row.split === 'train' && row.correct === false));
  });

  test('both splits listed on request: every row, one tally per split and no mixed figure', async () => {
    const body = await examples(`key=${served.run.a}&split=all`);
    assert.equal(body.split, 'all');
    const train = expectedTally('train', GRADES[SPLIT_A]?.train ?? {});
    const heldOut = expectedTally('test', GRADES[SPLIT_A]?.test ?? {});
    assert.deepEqual(body.tallies, [train, heldOut], 'training first, as the splits are listed');
    assert.equal(body.total, train.total + heldOut.total);
    assert.deepEqual(new Set(body.rows.map((row) => row.split)), new Set(['train', 'test']));
    // The fixture tells the figures apart: the mix of both would be a third number, shown nowhere.
    const mixed = (train.correct + heldOut.correct) / (train.answered + heldOut.answered);
    assert.ok(body.tallies.every((t) => t.mean !== mixed));
  });

  test('a split that is not a short name is refused', async () => {
    const { status } = await getJson(`http://127.0.0.1:${served.port}`, `/api/runs/${served.run.runId}/examples?key=${served.run.a}&split=${encodeURIComponent("test' OR 1=1")}`);
    assert.equal(status, 400);
  });
});

/** Twenty sums; the scorer answers the first round(accuracy * 20) right and fails every example index ≡ 3 (mod 7). */
function sumsDataset(): Dataset {
  const pool = Array.from({ length: 20 }, (_, index) => ({ index, question: `What is ${index} plus ${index + 1}?`, target: String(2 * index + 1) }));
  return { id: 'file:sums', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'sums', pool, heldOut: null, contentHash: 'x', source: 'memory' };
}
const ACCURACY: Record<string, number> = { "Let's solve the problem.": 0.3, 'Alpha plan': 0.55, 'Beta plan': 0.8 };

describe('each split’s tally is the score `opro runs show` prints for it', () => {
  test('on a whole scripted run with failed calls, for every instruction and both splits', async () => {
    const dataset = sumsDataset();
    const byQuestion = new Map(dataset.pool.map((e) => [e.question, e]));
    const scorer = createScriptedModel({
      respond: (request: GenerateRequest) => {
        const [instruction = '', question = ''] = request.prompt.split('\n');
        const example = byQuestion.get(question);
        if (!example) throw new Error(`unknown question: ${request.prompt}`);
        if (example.index % 7 === 3) return { ok: false, error: { kind: 'server-error', message: 'boom' }, latencyMs: 0 };
        return `The answer is ${example.index < Math.round((ACCURACY[instruction] ?? 0.1) * 20) ? example.target : '-1'}.`;
      },
    });
    const optimizer = createScriptedModel({ respond: (r) => `<INS>${(r.sampleIndex ?? 0) % 2 === 0 ? 'Alpha plan' : 'Beta plan'}</INS>` });
    const tmp = tempStorePath();
    const store = RunStore.open(tmp.file);
    const runId = store.createRun({ kind: 'instructions', dataset: 'file:sums', scorer: 'scripted', optimizer: 'scripted', config: {} });
    const record = store.recorder(runId);
    const result = await optimize({
      dataset, scorer, optimizer, steps: 1, candidatesPerStep: 2, maxExtraDraws: 0, trainRatio: 0.5, evalTop: 2,
      onEvent: (event) => {
        if (isEngineEvent(event)) record(event);
      },
    });
    record.close();
    const server = await startDashboardServer({ storePath: tmp.file, host: '127.0.0.1', port: 0 });
    try {
      assert.equal(result.status, 'completed');
      const detail = store.getRunDetail(runId);
      const shown = formatRunShow(detail, builtinKinds()).split('\n');
      const heldOut = detail.top.filter((c) => c.testScore !== null);
      assert.ok(detail.top.length === 3 && heldOut.length >= 2, 'three instructions, at least two measured on held-out data');
      let failedCalls = 0;
      for (const candidate of detail.top) {
        const line = shown.find((l) => l.includes(candidate.description)) ?? '';
        const get = async (split: string): Promise<ExamplesResponse> =>
          (await getJson<ExamplesResponse>(`http://127.0.0.1:${server.port}`, `/api/runs/${runId}/examples?key=${candidate.key}${split ? `&split=${split}` : ''}`)).body;
        const train = (await get('train')).tallies[0];
        assert.equal(train?.mean, candidate.score, `${candidate.description}: training tally = TRAIN`);
        assert.equal(train?.answered, candidate.stats?.answered);
        assert.ok(line.includes(`${formatScore(train?.mean ?? null, 'percent')} (n=${train?.answered})`), `${line} shows the training tally's figure`);
        failedCalls += train?.failed ?? 0;
        const byDefault = await get('');
        if (candidate.testScore === null) {
          assert.equal(byDefault.split, 'train');
          continue;
        }
        assert.equal(byDefault.split, 'test', 'held-out first when measured');
        const test = byDefault.tallies[0];
        assert.equal(test?.mean, candidate.testScore, `${candidate.description}: held-out tally = TEST`);
        assert.equal(test?.answered, candidate.testN);
        assert.ok(line.includes(`${formatScore(test?.mean ?? null, 'percent')} (n=${test?.answered})`), `${line} shows the held-out tally's figure`);
        assert.notEqual(test?.mean, train?.mean, 'the run tells the splits apart');
        failedCalls += test?.failed ?? 0;
      }
      assert.ok(failedCalls > 0, 'failed calls are in the tallies, outside the scores');
    } finally {
      await server.close();
      store.close();
      tmp.cleanup();
    }
  });
});
