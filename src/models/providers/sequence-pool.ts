/**
 * A fixed set of reusable items (llama.cpp context sequences) handed out one call at a time.
 * Calls beyond the pool size wait in FIFO order; a waiting call can give up through its signal.
 */

export class PoolClosedError extends Error {
  constructor(message = 'The pool was closed.') {
    super(message);
    this.name = 'PoolClosedError';
  }
}

interface Waiter<T> {
  resolve(item: T): void;
  reject(error: unknown): void;
}

export interface PoolStats {
  size: number;
  busy: number;
  waiting: number;
  /** Highest number of items ever in use at once: shows whether calls really ran in parallel. */
  peakBusy: number;
}

export class SequencePool<T> {
  private readonly free: T[];
  private readonly waiters: Waiter<T>[] = [];
  private busy = 0;
  private peakBusy = 0;
  private closedWith: Error | undefined;

  constructor(private readonly items: readonly T[]) {
    this.free = [...items];
  }

  acquire(signal?: AbortSignal): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const item = this.free.shift();
    if (item !== undefined) return Promise.resolve(this.takeOut(item));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter<T> = {
        resolve: (taken) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(taken);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(item: T): void {
    this.busy -= 1;
    if (this.closedWith) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(this.takeOut(item));
    else this.free.push(item);
  }

  /** Rejects every waiting call; later acquires fail with the same error. */
  close(error: Error = new PoolClosedError()): void {
    this.closedWith = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    this.free.length = 0;
  }

  stats(): PoolStats {
    return { size: this.items.length, busy: this.busy, waiting: this.waiters.length, peakBusy: this.peakBusy };
  }

  private takeOut(item: T): T {
    this.busy += 1;
    this.peakBusy = Math.max(this.peakBusy, this.busy);
    return item;
  }
}
