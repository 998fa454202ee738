import { ALL_SPLITS, COMPARE_FILTERS, EXAMPLE_FILTERS, type CompareResponse, type CompareSide, type ExamplesResponse, type ExampleTally } from '../shared/api-types.js';
import type { CompareSideRow } from '../../store/read-types.js';
import type { ApiContext } from './api-context.js';
import { HttpError } from './http-util.js';
import * as p from './params.js';
import { defaultSplit, listSplits } from './splits.js';
import { toCandidateItem } from './views.js';

/** An example counts as right when it earned the full score (always the case for a 0/1 grade). */
const fullMarks = (score: number | null): boolean | null => (score === null ? null : score === 1);

const side = (row: CompareSideRow): CompareSide => ({ ...row, correct: fullMarks(row.score) });

/** A split nothing of was graded: listed (so the picker can name it), tallied as empty. */
const emptyTally = (split: string): ExampleTally => ({ split, total: 0, correct: 0, wrong: 0, failed: 0, answered: 0, mean: null });

/**
 * GET /api/runs/:id/examples?key=&split=train|test|all&filter=all|correct|wrong|failed&limit=&offset=
 * One split at a time (see ExamplesResponse.split); `all` lists both with one tally each.
 */
export function getExamples({ source, kinds, captures, params }: ApiContext): ExamplesResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  const key = p.key(params.get('key'), 'key');
  const asked = p.optionalSplit(params);
  const filter = p.oneOf(params, 'filter', EXAMPLE_FILTERS, 'all');
  const { limit, offset } = p.page(params);
  return store.read.snapshot(() => {
    const run = store.read.runBasics(id);
    const kind = kinds.find(run.kind);
    const candidate = store.read.candidateByKey(id, key);
    const bySplit = listSplits(store.read.exampleTallies(id, key), emptyTally);
    const split = asked ?? defaultSplit(bySplit, (t) => t.total);
    const all = split === ALL_SPLITS;
    const tallies = all ? bySplit.filter((t) => t.total > 0) : [bySplit.find((t) => t.split === split) ?? emptyTally(split)];
    const { total, rows } = store.read.examplePage(id, key, { limit, offset, split: all ? undefined : split, filter });
    return {
      total, offset, limit, split, tallies,
      splits: bySplit.map((t) => ({ split: t.split, graded: t.total })),
      candidate: candidate ? toCandidateItem(candidate, kind) : null,
      rows: rows.map((row) => ({ ...row, correct: fullMarks(row.score) })),
    };
  });
}

/**
 * GET /api/runs/:id/compare?a=&b=&split=&filter=all|differ|onlyA|onlyB&limit=&offset=
 * One split at a time (see CompareResponse.split): examples are paired only within it.
 */
export function getCompare({ source, kinds, captures, params }: ApiContext): CompareResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  const a = p.key(params.get('a'), 'a');
  const b = p.key(params.get('b'), 'b');
  if (a === b) throw new HttpError(400, 'pick two different solutions to compare');
  const asked = p.optionalSplit(params);
  const filter = p.oneOf(params, 'filter', COMPARE_FILTERS, 'all');
  const { limit, offset } = p.page(params);
  return store.read.snapshot(() => {
    const run = store.read.runBasics(id);
    const kind = kinds.find(run.kind);
    const candidateA = store.read.candidateByKey(id, a);
    const candidateB = store.read.candidateByKey(id, b);
    const splits = listSplits(store.read.compareSplits(id, a, b), (split) => ({ split, shared: 0 }));
    const split = asked ?? defaultSplit(splits, (s) => s.shared);
    const { total, rows, tally } = store.read.comparePage(id, a, b, { limit, offset, split, filter });
    const scores = store.read.pairedScores(id, a, b, split);
    const partial = [...scores.a, ...scores.b].some((score) => score > 0 && score < 1);
    return {
      total, offset, limit, split, splits, tally,
      ...(partial ? { scores } : {}),
      a: candidateA ? toCandidateItem(candidateA, kind) : null,
      b: candidateB ? toCandidateItem(candidateB, kind) : null,
      rows: rows.map((row) => ({ ...row, a: side(row.a), b: side(row.b) })),
    };
  });
}
