import type { StepRaw as StoreStepRaw } from '../../store/queries.js';
import type Database from 'better-sqlite3';
import { CANDIDATE_SELECT, EXAMPLE_SELECT, toCandidate, toExample } from '../../store/queries.js';
import type { CandidateRow, ExampleResultRow } from '../../store/types.js';
import type { CandidateSortKey, CompareFilter, CompareTally, Direction, ExampleFilter, ExampleTally, SortDir } from '../shared/api-types.js';

/**
 * Read queries the dashboard needs beyond RunStore's methods: counts for pagers, sorting both ways,
 * filters, the side-by-side join and the chart's columns. Every one is bounded by LIMIT or by an
 * aggregate, and each uses the primary keys or the store's indexes (run_id first).
 */

type Raw = Parameters<typeof toCandidate>[0];
type ExampleRaw = Parameters<typeof toExample>[0];

interface Paged {
  limit: number;
  offset: number;
}

/** `a LIKE ?` pattern matching `text` literally anywhere. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function bestDir(direction: Direction): SortDir {
  return direction === 'maximize' ? 'desc' : 'asc';
}

/** ORDER BY for candidates; unscored ones always come last, ties by recording order. */
function candidateOrder(sort: CandidateSortKey, dir: SortDir): string {
  const d = dir === 'asc' ? 'ASC' : 'DESC';
  if (sort === 'step') return `c.step ${d}, c.rowid ${d}`;
  if (sort === 'test') return `t.score IS NULL, t.score ${d}, c.score IS NULL, c.score ${d}, c.step ASC, c.rowid ASC`;
  return `c.score IS NULL, c.score ${d}, c.step ASC, c.rowid ASC`;
}

export function candidatePage(
  db: Database.Database, runId: string, options: Paged & { sort: CandidateSortKey; dir: SortDir; text: string },
): { total: number; rows: CandidateRow[] } {
  const filter = options.text ? ` AND c.description LIKE ? ESCAPE '\\'` : '';
  const args: unknown[] = options.text ? [runId, likePattern(options.text)] : [runId];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM candidates c WHERE c.run_id = ?${filter}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`${CANDIDATE_SELECT}${filter} ORDER BY ${candidateOrder(options.sort, options.dir)} LIMIT ? OFFSET ?`)
    .all(...args, options.limit, options.offset) as Raw[];
  return { total, rows: rows.map(toCandidate) };
}

/** The first recorded candidate with this key (a key can recur at a later step, e.g. a re-proposed pair). */
export function candidateByKey(db: Database.Database, runId: string, key: string): CandidateRow | null {
  const row = db.prepare(`${CANDIDATE_SELECT} AND c.key = ? ORDER BY c.step, c.rowid LIMIT 1`).get(runId, key) as Raw | undefined;
  return row ? toCandidate(row) : null;
}

export interface ScoredRow {
  step: number;
  key: string;
  score: number;
  text: string;
  solution_json: string;
  test: number | null;
}

/** Scored candidates in step order, at most `limit` (the chart's cap); texts cut to `textChars`. */
export function scoredCandidates(db: Database.Database, runId: string, limit: number, textChars: number): ScoredRow[] {
  return db
    .prepare(
      `SELECT c.step, c.key, c.score, substr(c.description, 1, ?) AS text, c.solution_json, t.score AS test
       FROM candidates c LEFT JOIN test_scores t ON t.run_id = c.run_id AND t.key = c.key
       WHERE c.run_id = ? AND c.score IS NOT NULL ORDER BY c.step, c.rowid LIMIT ?`,
    )
    .all(textChars, runId, limit) as ScoredRow[];
}

