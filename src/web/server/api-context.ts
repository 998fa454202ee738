import type { RunStore } from '../../store/index.js';
import { requireRun } from '../../store/queries.js';
import type { Direction } from '../shared/api-types.js';
import type { StoreSource } from './store-source.js';

/** What an API handler gets: the store, the query string and the path captures. */
export interface ApiContext {
  source: StoreSource;
  params: URLSearchParams;
  /** Path captures after the route's prefix, percent-decoded, not yet validated. */
  captures: string[];
}

export type ApiHandler = (context: ApiContext) => unknown;

/** Runs `read` inside one read transaction, so counts and rows come from the same snapshot. */
export function snapshot<T>(store: RunStore, read: () => T): T {
  return store.db.transaction(read)();
}

/**
 * The run's own row (kind, direction, manifest) without recomputing its summary, which reads every
 * example of the run: the header asks for that once per change, the other endpoints never need it.
 * Throws RunNotFoundError (a 404) for an unknown id.
 */
export function runBasics(store: RunStore, runId: string): { kind: string; direction: Direction; manifest: unknown } {
  const row = requireRun(store.db, runId);
  return { kind: row.kind, direction: row.direction, manifest: JSON.parse(row.manifest_json) as unknown };
}
