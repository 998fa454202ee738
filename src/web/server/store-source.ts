import { RunStore, StoreError } from '../../store/index.js';
import { HttpError } from './http-util.js';

/**
 * The dashboard's read-only handle on the run store. `opro serve` may start before anything was
 * recorded, so the store is opened lazily and retried until it exists; it is never opened writable.
 */
export class StoreSource {
  private store: RunStore | null = null;
  /** Why there is no store yet (shown in the runs list), or null once it is open. */
  problem: string | null = null;

  constructor(readonly path: string) {}

  /** The open store, or null (with `problem` set) when it cannot be opened yet. */
  get(): RunStore | null {
    if (this.store) return this.store;
    try {
      this.store = RunStore.open(this.path, { readonly: true });
      this.problem = null;
    } catch (error) {
      const missing = error instanceof StoreError && error.code === 'STORE_MISSING';
      this.problem = missing
        ? `No run store at ${this.path} yet: runs appear here as soon as \`opro optimize\` records one.`
        : error instanceof Error ? error.message : String(error);
    }
    return this.store;
  }

  /** The open store for an API call that needs one. */
  require(): RunStore {
    const store = this.get();
    if (!store) throw new HttpError(503, this.problem ?? 'the run store is not available');
    return store;
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }
}
