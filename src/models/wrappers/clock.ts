/**
 * Time as the wrappers see it. Everything that waits (queues, cooldowns, backoff, timeouts) goes
 * through a Clock so tests can drive it with fake time instead of sleeping.
 */

export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds on a monotonic scale; only differences are meaningful. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Real time. performance.now() is monotonic, so a wall-clock jump cannot shorten a Retry-After. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Waits `ms` on `clock`. Resolves true when the time has passed, false as soon as `signal` aborts
 * (so a cancelled run never sits out a backoff).
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    let detach = (): void => {};
    const timer = clock.setTimeout(() => {
      detach();
      resolve(true);
    }, ms);
    if (signal) {
      detach = onAbort(signal, () => {
        clock.clearTimeout(timer);
        resolve(false);
      });
    }
  });
}

type AbortListener = () => void;

/**
 * One real 'abort' listener per signal, fanning out to many callbacks. A run's signal is shared by
 * thousands of queued calls; adding a listener each would trip Node's MaxListenersExceeded warning
 * and make removal O(n).
 */
const fanOut = new WeakMap<AbortSignal, Set<AbortListener>>();

/** Calls `listener` once when `signal` aborts (at once if it already has). Returns a detach function. */
export function onAbort(signal: AbortSignal, listener: AbortListener): () => void {
  if (signal.aborted) {
    listener();
    return () => {};
  }
  let listeners = fanOut.get(signal);
  if (!listeners) {
    const set = new Set<AbortListener>();
    listeners = set;
    fanOut.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        fanOut.delete(signal);
        for (const fn of set) fn();
        set.clear();
      },
      { once: true },
    );
  }
  const entry: AbortListener = () => listener();
  listeners.add(entry);
  return () => {
    listeners.delete(entry);
  };
}

/** Aborts `child` when `parent` aborts. Returns a detach function to call when the child is done. */
export function linkAbort(parent: AbortSignal | undefined, child: AbortController): () => void {
  if (!parent) return () => {};
  return onAbort(parent, () => child.abort(parent.reason));
}
