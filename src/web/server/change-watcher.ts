import type { RunSignature } from '../../store/read-types.js';
import type { ChangeMessage } from '../shared/api-types.js';
import type { StoreSource } from './store-source.js';

/** How often the store is polled. `PRAGMA data_version` is one cheap call, so this can be brisk. */
export const POLL_INTERVAL_MS = 500;
/**
 * A run whose process dies changes no row, yet its status turns from running to stalled when its
 * heartbeat goes stale: so the rows are re-read this often even when nothing was written.
 */
export const LIVENESS_RECHECK_MS = 5_000;

/**
 * Polls the store for writes by other processes (`opro optimize` in another terminal) and reports
 * which runs changed. A run's signature is its updated_at (touched by every recorder flush), status
 * and liveness; comparing signatures turns "something was written" into "these runs changed".
 */
export class ChangeWatcher {
  private timer: NodeJS.Timeout | null = null;
  private lastVersion: number | null = null;
  private lastFullCheck = 0;
  private signatures: Map<string, string> | null = null;

  constructor(
    private readonly source: StoreSource,
    private readonly onChange: (change: ChangeMessage) => void,
    private readonly intervalMs = POLL_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    // A poll pending must not keep a stopping process alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One poll; public so tests can drive it without waiting. */
  poll(now = Date.now()): ChangeMessage | null {
    const store = this.source.get();
    if (!store) {
      // No store yet means no runs: when one appears, every run in it is announced as new.
      this.signatures = new Map();
      return null;
    }
    let version: number;
    let rows: RunSignature[];
    try {
      version = store.read.dataVersion();
      if (version === this.lastVersion && now - this.lastFullCheck < LIVENESS_RECHECK_MS) return null;
      rows = store.read.runSignatures();
    } catch {
      // A busy or briefly unreadable store: the next poll tries again.
      return null;
    }
    this.lastVersion = version;
    this.lastFullCheck = now;
    const next = new Map(rows.map((row) => [row.id, row.signature]));
    const previous = this.signatures;
    this.signatures = next;
    if (previous === null) return null;
    const changed = [...next].filter(([id, sig]) => previous.get(id) !== sig).map(([id]) => id);
    const removed = [...previous.keys()].filter((id) => !next.has(id));
    if (changed.length === 0 && removed.length === 0) return null;
    const message = { changed, removed };
    this.onChange(message);
    return message;
  }
}
