import type Database from 'better-sqlite3';
import { holderIsAlive } from './liveness.js';
import { CANDIDATE_SELECT, EXAMPLE_SELECT, requireRun, toCandidate, toExample, type StepRaw } from './queries.js';
import type {
  CandidateRow, CandidateSortKey, CompareFilter, CompareListRow, CompareTally, ExampleFilter, ExampleListRow, ExampleTally, Paged,
  RunBasics, RunSignature, ScoredCandidate, Slice, SortDir, StepListRow,
} from './read-types.js';

/**
 * The store's typed read API for the dashboard: counts for pagers, sorting both ways, filters, the
 * side-by-side join and the chart's columns. Every query is bounded by LIMIT or by an aggregate and
 * uses the primary keys or the store's indexes (run_id first). Nothing outside the store writes SQL.
 */

type CandidateRaw = Parameters<typeof toCandidate>[0];
type ExampleRaw = Parameters<typeof toExample>[0];

/** `a LIKE ?` pattern matching `text` literally anywhere. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const parseObject = (text: string | null): Record<string, unknown> | null => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));

/** ORDER BY for candidates; unscored ones always come last, ties by recording order. */
function candidateOrder(sort: CandidateSortKey, dir: SortDir): string {
  const d = dir === 'asc' ? 'ASC' : 'DESC';
  if (sort === 'step') return `c.step ${d}, c.rowid ${d}`;
  if (sort === 'test') return `t.score IS NULL, t.score ${d}, c.score IS NULL, c.score ${d}, c.step ASC, c.rowid ASC`;
  return `c.score IS NULL, c.score ${d}, c.step ASC, c.rowid ASC`;
}

/** Full marks is score 1 (a correct answer under 0/1 grading); below it is 'wrong'. */
const EXAMPLE_FILTER_SQL: Record<ExampleFilter, string> = {
  all: '',
  correct: ' AND score = 1',
  wrong: ' AND score < 1',
  failed: ` AND outcome <> 'answered'`,
};

/**
 * Who did better on an example: the higher score, a failed call counting as 0. Under 0/1 grading this
 * is "only A correct" / "only B correct"; with partial scores (a judge's 3/5) it is "A scored higher".
 */
const A_SCORE = 'COALESCE(a.score, 0)';
const B_SCORE = 'COALESCE(b.score, 0)';
const COMPARE_FILTER_SQL: Record<CompareFilter, string> = {
  all: '',
  differ: ` AND ${A_SCORE} <> ${B_SCORE}`,
  onlyA: ` AND ${A_SCORE} > ${B_SCORE}`,
  onlyB: ` AND ${B_SCORE} > ${A_SCORE}`,
};

/** A steps row without its large text columns (the list never shows them). */
type StepListRaw = Omit<StepRaw, 'meta_prompt' | 'details_json'>;

interface CompareRaw {
  split: string;
  example_index: number;
  input: string;
  expected: string | null;
  a_output: string | null;
  a_score: number | null;
  a_feedback: string | null;
  a_outcome: string;
  a_fields: string | null;
  b_output: string | null;
  b_score: number | null;
  b_feedback: string | null;
  b_outcome: string;
  b_fields: string | null;
}

interface SignatureRaw {
  id: string;
  updated_at: string;
  status: string;
  pid: number | null;
  host: string | null;
  acquired_at: string | null;
  heartbeat_at: string | null;
}

export class RunReader {
  constructor(private readonly db: Database.Database) {}

  /** Runs `read` inside one read transaction, so counts and rows come from the same snapshot. */
  snapshot<T>(read: () => T): T {
    return this.db.transaction(read)();
  }

  /** The run's own row; throws RunNotFoundError for an unknown id. */
  runBasics(runId: string): RunBasics {
    const row = requireRun(this.db, runId);
    return { id: row.id, kind: row.kind, direction: row.direction, manifest: JSON.parse(row.manifest_json) as unknown };
  }

