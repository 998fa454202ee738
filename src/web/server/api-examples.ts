import { COMPARE_FILTERS, EXAMPLE_FILTERS, type CompareResponse, type CompareSide, type CompareSplit, type ExamplesResponse } from '../shared/api-types.js';
import type { CompareSideRow } from '../../store/read-types.js';
import type { ApiContext } from './api-context.js';
import { HttpError } from './http-util.js';
import * as p from './params.js';
import { toCandidateItem } from './views.js';

/** An example counts as right when it earned the full score (always the case for a 0/1 grade). */
const fullMarks = (score: number | null): boolean | null => (score === null ? null : score === 1);

const side = (row: CompareSideRow): CompareSide => ({ ...row, correct: fullMarks(row.score) });

/** GET /api/runs/:id/examples?key=&split=&filter=all|correct|wrong|failed&limit=&offset= */
export function getExamples({ source, kinds, captures, params }: ApiContext): ExamplesResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  const key = p.key(params.get('key'), 'key');
  const split = p.optionalSplit(params);
  const filter = p.oneOf(params, 'filter', EXAMPLE_FILTERS, 'all');
  const { limit, offset } = p.page(params);
  return store.read.snapshot(() => {
    const run = store.read.runBasics(id);
    const kind = kinds.find(run.kind);
    const candidate = store.read.candidateByKey(id, key);
    const { total, rows, tally } = store.read.examplePage(id, key, { limit, offset, split, filter });
    return {
      total, offset, limit, tally, candidate: candidate ? toCandidateItem(candidate, kind) : null,
      rows: rows.map((row) => ({ ...row, correct: fullMarks(row.score) })),
    };
  });
}

/** The splits every instruction run has, listed even when the two share no example of one. */
const KNOWN_SPLITS = ['train', 'test'] as const;
const HELD_OUT = 'test';

/** Train and test first (0 shared when none), then any other split recorded. */
function listSplits(found: readonly CompareSplit[]): CompareSplit[] {
  const known = KNOWN_SPLITS.map((split) => ({ split, shared: found.find((s) => s.split === split)?.shared ?? 0 }));
  return [...known, ...found.filter((s) => !(KNOWN_SPLITS as readonly string[]).includes(s.split))];
}

/** The held-out split when both were graded on it (the unbiased figure), else train. */
function defaultSplit(splits: readonly CompareSplit[]): string {
  return (splits.find((s) => s.split === HELD_OUT)?.shared ?? 0) > 0 ? HELD_OUT : 'train';
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
    const splits = listSplits(store.read.compareSplits(id, a, b));
    const split = asked ?? defaultSplit(splits);
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
