import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractTrace, parseTourReply } from '../../src/problems/tsp/parse.js';

function tour(reply: string, n: number): readonly number[] | null {
  const parsed = parseTourReply(reply, n);
  return parsed.ok ? parsed.solution : null;
}

function reason(reply: string, n: number): string {
  const parsed = parseTourReply(reply, n);
  assert.equal(parsed.ok, false, `expected ${JSON.stringify(reply)} to be rejected`);
  return parsed.ok ? '' : parsed.reason;
}

describe('TSP trace parsing', () => {
  test('a valid trace in the reference format', () => {
    assert.deepEqual(tour('<trace> 0,1,2,3 </trace>', 4), [0, 1, 2, 3]);
    assert.deepEqual(tour('New trace:\n<trace>0, 3, 1, 2</trace>\nlength: about 150', 4), [0, 3, 1, 2]);
  });

  test('only the first trace counts, up to the next closing tag', () => {
    assert.deepEqual(tour('<trace> 0,2,1,3 </trace> or maybe <trace> 0,1,2,3 </trace>', 4), [0, 2, 1, 3]);
  });

  test('non-integer tokens are skipped silently, as the reference does', () => {
    assert.deepEqual(tour('<trace> 0, 2, x, 1, 3, </trace>', 4), [0, 2, 1, 3]);
    assert.deepEqual(tour('<trace> +0, 02, 1_0, 1, 3 </trace>', 5), null); // 1_0 is 10: out of range
    assert.deepEqual(tour('<trace> +0, 02, 1, 3, 4 </trace>', 5), [0, 2, 1, 3, 4]);
    assert.deepEqual(extractTrace('<trace> 0, 1.0, two, 3 </trace>'), { ok: true, tokens: { nodes: [0, 3], skipped: ['1.0', 'two'] } });
  });

  test('invalid: missing <trace>', () => {
    assert.match(reason('0,1,2,3', 4), /no <trace> tag/);
  });

  test('invalid: missing </trace> after the first <trace>', () => {
    assert.match(reason('<trace> 0,1,2,3', 4), /no <\/trace> after the first <trace>/);
    assert.match(reason('</trace> <trace> 0,1,2,3', 4), /no <\/trace>/);
  });

  test('invalid: wrong length (too few, too many, empty), naming skipped tokens', () => {
    assert.equal(reason('<trace> 0,1,2 </trace>', 4), 'the trace has 3 nodes, expected 4');
    assert.equal(reason('<trace> 0,1,2,3,4 </trace>', 4), 'the trace has 5 nodes, expected 4');
    assert.equal(reason('<trace></trace>', 4), 'the trace has 0 nodes, expected 4 (skipped non-integer tokens: "")');
    assert.equal(reason('<trace> 0,1,a,2 </trace>', 4), 'the trace has 3 nodes, expected 4 (skipped non-integer tokens: "a")');
  });

  test('invalid: repeated node', () => {
    assert.equal(reason('<trace> 0,1,1,3 </trace>', 4), 'node 1 appears more than once');
  });

  test('invalid: does not start at node 0', () => {
    assert.equal(reason('<trace> 2,1,0,3 </trace>', 4), 'the trace starts at node 2, not at node 0');
  });

  test('invalid: node outside 0..n-1 (including the -1 the reference would take as n-1)', () => {
    assert.equal(reason('<trace> 0,1,2,4 </trace>', 4), 'node 4 is not a point (expected 0..3)');
    assert.equal(reason('<trace> 0,1,2,-1 </trace>', 4), 'node -1 is not a point (expected 0..3)');
  });
});
