/**
 * The compare API pairs two instructions' examples within one split: the training split and the
 * held-out split each have their own tally, rows and paired scores, an example index present in both
 * splits is never paired across them, and without a split the held-out one is shown when both
 * instructions were graded on it, else train.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompareResponse, CompareTally } from '../../src/web/shared/api-types.js';
import { getJson } from './server-harness.js';
import { GRADES, SPLIT_A, SPLIT_B, splitDashboard } from './split-fixture.js';

type Split = 'train' | 'test';

/** The tally of A against B on one split, counted here from the fixture's grades (a failed call counts 0). */
function expectedTally(split: Split): CompareTally {
  const a = GRADES[SPLIT_A]?.[split] ?? {};
  const b = GRADES[SPLIT_B]?.[split] ?? {};
  const shared = Object.keys(a).filter((index) => index in b);
  const score = (grades: Record<number, number | null>, index: string): number => grades[Number(index)] ?? 0;
  return {
    shared: shared.length,
    both: shared.filter((i) => a[Number(i)] === 1 && b[Number(i)] === 1).length,
    onlyA: shared.filter((i) => score(a, i) > score(b, i)).length,
    onlyB: shared.filter((i) => score(b, i) > score(a, i)).length,
    neither: shared.filter((i) => score(a, i) === score(b, i) && score(a, i) < 1).length,
    failed: shared.filter((i) => a[Number(i)] === null || b[Number(i)] === null).length,
  };
}

describe('compare: one split at a time', () => {
  const served = splitDashboard();
  const compare = async (query: string): Promise<CompareResponse> => {
    const { status, body } = await getJson<CompareResponse>(`http://127.0.0.1:${served.port}`, `/api/runs/${served.run.runId}/compare?${query}&limit=100`);
    assert.equal(status, 200);
    return body;
  };

  test('each split has its own tally and rows; the same index in train and test is not one example', async () => {
    for (const split of ['train', 'test'] as const) {
      const body = await compare(`a=${served.run.a}&b=${served.run.b}&split=${split}`);
      assert.equal(body.split, split);
      assert.deepEqual(body.tally, expectedTally(split), split);
      assert.ok(body.rows.every((row) => row.split === split), `only ${split} rows`);
      assert.deepEqual(body.rows.map((row) => row.exampleIndex), Object.keys(GRADES[SPLIT_A]?.[split] ?? {}).map(Number).filter((i) => i in (GRADES[SPLIT_B]?.[split] ?? {})));
      // Index 6: A was graded on train #6, B on test #6. Neither split pairs them.
      assert.ok(!body.rows.some((row) => row.exampleIndex === 6), `#6 of ${split} is not shared`);
      // The row shows this split's example, not the other split's example of the same index.
      assert.ok(body.rows.every((row) => row.input.startsWith(`${split} question ${row.exampleIndex}`)));
    }
    const train = await compare(`a=${served.run.a}&b=${served.run.b}&split=train`);
    const test = await compare(`a=${served.run.a}&b=${served.run.b}&split=test`);
    assert.notDeepEqual(train.tally, test.tally, 'the fixture tells the splits apart');
    assert.deepEqual(train.splits, [{ split: 'train', shared: 6 }, { split: 'test', shared: 4 }]);
    const differ = await compare(`a=${served.run.a}&b=${served.run.b}&split=train&filter=onlyA`);
    assert.equal(differ.total, expectedTally('train').onlyA);
  });

  test('the paired scores are of the split shown', async () => {
    const test = await compare(`a=${served.run.a}&b=${served.run.b}&split=test`);
    // Held-out has half credit: the paired test gets this split's 4 pairs, in example order, and nothing of train.
    assert.deepEqual(test.scores, { a: [1, 0, 0, 0], b: [1, 0.5, 0.5, 0.5] });
    const train = await compare(`a=${served.run.a}&b=${served.run.b}&split=train`);
    assert.equal(train.scores, undefined, 'train is graded 0/1: McNemar on its tally, no score lists');
    assert.deepEqual(served.store.read.pairedScores(served.run.runId, served.run.a, served.run.b, 'train'), { a: [1, 1, 1, 1, 0, 0], b: [1, 0, 0, 0, 1, 0] });
  });

  test('without a split: held-out when both were graded on it, else train', async () => {
    const both = await compare(`a=${served.run.a}&b=${served.run.b}`);
    assert.equal(both.split, 'test');
    assert.deepEqual(both.tally, expectedTally('test'));
    const trainOnly = await compare(`a=${served.run.a}&b=${served.run.c}`);
    assert.equal(trainOnly.split, 'train');
    assert.equal(trainOnly.tally.shared, 6);
    assert.deepEqual(trainOnly.splits, [{ split: 'train', shared: 6 }, { split: 'test', shared: 0 }]);
    const emptyTest = await compare(`a=${served.run.a}&b=${served.run.c}&split=test`);
    assert.equal(emptyTest.tally.shared, 0);
    assert.equal(emptyTest.rows.length, 0);
  });

  test('a split that is not a short name is refused', async () => {
    const { status } = await getJson(`http://127.0.0.1:${served.port}`, `/api/runs/${served.run.runId}/compare?a=${served.run.a}&b=${served.run.b}&split=${encodeURIComponent('train OR 1=1')}`);
    assert.equal(status, 400);
  });
});
