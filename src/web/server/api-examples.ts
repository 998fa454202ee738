import { COMPARE_FILTERS, EXAMPLE_FILTERS, type CompareResponse, type CompareSide, type ExamplesResponse } from '../shared/api-types.js';
import { runBasics, snapshot, type ApiContext } from './api-context.js';
import { HttpError } from './http-util.js';
import * as p from './params.js';
import { candidateByKey, comparePage, examplePage } from './queries.js';
import { toCandidateItem } from './views.js';

/** GET /api/runs/:id/examples?key=&split=&filter=all|correct|wrong|failed&limit=&offset= */
export function getExamples({ source, captures, params }: ApiContext): ExamplesResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  const key = p.key(params.get('key'), 'key');
  const split = p.optionalSplit(params);
  const filter = p.oneOf(params, 'filter', EXAMPLE_FILTERS, 'all');
  const { limit, offset } = p.page(params);
  return snapshot(store, () => {
    runBasics(store, id);
    const candidate = candidateByKey(store.db, id, key);
    const { total, rows, tally } = examplePage(store.db, id, key, { limit, offset, split, filter });
    return {
      total, offset, limit, tally, candidate: candidate ? toCandidateItem(candidate) : null,
      rows: rows.map((row) => ({
        split: row.split, exampleIndex: row.exampleIndex, step: row.step, input: row.input, expected: row.expected,
        output: row.output, score: row.score, correct: fullMarks(row.score), feedback: row.feedback, outcome: row.outcome,
        errorMessage: row.errorMessage, fields: row.fields, cached: row.cached, latencyMs: row.latencyMs,
      })),
    };
  });
}

/** An example counts as right when it earned the full score (always the case for a 0/1 grade). */
const fullMarks = (score: number | null): boolean | null => (score === null ? null : score === 1);

const parseFields = (text: string | null): Record<string, unknown> | null => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));

const side = (output: string | null, score: number | null, outcome: string, fields: string | null): CompareSide => ({
  output, score, correct: fullMarks(score), outcome, fields: parseFields(fields),
});

/** GET /api/runs/:id/compare?a=&b=&split=&filter=all|differ|onlyA|onlyB&limit=&offset= */
export function getCompare({ source, captures, params }: ApiContext): CompareResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  const a = p.key(params.get('a'), 'a');
  const b = p.key(params.get('b'), 'b');
  if (a === b) throw new HttpError(400, 'pick two different instructions to compare');
  const split = p.optionalSplit(params);
  const filter = p.oneOf(params, 'filter', COMPARE_FILTERS, 'all');
  const { limit, offset } = p.page(params);
  return snapshot(store, () => {
    runBasics(store, id);
    const candidateA = candidateByKey(store.db, id, a);
    const candidateB = candidateByKey(store.db, id, b);
    const { total, rows, tally } = comparePage(store.db, id, a, b, { limit, offset, split, filter });
    return {
      total, offset, limit, tally,
      a: candidateA ? toCandidateItem(candidateA) : null,
      b: candidateB ? toCandidateItem(candidateB) : null,
      rows: rows.map((row) => ({
        split: row.split, exampleIndex: row.example_index, input: row.input, expected: row.expected,
        a: side(row.a_output, row.a_score, row.a_outcome, row.a_fields),
        b: side(row.b_output, row.b_score, row.b_outcome, row.b_fields),
      })),
    };
  });
}
