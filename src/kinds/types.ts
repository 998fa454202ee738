import type { Problem } from '../engine/problem.js';
import type { RunReader } from '../store/read-api.js';
import type { ExportColumn } from '../store/export.js';
import type { CandidateRow, RunSummary } from '../store/types.js';
import type { KindView } from './view.js';

/**
 * A problem kind as a plug-in: one module gives everything that differs between kinds (the engine
 * problem, how its scores read, the per-example fields it records, its export columns, its
 * dashboard figures and their data). The store, runs, CLI views and dashboard iterate a
 * KindRegistry and hold no kind's name. A kind's CLI command (if any) lives in its folder too; the
 * CLI's command table names it with its one-line summary, so that `opro --help` loads no kind.
 */
export interface ProblemKind {
  /** Presentation, sent to the dashboard as is. `view.name` is the kind's name in the store. */
  readonly view: KindView;
  /**
   * One run's view, when its runs differ in how their scores read (an instruction run scored by a
   * task's metric measures a score, not an accuracy); defaults to `view`. `config` is the run's stored config.
   */
  viewFor?(config: unknown): KindView;
  /** Builds the engine problem from the kind's own options. */
  readonly createProblem?: (options: never) => Problem<unknown>;
  /** A solution as people read it (defaults to the text the store recorded). */
  describeSolution?(solution: unknown, text: string): string;
  /** The headline figures of a run (the dashboard's header); defaults to the best score. */
  summaryFigures?(run: SummaryInput): SummaryFigure[];
  /** Columns the CSV export adds after the generic ones, one value per candidate. */
  readonly exportColumns?: readonly ExportColumn[];
  /** Data the kind's dashboard figures read, each served at /api/runs/:id/<name>. */
  readonly endpoints?: readonly KindEndpoint[];
}

export interface SummaryInput {
  summary: RunSummary;
  /** The best scored candidate, when there is one. */
  best: CandidateRow | null;
}

/** One figure in a run's header: a score (formatted by the kind's score format) with an optional note. */
export interface SummaryFigure {
  label: string;
  score: number | null;
  /** What the figure is over, shown on hover. */
  title?: string;
}

export type { ExportColumn };

export interface KindEndpoint {
  /** Path segment under /api/runs/:id/ (letters, digits, dashes). */
  name: string;
  /** The response body, read through the store's read API inside one snapshot. */
  read(reader: RunReader, run: { id: string; manifest: unknown }): unknown;
}
