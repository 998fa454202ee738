import type Database from 'better-sqlite3';

/**
 * Schema versions of the run store. `PRAGMA user_version` holds the version a file is at; each
 * migration moves a file from version i to i + 1 inside one transaction, together with the bump of
 * user_version, so a crash mid-upgrade leaves the file at the old version, never half-migrated.
 * Migrations are append-only: a released one is never edited, only followed by a new one.
 */

/** 'opro' in ASCII: marks the file as ours in the SQLite header (offset 68). */
export const OPRO_APPLICATION_ID = 0x6f70726f;

interface Migration {
  /** The version the file is at after this migration. */
  version: number;
  description: string;
  sql: string;
}

/** Version 1: the first layout. Kept verbatim because older files are at exactly this shape. */
const V1_SQL = `
CREATE TABLE runs (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  dataset TEXT,
  scorer TEXT,
  optimizer TEXT,
  status TEXT NOT NULL,
  status_reason TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL,
  config_json TEXT NOT NULL DEFAULT '{}',
  manifest_json TEXT NOT NULL DEFAULT '{}',
  summary_json TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX runs_by_created ON runs(created_at);

CREATE TABLE steps (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  meta_prompt TEXT,
  details_json TEXT,
  candidates_evaluated INTEGER,
  scored INTEGER,
  optimizer_calls INTEGER,
  best_key TEXT,
  best_score REAL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  PRIMARY KEY (run_id, step)
) STRICT;

CREATE TABLE replies (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  sample_index INTEGER NOT NULL,
  text TEXT,
  error_kind TEXT,
  error_message TEXT,
  error_json TEXT,
  disposition TEXT NOT NULL,
  reason TEXT,
  candidate_json TEXT,
  key TEXT,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, step, sample_index)
) STRICT;

CREATE TABLE candidates (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  key TEXT NOT NULL,
  solution_json TEXT NOT NULL,
  description TEXT NOT NULL,
  score REAL,
  stats_json TEXT,
  unscored_reason TEXT,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, step, key)
) STRICT;
CREATE INDEX candidates_by_score ON candidates(run_id, score);
CREATE INDEX candidates_by_key ON candidates(run_id, key);

CREATE TABLE example_results (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  split TEXT NOT NULL,
  example_index INTEGER NOT NULL,
  step INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  target TEXT NOT NULL,
  raw_answer TEXT,
  prediction TEXT,
  correct INTEGER,
  outcome TEXT NOT NULL,
  error_message TEXT,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cached_input_tokens INTEGER NOT NULL DEFAULT 0,
  reasoning_tokens INTEGER NOT NULL DEFAULT 0,
  cached INTEGER NOT NULL DEFAULT 0,
  latency_ms REAL NOT NULL DEFAULT 0,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, key, split, example_index)
) STRICT;
CREATE INDEX example_results_by_outcome ON example_results(run_id, outcome);
`;

/**
 * Version 2: optimization direction per run, the caller's reported figures (cost, usage) kept apart
 * from the recomputed counts, resume locks, held-out (test) scores.
 */
const V2_SQL = `
ALTER TABLE runs ADD COLUMN direction TEXT NOT NULL DEFAULT 'maximize' CHECK (direction IN ('maximize', 'minimize'));
ALTER TABLE runs ADD COLUMN reported_json TEXT NOT NULL DEFAULT '{}';

CREATE TABLE run_locks (
  run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
) STRICT;

CREATE TABLE test_scores (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  score REAL NOT NULL,
  n INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) STRICT;
`;

/**
 * Version 3: per-example results of any problem kind. The instruction problem's columns become the
 * generic ones (prompt -> input, target -> expected, raw answer -> output, correct -> a score in
 * [0, 1]), with a feedback text and the kind's own fields as JSON (the instruction's prediction).
 * SQLite cannot relax a NOT NULL column in place, so the table is rebuilt and its rows copied. The
 * stored summaries' scorer counts become the generic example totals.
 */
const V3_SQL = `
ALTER TABLE example_results RENAME TO example_results_v2;
DROP INDEX example_results_by_outcome;

CREATE TABLE example_results (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  split TEXT NOT NULL,
  example_index INTEGER NOT NULL,
  step INTEGER NOT NULL,
  input TEXT NOT NULL,
  expected TEXT,
  output TEXT,
  score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
  feedback TEXT,
  outcome TEXT NOT NULL,
  error_message TEXT,
  fields_json TEXT,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cached_input_tokens INTEGER NOT NULL DEFAULT 0,
  reasoning_tokens INTEGER NOT NULL DEFAULT 0,
  cached INTEGER NOT NULL DEFAULT 0,
  latency_ms REAL NOT NULL DEFAULT 0,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, key, split, example_index)
) STRICT;

INSERT INTO example_results (run_id, key, split, example_index, step, input, expected, output, score, feedback, outcome,
    error_message, fields_json, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cached, latency_ms, recorded_at)
  SELECT run_id, key, split, example_index, step, prompt, target, raw_answer, CAST(correct AS REAL), NULL, outcome,
    error_message, json_object('prediction', prediction), input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
    cached, latency_ms, recorded_at
  FROM example_results_v2;

DROP TABLE example_results_v2;
CREATE INDEX example_results_by_outcome ON example_results(run_id, outcome);

UPDATE runs SET summary_json = json_set(
  json_remove(summary_json, '$.scorerCalls', '$.scorerCallsCached', '$.scorerAnswered', '$.scorerCorrect'),
  '$.examples', json_object(
    'evaluated', COALESCE(json_extract(summary_json, '$.scorerCalls'), 0),
    'cached', COALESCE(json_extract(summary_json, '$.scorerCallsCached'), 0),
    'answered', COALESCE(json_extract(summary_json, '$.scorerAnswered'), 0),
    'scoreSum', COALESCE(json_extract(summary_json, '$.scorerCorrect'), 0)))
WHERE json_valid(summary_json);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'runs, steps, replies, candidates, example results', sql: V1_SQL },
  { version: 2, description: 'run direction, reported figures, resume locks, test scores', sql: V2_SQL },
  { version: 3, description: 'generic per-example results: input, expected, output, score, feedback, kind fields', sql: V3_SQL },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Tables a store at the current version must have; checked when a file is opened. */
export const REQUIRED_TABLES = ['runs', 'steps', 'replies', 'candidates', 'example_results', 'run_locks', 'test_scores'] as const;

export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings a file up to SCHEMA_VERSION. Each step re-reads the version inside an IMMEDIATE
 * transaction, so two processes opening an old file at once upgrade it exactly once.
 */
export function migrate(db: Database.Database): void {
  for (const migration of MIGRATIONS) {
    const apply = db.transaction(() => {
      if (readSchemaVersion(db) !== migration.version - 1) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    });
    apply.immediate();
  }
}