export function countScored(db: Database.Database, runId: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM candidates WHERE run_id = ? AND score IS NOT NULL`).get(runId) as { n: number }).n;
}

/** A steps row without its (large) meta-prompt and details: what a page of the steps list needs. */
export type StepRaw = Omit<StoreStepRaw, 'meta_prompt' | 'details_json'>;

export function stepPage(db: Database.Database, runId: string, options: Paged & { dir: SortDir }): { total: number; rows: StepRaw[]; replies: Map<number, Record<string, number>> } {
  const d = options.dir === 'asc' ? 'ASC' : 'DESC';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM steps WHERE run_id = ?`).get(runId) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT step, candidates_evaluated, scored, optimizer_calls, best_key, best_score, started_at, finished_at
       FROM steps WHERE run_id = ? ORDER BY step ${d} LIMIT ? OFFSET ?`,
    )
    .all(runId, options.limit, options.offset) as StepRaw[];
  const replies = new Map<number, Record<string, number>>();
  if (rows.length > 0) {
    const steps = rows.map((row) => row.step);
    const counts = db
      .prepare(`SELECT step, disposition, COUNT(*) AS n FROM replies WHERE run_id = ? AND step BETWEEN ? AND ? GROUP BY step, disposition`)
      .all(runId, Math.min(...steps), Math.max(...steps)) as { step: number; disposition: string; n: number }[];
    for (const count of counts) {
      const entry = replies.get(count.step) ?? {};
      entry[count.disposition] = count.n;
      replies.set(count.step, entry);
    }
  }
  return { total, rows, replies };
}

/** Train scores of the candidates recorded at one step, by key (to show next to each reply). */
export function stepScores(db: Database.Database, runId: string, step: number): Map<string, number | null> {
  const rows = db.prepare(`SELECT key, score FROM candidates WHERE run_id = ? AND step = ?`).all(runId, step) as { key: string; score: number | null }[];
  return new Map(rows.map((row) => [row.key, row.score]));
}

const EXAMPLE_FILTER_SQL: Record<ExampleFilter, string> = {
  all: '',
  correct: ' AND score = 1',
  wrong: ' AND score < 1',
  failed: ` AND outcome <> 'answered'`,
};

export function examplePage(
  db: Database.Database, runId: string, key: string, options: Paged & { split: string | undefined; filter: ExampleFilter },
): { total: number; rows: ExampleResultRow[]; tally: ExampleTally } {
  const splitSql = options.split === undefined ? '' : ' AND split = ?';
  const args: unknown[] = options.split === undefined ? [runId, key] : [runId, key, options.split];
  const where = `WHERE run_id = ? AND key = ?${splitSql}`;
  const tally = db
    .prepare(
      `SELECT COUNT(*) AS total, COALESCE(SUM(score = 1), 0) AS correct, COALESCE(SUM(score < 1), 0) AS wrong,
         COALESCE(SUM(outcome <> 'answered'), 0) AS failed FROM example_results ${where}`,
    )
    .get(...args) as ExampleTally;
  const filter = EXAMPLE_FILTER_SQL[options.filter];
  const total = options.filter === 'all' ? tally.total : (db.prepare(`SELECT COUNT(*) AS n FROM example_results ${where}${filter}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`${EXAMPLE_SELECT} ${where}${filter} ORDER BY split, example_index LIMIT ? OFFSET ?`)
    .all(...args, options.limit, options.offset) as ExampleRaw[];
  return { total, rows: rows.map(toExample), tally };
}

const COMPARE_FILTER_SQL: Record<CompareFilter, string> = {
  all: '',
  differ: ' AND (a.score = 1) IS NOT (b.score = 1)',
  onlyA: ' AND a.score = 1 AND b.score IS NOT 1',
  onlyB: ' AND b.score = 1 AND a.score IS NOT 1',
};

export interface CompareRaw {
  split: string;
  example_index: number;
  input: string;
  expected: string | null;
  a_output: string | null;
  a_score: number | null;
  a_outcome: string;
  a_fields: string | null;
  b_output: string | null;
  b_score: number | null;
  b_outcome: string;
  b_fields: string | null;
}

/** Two solutions on the examples both were graded on, joined on (split, example index). */
export function comparePage(
  db: Database.Database, runId: string, keyA: string, keyB: string, options: Paged & { split: string | undefined; filter: CompareFilter },
): { total: number; rows: CompareRaw[]; tally: CompareTally } {
  const join = `FROM example_results a JOIN example_results b
      ON b.run_id = a.run_id AND b.key = ? AND b.split = a.split AND b.example_index = a.example_index
    WHERE a.run_id = ? AND a.key = ?${options.split === undefined ? '' : ' AND a.split = ?'}`;
  const args: unknown[] = options.split === undefined ? [keyB, runId, keyA] : [keyB, runId, keyA, options.split];
  const tally = db
    .prepare(
      `SELECT COUNT(*) AS shared,
         COALESCE(SUM(a.score = 1 AND b.score = 1), 0) AS both,
         COALESCE(SUM(a.score = 1 AND b.score IS NOT 1), 0) AS onlyA,
         COALESCE(SUM(b.score = 1 AND a.score IS NOT 1), 0) AS onlyB,
         COALESCE(SUM(a.score IS NOT 1 AND b.score IS NOT 1), 0) AS neither,
         COALESCE(SUM(a.outcome <> 'answered' OR b.outcome <> 'answered'), 0) AS failed ${join}`,
    )
    .get(...args) as CompareTally;
  const filter = COMPARE_FILTER_SQL[options.filter];
  const total = options.filter === 'all' ? tally.shared : (db.prepare(`SELECT COUNT(*) AS n ${join}${filter}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT a.split, a.example_index, a.input, a.expected,
         a.output AS a_output, a.score AS a_score, a.outcome AS a_outcome, a.fields_json AS a_fields,
         b.output AS b_output, b.score AS b_score, b.outcome AS b_outcome, b.fields_json AS b_fields
       ${join}${filter} ORDER BY a.split, a.example_index LIMIT ? OFFSET ?`,
    )
    .all(...args, options.limit, options.offset) as CompareRaw[];
  return { total, rows, tally };
}