  candidatePage(runId: string, options: Paged & { sort: CandidateSortKey; dir: SortDir; text: string }): Slice<CandidateRow> {
    const filter = options.text ? ` AND c.description LIKE ? ESCAPE '\\'` : '';
    const args: unknown[] = options.text ? [runId, likePattern(options.text)] : [runId];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM candidates c WHERE c.run_id = ?${filter}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`${CANDIDATE_SELECT}${filter} ORDER BY ${candidateOrder(options.sort, options.dir)} LIMIT ? OFFSET ?`)
      .all(...args, options.limit, options.offset) as CandidateRaw[];
    return { total, rows: rows.map(toCandidate) };
  }

  /** The first recorded candidate with this key (a key can recur at a later step, e.g. a re-proposed pair). */
  candidateByKey(runId: string, key: string): CandidateRow | null {
    const row = this.db.prepare(`${CANDIDATE_SELECT} AND c.key = ? ORDER BY c.step, c.rowid LIMIT 1`).get(runId, key) as CandidateRaw | undefined;
    return row ? toCandidate(row) : null;
  }

  /** Scored candidates in step order, at most `limit` (a chart's cap); texts cut to `textChars`. */
  scoredCandidates(runId: string, limit: number, textChars: number): ScoredCandidate[] {
    const rows = this.db
      .prepare(
        `SELECT c.step, c.key, c.score, substr(c.description, 1, ?) AS text, c.solution_json, t.score AS test
         FROM candidates c LEFT JOIN test_scores t ON t.run_id = c.run_id AND t.key = c.key
         WHERE c.run_id = ? AND c.score IS NOT NULL ORDER BY c.step, c.rowid LIMIT ?`,
      )
      .all(textChars, runId, limit) as (Omit<ScoredCandidate, 'solution'> & { solution_json: string })[];
    return rows.map(({ solution_json, ...row }) => ({ ...row, solution: JSON.parse(solution_json) as unknown }));
  }

  countScored(runId: string): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM candidates WHERE run_id = ? AND score IS NOT NULL`).get(runId) as { n: number }).n;
  }

  /** A page of steps (without their large meta-prompts), each with its replies by disposition. */
  stepPage(runId: string, options: Paged & { dir: SortDir }): Slice<StepListRow> {
    const d = options.dir === 'asc' ? 'ASC' : 'DESC';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM steps WHERE run_id = ?`).get(runId) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT step, candidates_evaluated, scored, optimizer_calls, best_key, best_score, started_at, finished_at
         FROM steps WHERE run_id = ? ORDER BY step ${d} LIMIT ? OFFSET ?`,
      )
      .all(runId, options.limit, options.offset) as StepListRaw[];
    const replies = new Map<number, Record<string, number>>();
    if (rows.length > 0) {
      const steps = rows.map((row) => row.step);
      const counts = this.db
        .prepare(`SELECT step, disposition, COUNT(*) AS n FROM replies WHERE run_id = ? AND step BETWEEN ? AND ? GROUP BY step, disposition`)
        .all(runId, Math.min(...steps), Math.max(...steps)) as { step: number; disposition: string; n: number }[];
      for (const count of counts) {
        const entry = replies.get(count.step) ?? {};
        entry[count.disposition] = count.n;
        replies.set(count.step, entry);
      }
    }
    return {
      total,
      rows: rows.map((row) => ({
        step: row.step, candidatesEvaluated: row.candidates_evaluated, scored: row.scored, optimizerCalls: row.optimizer_calls,
        bestKey: row.best_key, bestScore: row.best_score, startedAt: row.started_at, finishedAt: row.finished_at,
        replies: replies.get(row.step) ?? {},
      })),
    };
  }

  /** Train scores of the candidates recorded at one step, by key (to show next to each reply). */
  stepScores(runId: string, step: number): Map<string, number | null> {
    const rows = this.db.prepare(`SELECT key, score FROM candidates WHERE run_id = ? AND step = ?`).all(runId, step) as { key: string; score: number | null }[];
    return new Map(rows.map((row) => [row.key, row.score]));
  }

  /**
   * One tally per split the solution was evaluated on, in split order. Each is of its own split only:
   * a training score is fitted, a held-out one is not, and one figure over both would be neither.
   */
  exampleTallies(runId: string, key: string): ExampleTally[] {
    return this.db
      .prepare(
        `SELECT split, COUNT(*) AS total, COALESCE(SUM(score = 1), 0) AS correct, COALESCE(SUM(score < 1), 0) AS wrong,
           COALESCE(SUM(outcome <> 'answered'), 0) AS failed,
           COALESCE(SUM(outcome = 'answered' AND score IS NOT NULL), 0) AS answered,
           AVG(CASE WHEN outcome = 'answered' THEN score END) AS mean
         FROM example_results WHERE run_id = ? AND key = ? GROUP BY split ORDER BY split`,
      )
      .all(runId, key) as ExampleTally[];
  }

  /** A page of one solution's examples, of one split or (split undefined) of every split, in split then example order. */
  examplePage(runId: string, key: string, options: Paged & { split: string | undefined; filter: ExampleFilter }): Slice<ExampleListRow> {
    const splitSql = options.split === undefined ? '' : ' AND split = ?';
    const args: unknown[] = options.split === undefined ? [runId, key] : [runId, key, options.split];
    const where = `WHERE run_id = ? AND key = ?${splitSql}${EXAMPLE_FILTER_SQL[options.filter]}`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM example_results ${where}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`${EXAMPLE_SELECT} ${where} ORDER BY split, example_index LIMIT ? OFFSET ?`)
      .all(...args, options.limit, options.offset) as ExampleRaw[];
    return {
      total,
      rows: rows.map(toExample).map(({ key: _key, usage: _usage, recordedAt: _recordedAt, ...row }) => row),
    };
  }

  /**
   * How many examples of each split both solutions were evaluated on, in split order. A comparison is
   * always of one split: example 3 of train and example 3 of the held-out set are different examples,
   * and a tally or a paired test over both would mix a fitted score with an unbiased one.
   */
  compareSplits(runId: string, keyA: string, keyB: string): { split: string; shared: number }[] {
    return this.db
      .prepare(
        `SELECT a.split AS split, COUNT(*) AS shared FROM example_results a JOIN example_results b
           ON b.run_id = a.run_id AND b.key = ? AND b.split = a.split AND b.example_index = a.example_index
         WHERE a.run_id = ? AND a.key = ? GROUP BY a.split ORDER BY a.split`,
      )
      .all(keyB, runId, keyA) as { split: string; shared: number }[];
  }

  /** Two solutions on the examples of one split both were evaluated on, joined on the example index. */
  comparePage(
    runId: string, keyA: string, keyB: string, options: Paged & { split: string; filter: CompareFilter },
  ): Slice<CompareListRow> & { tally: CompareTally } {
    const join = `FROM example_results a JOIN example_results b
        ON b.run_id = a.run_id AND b.key = ? AND b.split = a.split AND b.example_index = a.example_index
      WHERE a.run_id = ? AND a.key = ? AND a.split = ?`;
    const args: unknown[] = [keyB, runId, keyA, options.split];
    const tally = this.db
      .prepare(
        `SELECT COUNT(*) AS shared,
           COALESCE(SUM(a.score = 1 AND b.score = 1), 0) AS both,
           COALESCE(SUM(${A_SCORE} > ${B_SCORE}), 0) AS onlyA,
           COALESCE(SUM(${B_SCORE} > ${A_SCORE}), 0) AS onlyB,
           COALESCE(SUM(${A_SCORE} = ${B_SCORE} AND ${A_SCORE} < 1), 0) AS neither,
           COALESCE(SUM(a.outcome <> 'answered' OR b.outcome <> 'answered'), 0) AS failed ${join}`,
      )
      .get(...args) as CompareTally;
    const filter = COMPARE_FILTER_SQL[options.filter];
    const total = options.filter === 'all' ? tally.shared : (this.db.prepare(`SELECT COUNT(*) AS n ${join}${filter}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT a.split, a.example_index, a.input, a.expected,
           a.output AS a_output, a.score AS a_score, a.feedback AS a_feedback, a.outcome AS a_outcome, a.fields_json AS a_fields,
           b.output AS b_output, b.score AS b_score, b.feedback AS b_feedback, b.outcome AS b_outcome, b.fields_json AS b_fields
         ${join}${filter} ORDER BY a.example_index LIMIT ? OFFSET ?`,
      )
      .all(...args, options.limit, options.offset) as CompareRaw[];
    return {
      total, tally,
      rows: rows.map((row) => ({
        split: row.split, exampleIndex: row.example_index, input: row.input, expected: row.expected,
        a: { output: row.a_output, score: row.a_score, feedback: row.a_feedback, outcome: row.a_outcome, fields: parseObject(row.a_fields) },
        b: { output: row.b_output, score: row.b_score, feedback: row.b_feedback, outcome: row.b_outcome, fields: parseObject(row.b_fields) },
      })),
    };
  }

  /**
   * The two solutions' scores on every example of one split both answered, in example order: what a
   * paired test on partial scores needs (the tally's "full score or not" loses a 4/5 against a 2/5).
   */
  pairedScores(runId: string, keyA: string, keyB: string, split: string): { a: number[]; b: number[] } {
    const rows = this.db
      .prepare(
        `SELECT a.score AS a, b.score AS b FROM example_results a JOIN example_results b
           ON b.run_id = a.run_id AND b.key = ? AND b.split = a.split AND b.example_index = a.example_index
         WHERE a.run_id = ? AND a.key = ? AND a.split = ?
           AND a.outcome = 'answered' AND b.outcome = 'answered' AND a.score IS NOT NULL AND b.score IS NOT NULL
         ORDER BY a.example_index`,
      )
      .all(keyB, runId, keyA, split) as { a: number; b: number }[];
    return { a: rows.map((row) => row.a), b: rows.map((row) => row.b) };
  }

  /** SQLite's data_version: changes whenever another connection committed a write. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** One signature per run, changing with its rows, its status and the liveness of its lock holder. */
  runSignatures(): RunSignature[] {
    const rows = this.db
      .prepare(
        `SELECT r.id, r.updated_at, r.status, l.pid, l.host, l.acquired_at, l.heartbeat_at
         FROM runs r LEFT JOIN run_locks l ON l.run_id = r.id`,
      )
      .all() as SignatureRaw[];
    return rows.map((row) => {
      const live =
        row.heartbeat_at !== null &&
        holderIsAlive({ pid: row.pid ?? 0, host: row.host ?? '', acquiredAt: row.acquired_at ?? '', heartbeatAt: row.heartbeat_at });
      return { id: row.id, signature: `${row.updated_at}|${row.status}|${live ? 'live' : 'idle'}` };
    });
  }
}
