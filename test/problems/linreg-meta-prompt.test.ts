import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntry } from '../../src/engine/problem.js';
import type { Pair } from '../../src/problems/linear-regression/data.js';
import { buildLinregMetaPrompt, pyIntString, selectShownPairs } from '../../src/problems/linear-regression/meta-prompt.js';

function entry(w: number, b: number, score: number, step = 0): HistoryEntry<Pair> {
  return { solution: { w, b }, key: `${w},${b}`, score, step };
}

const SPEC_EXAMPLE = `Now you will help me minimize a function with two input variables w, b. I have some (w, b) pairs and the function values at those points. The pairs are arranged in descending order based on their function values, where lower values are better.

input:
w=13, b=17
value:
123456

input:
w=15, b=12
value:
2345

Give me a new (w, b) pair that is different from all pairs above, and has a function value lower than any of the above. Do not write code. The output must end with a pair [w, b], where w and b are numerical values.`;

describe('linear regression meta-prompt', () => {
  test('matches the spec example byte for byte (values truncated, best last)', () => {
    // Given best-first, to show the sort is ours and not the insertion order.
    const history = [entry(15, 12, 2345.97, -1), entry(13, 17, 123456.99, -1)];
    assert.equal(buildLinregMetaPrompt(history), SPEC_EXAMPLE);
  });

  test('shows only the 20 lowest losses, descending, each pair once', () => {
    const history = Array.from({ length: 30 }, (_, i) => entry(i, -i, 1000 - i * 10));
    history.push(entry(29, -29, 710)); // a repeat of the best pair (e.g. a re-proposed initial pair)
    const shown = selectShownPairs(history);
    assert.equal(shown.length, 20);
    assert.deepEqual(shown.map((e) => e.solution.w), Array.from({ length: 20 }, (_, i) => 10 + i));
    const text = buildLinregMetaPrompt(history);
    assert.equal(text.match(/^input:$/gm)?.length, 20);
    assert.ok(!text.includes('w=9, b=-9'));
    assert.ok(text.includes('input:\nw=29, b=-29\nvalue:\n710\n\nGive me'));
  });

  test('an empty history leaves the reference layout (blank block)', () => {
    assert.ok(buildLinregMetaPrompt([]).includes('lower values are better.\n\n\n\nGive me a new'));
  });

  test('integers are printed as Python int() prints them', () => {
    assert.equal(pyIntString(2345.99), '2345');
    assert.equal(pyIntString(-3.7), '-3');
    assert.equal(pyIntString(1e21), '1000000000000000000000');
    assert.throws(() => pyIntString(Infinity), /int\(\)/);
  });
});
