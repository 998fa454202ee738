import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { BUSY_TIMEOUT_MS } from './open.js';
import * as q from './queries.js';
import type { RunStore } from './run-store.js';
import { bestCandidate, computeSummary, mergeSummary } from './summary.js';
import type { CandidateRow, RunRecord, RunSummary } from './types.js';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats.js';
import { safeText } from '../util/terminal-text.js';

/**
 * Streaming export of one run. Rows are read with `stmt.iterate()` from a separate read-only
 * connection inside one read transaction (a consistent snapshot that does not block the recorder),
 * and written with backpressure: the export waits for 'drain' whenever the destination is full,
 * so memory stays bounded whatever the size of the run.
 *
 * Formats:
 * - jsonl: one JSON object per line, each with a `record` field, in this order: `run` (manifest,
 *   config, status, summary), then per step a `step` (meta-prompt, details) followed by its `reply`
 *   records, then every `candidate` (solution, text, train score, stats, test score and n), then every
 *   `example` (one per scorer call: prompt, raw answer, prediction, target, outcome, usage...).
 * - json: the same content as one document:
 *   `{ format, formatVersion, run, steps: [{ ...step, replies }], candidates, examples }`.
 * - csv: one row per candidate (header below, then the kind's own columns, if the caller passes any).
 *   Per-example rows are only in jsonl and json.
 * - best (any format with `best: true`): the winning solution's text alone, plus a newline.
 * The destination is not ended: the caller owns it (it may be stdout).
 */

export { EXPORT_FORMATS, type ExportFormat } from './export-formats.js';
export const EXPORT_FORMAT_VERSION = 1;
export const CSV_COLUMNS = ['run_id', 'step', 'key', 'train_score', 'test_score', 'test_n', 'unscored_reason', 'stats_json', 'solution'] as const;

/** Rows are gathered into chunks of about this size before each write, to keep write() calls few. */
const CHUNK_BYTES = 64 * 1024;

/** A column a problem kind adds to the CSV export: one value per candidate. */
export interface ExportColumn {
  name: string;
  value(candidate: CandidateRow): string | number | null;
}

export interface ExportOptions {
  /** Write only the best solution's text. */
  best?: boolean;
  /** CSV columns after the generic ones (the run's kind gives them). */
  columns?: readonly ExportColumn[];
}

export interface ExportStats {
  steps: number;
  replies: number;
  candidates: number;
  examples: number;
}

type Destination = NodeJS.WritableStream;

class Sink {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly destination: Destination) {}

  async push(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_BYTES) await this.drain();
  }

  async drain(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.destination.write(chunk)) await waitForDrain(this.destination);
  }
}

function waitForDrain(destination: Destination): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      destination.removeListener('drain', onDrain);
      destination.removeListener('error', onError);
      destination.removeListener('close', onClose);
    };
    const onDrain = (): void => (cleanup(), resolve());
    const onError = (error: Error): void => (cleanup(), reject(error));
    const onClose = (): void => (cleanup(), reject(new Error('the export destination was closed before the export finished.')));
    destination.on('drain', onDrain);
    destination.on('error', onError);
    destination.on('close', onClose);
  });
}

/**
 * A connection that sees one consistent snapshot of the run. An in-memory store has no file to
 * open a second connection on, so its own is used: do not record into it while it is exported.
 */
