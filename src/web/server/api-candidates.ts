import { CANDIDATE_SORT_KEYS, type CandidateItem, type CurveResponse, type Page, type SortDir } from '../shared/api-types.js';
import type { ApiContext } from './api-context.js';
import * as p from './params.js';
import { bestDir, toCandidateItem } from './views.js';

/**
 * Dots one chart draws at most. A run proposes 8 candidates per step, so this is thousands of steps;
 * examples (100,000s) never reach the chart, only their per-candidate scores do.
 */
export const MAX_CURVE_POINTS = 50_000;
/** Hover text per dot: enough to recognise an instruction; the table has the full text. */
export const CURVE_TEXT_CHARS = 280;
const MAX_FILTER_CHARS = 200;

/** GET /api/runs/:id/curve — every scored candidate as a dot, plus the running best per step. */
export function getCurve({ source, captures }: ApiContext): CurveResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  return store.read.snapshot(() => {
    const run = store.read.runBasics(id);
    const rows = store.read.scoredCandidates(id, MAX_CURVE_POINTS, CURVE_TEXT_CHARS);
    const totalScored = rows.length < MAX_CURVE_POINTS ? rows.length : store.read.countScored(id);
    // A key re-scored at a later step has one held-out score; it is drawn once, at its first dot.
    const testedKeys = new Set<string>();
    const tests = rows.map((row) => {
      if (row.test === null || testedKeys.has(row.key)) return null;
      testedKeys.add(row.key);
      return row.test;
    });
    return {
      kind: run.kind,
      direction: run.direction,
      steps: rows.map((row) => row.step),
      scores: rows.map((row) => row.score),
      keys: rows.map((row) => row.key),
      texts: rows.map((row) => row.text),
      tests,
      bestSoFar: store.scoreByStep(id).map((s) => ({ step: s.step, best: s.bestSoFar })),
      truncated: totalScored > rows.length,
      totalScored,
    };
  });
}

/** GET /api/runs/:id/candidates?sort=score|step|test&dir=asc|desc&q=&limit=&offset= */
export function getCandidates({ source, kinds, captures, params }: ApiContext): Page<CandidateItem> & { sort: string; dir: SortDir } {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  const { limit, offset } = p.page(params);
  const sort = p.oneOf(params, 'sort', CANDIDATE_SORT_KEYS, 'score');
  const text = p.optionalText(params, 'q', MAX_FILTER_CHARS);
  return store.read.snapshot(() => {
    const run = store.read.runBasics(id);
    const dir = p.oneOf<SortDir>(params, 'dir', ['asc', 'desc'], sort === 'step' ? 'asc' : bestDir(run.direction));
    const { total, rows } = store.read.candidatePage(id, { limit, offset, sort, dir, text });
    const kind = kinds.find(run.kind);
    return { total, offset, limit, sort, dir, rows: rows.map((row) => toCandidateItem(row, kind)) };
  });
}
