import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntry } from '../../src/engine/problem.js';
import type { Tour } from '../../src/problems/tsp/instance.js';
import { buildTspMetaPrompt, formatPoints, selectShownTraces } from '../../src/problems/tsp/meta-prompt.js';

function entry(tour: number[], score: number, step = 0): HistoryEntry<Tour> {
  return { solution: tour, key: tour.join(','), score, step };
}

const POINTS = [{ x: 10, y: 5 }, { x: -20, y: 5 }, { x: 30, y: -40 }, { x: 0, y: 22 }];

const SPEC_EXAMPLE = `You are given a list of points with coordinates below:
(0): (10, 5), (1): (-20, 5), (2): (30, -40), (3): (0, 22).

Below are some previous traces and their lengths. The traces are arranged in descending order based on their lengths, where lower values are better.

<trace> 0,1,2,3 </trace>
length:
185

<trace> 0,2,1,3 </trace>
length:
162

Give me a new trace that is different from all traces above, and has a length lower than any of the above. The trace should traverse all points exactly once. The trace should start with '<trace>' and end with </trace>.`;

describe('TSP meta-prompt', () => {
  test('matches the spec example byte for byte (lengths truncated, best last)', () => {
    const history = [entry([0, 2, 1, 3], 162.93), entry([0, 1, 2, 3], 185.5)];
    assert.equal(buildTspMetaPrompt(POINTS, history), SPEC_EXAMPLE);
  });

  test('point list format', () => {
    assert.equal(formatPoints(POINTS), '(0): (10, 5), (1): (-20, 5), (2): (30, -40), (3): (0, 22)');
  });

  test('shows the 10 shortest distinct traces, longest first', () => {
    const history = Array.from({ length: 14 }, (_, i) => entry([0, i + 1], 500 - i));
    history.push(entry([0, 14], 487)); // a repeat of the best trace
    const shown = selectShownTraces(history);
    assert.equal(shown.length, 10);
    assert.deepEqual(shown.map((e) => e.score), [496, 495, 494, 493, 492, 491, 490, 489, 488, 487]);
    const text = buildTspMetaPrompt([{ x: 0, y: 0 }], history);
    assert.equal(text.match(/<trace> /g)?.length, 10);
    assert.ok(text.includes('<trace> 0,14 </trace>\nlength:\n487\n\nGive me a new trace'));
  });
});