function openSnapshot(store: RunStore): { db: Database.Database; done(): void } {
  const own = store.path === ':memory:' || store.path === '';
  const db = own ? store.db : new Database(store.path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  db.exec('BEGIN');
  return {
    db,
    done: () => {
      if (db.inTransaction) db.exec('COMMIT');
      if (!own) db.close();
    },
  };
}

function runRecord(db: Database.Database, runId: string): RunRecord {
  const row = q.requireRun(db, runId);
  const reported = JSON.parse(row.reported_json) as Partial<RunSummary>;
  return q.toRunRecord(db, row, mergeSummary(computeSummary(db, runId, row.direction, row.scorer), reported));
}

export async function exportRun(store: RunStore, runId: string, format: ExportFormat, destination: Destination, options: ExportOptions = {}): Promise<ExportStats> {
  if (!EXPORT_FORMATS.includes(format)) throw new StoreError(`unknown export format '${String(format)}' (use json, jsonl or csv).`, 'BAD_FORMAT');
  const snapshot = openSnapshot(store);
  try {
    const sink = new Sink(destination);
    const stats: ExportStats = { steps: 0, replies: 0, candidates: 0, examples: 0 };
    const run = runRecord(snapshot.db, runId);
    if (options.best) await writeBest(snapshot.db, run, sink);
    else if (format === 'csv') await writeCsv(snapshot.db, run, sink, stats, options.columns ?? []);
    else await writeRecords(snapshot.db, run, format, sink, stats);
    await sink.drain();
    return stats;
  } finally {
    snapshot.done();
  }
}

async function writeBest(db: Database.Database, run: RunRecord, sink: Sink): Promise<void> {
  const best = bestCandidate(db, run.id, run.direction);
  if (!best) throw new StoreError(`run ${run.id} has no scored solution to export yet.`, 'NO_BEST');
  const row = db.prepare(`SELECT description FROM candidates WHERE run_id = ? AND key = ? AND score IS NOT NULL LIMIT 1`).get(run.id, best.key) as { description: string };
  await sink.push(`${row.description}\n`);
}

/** Streams json or jsonl; both walk the same records in the same order. */
async function writeRecords(db: Database.Database, run: RunRecord, format: 'json' | 'jsonl', sink: Sink, stats: ExportStats): Promise<void> {
  const jsonl = format === 'jsonl';
  const line = (record: string, value: object): string => `${JSON.stringify({ record, runId: run.id, ...value })}\n`;
  // In json, `separator(i)` opens an array element: a comma before every element but the first.
  const separator = (index: number): string => (index === 0 ? '\n' : ',\n');

  await sink.push(jsonl ? line('run', run) : `{"format":"opro-run","formatVersion":${EXPORT_FORMAT_VERSION},"run":${JSON.stringify(run)},\n"steps":[`);

  const stepNumbers = (db.prepare(`SELECT step FROM steps WHERE run_id = ? ORDER BY step`).all(run.id) as { step: number }[]).map((row) => row.step);
  for (const [index, step] of stepNumbers.entries()) {
    const detail = q.getStep(db, run.id, step);
    if (!detail) continue;
    stats.steps += 1;
    stats.replies += detail.replies.length;
    if (!jsonl) {
      await sink.push(separator(index) + JSON.stringify(detail));
      continue;
    }
    const { replies, ...stepOnly } = detail;
    await sink.push(line('step', stepOnly));
    for (const reply of replies) await sink.push(line('reply', reply));
  }

  if (!jsonl) await sink.push('],\n"candidates":[');
  const candidates = db.prepare(`${q.CANDIDATE_SELECT} ORDER BY ${q.candidateOrderSql('step', run.direction)}`);
  for (const raw of candidates.iterate(run.id)) {
    const candidate = q.toCandidate(raw as Parameters<typeof q.toCandidate>[0]);
    await sink.push(jsonl ? line('candidate', candidate) : separator(stats.candidates) + JSON.stringify(candidate));
    stats.candidates += 1;
  }

  if (!jsonl) await sink.push('],\n"examples":[');
  const examples = db.prepare(`${q.EXAMPLE_SELECT} WHERE run_id = ? ORDER BY key, split, example_index`);
  for (const raw of examples.iterate(run.id)) {
    const example = q.toExample(raw as Parameters<typeof q.toExample>[0]);
    await sink.push(jsonl ? line('example', example) : separator(stats.examples) + JSON.stringify(example));
    stats.examples += 1;
  }
  if (!jsonl) await sink.push(']}\n');
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  // Model text may hold terminal escape sequences: a CSV opened in a terminal must not run them.
  const text = typeof value === 'string' ? safeText(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(runId: string, candidate: CandidateRow, columns: readonly ExportColumn[]): string {
  const fields = [
    runId, candidate.step, candidate.key, candidate.score, candidate.testScore, candidate.testN, candidate.unscoredReason,
    candidate.stats ? JSON.stringify(candidate.stats) : null, candidate.description, ...columns.map((column) => column.value(candidate)),
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}

async function writeCsv(db: Database.Database, run: RunRecord, sink: Sink, stats: ExportStats, columns: readonly ExportColumn[]): Promise<void> {
  await sink.push(`${[...CSV_COLUMNS, ...columns.map((column) => csvField(column.name))].join(',')}\r\n`);
  const candidates = db.prepare(`${q.CANDIDATE_SELECT} ORDER BY ${q.candidateOrderSql('step', run.direction)}`);
  for (const raw of candidates.iterate(run.id)) {
    await sink.push(csvRow(run.id, q.toCandidate(raw as Parameters<typeof q.toCandidate>[0]), columns));
    stats.candidates += 1;
  }
}
