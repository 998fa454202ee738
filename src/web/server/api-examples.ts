import { COMPARE_FILTERS, EXAMPLE_FILTERS, type CompareResponse, type ExamplesResponse } from '../shared/api-types.js';
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
        split: row.split, exampleIndex: row.exampleIndex, step: row.step, prompt: row.prompt, target: row.target,
        rawAnswer: row.rawAnswer, prediction: row.prediction, correct: row.correct, outcome: row.outcome,
        errorMessage: row.errorMessage, cached: row.cached, latencyMs: row.latencyMs,
      })),
    };
  });
}

const side = (raw: string | null, prediction: string | null, correct: number | null, outcome: string) => ({
  rawAnswer: raw, prediction, correct: correct === null ? null : correct === 1, outcome,
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
        split: row.split, exampleIndex: row.example_index, prompt: row.prompt, target: row.target,
        a: side(row.a_raw, row.a_prediction, row.a_correct, row.a_outcome),
        b: side(row.b_raw, row.b_prediction, row.b_correct, row.b_outcome),
      })),
    };
  });
}
