/**
 * The admission gate of one endpoint: at most `limit()` calls in flight, the rest wait in FIFO order.
 * A start can also be held back in time: during a Retry-After cooldown, and by requests-per-minute
 * pacing. Retries wait in their own queue that is served first, because they are older than anything
 * queued behind them.
 */
import { onAbort, type Clock, type TimerHandle } from './clock.js';

export type Admission = { kind: 'slot'; epoch: number } | { kind: 'aborted' } | { kind: 'closed' };

interface Waiter {
  settle(admission: Admission): void;
  done: boolean;
  detach: () => void;
}

const MS_PER_MINUTE = 60_000;

/** An array queue with a moving head, so shift() is O(1) even with thousands of waiters. */
class FifoQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  drain(): T[] {
    const rest = this.items.slice(this.head).filter((x): x is T => x !== undefined);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

export interface SlotGateOptions {
  clock: Clock;
  /** Current concurrency limit (adaptive, so read on every decision). */
  limit: () => number;
  /** Current dispatch epoch, handed to each admitted call. */
  epoch: () => number;
  /** Requests per minute; undefined for no pacing. */
  rpm?: number;
}

export class SlotGate {
  private inFlightCount = 0;
  private waiting = 0;
  private readonly fresh = new FifoQueue<Waiter>();
  private readonly retries = new FifoQueue<Waiter>();
  private cooldownUntil = 0;
  private nextStartAt = 0;
  private wakeTimer: TimerHandle | undefined;
  private wakeAt = Infinity;
  private closed = false;
  private readonly startIntervalMs: number;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: SlotGateOptions) {
    this.startIntervalMs = options.rpm ? MS_PER_MINUTE / options.rpm : 0;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  get queued(): number {
    return this.waiting;
  }

  /** Clock time before which no call starts (0 when not cooling down). */
  get coolingDownUntil(): number {
    return this.cooldownUntil;
  }

  /** Waits for a slot. Resolves 'aborted' if `signal` fires first, 'closed' if the gate closes. */
  acquire(signal: AbortSignal | undefined, isRetry: boolean): Promise<Admission> {
    if (this.closed) return Promise.resolve({ kind: 'closed' });
    if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter = {
        done: false,
        detach: () => {},
        settle: (admission) => {
          if (waiter.done) return;
          waiter.done = true;
          this.waiting -= 1;
          waiter.detach();
          resolve(admission);
        },
      };
      this.waiting += 1;
      (isRetry ? this.retries : this.fresh).push(waiter);
      // An aborted waiter is only marked done; pump() skips it later (lazy removal).
      if (signal) waiter.detach = onAbort(signal, () => waiter.settle({ kind: 'aborted' }));
      this.pump();
    });
  }

  /** Gives a slot back and lets the next waiter in. */
  release(): void {
    this.inFlightCount -= 1;
    this.pump();
    this.notify();
  }

  /**
   * Calls `listener` whenever capacity may have appeared (a slot was released, a cooldown ended)
   * or the gate closed, after the gate's own waiters were served. Returns an unsubscribe function.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Holds every start until `untilMs` on the clock (a Retry-After). Never shortens a cooldown. */
  coolDown(untilMs: number): void {
    if (untilMs <= this.cooldownUntil) return;
    this.cooldownUntil = untilMs;
  }

  /** Rejects every waiter and every later acquire with 'closed' (the circuit opened). */
  close(): void {
    this.closed = true;
    this.clearWake();
    for (const waiter of [...this.retries.drain(), ...this.fresh.drain()]) waiter.settle({ kind: 'closed' });
    this.notify();
  }

  private pump(): void {
    while (this.waiting > 0 && this.inFlightCount < this.options.limit()) {
      const now = this.options.clock.now();
      const startAt = Math.max(this.cooldownUntil, this.nextStartAt);
      if (startAt > now) {
        this.wakeAtTime(startAt);
        return;
      }
      const waiter = this.nextWaiter();
      if (!waiter) return;
      this.inFlightCount += 1;
      this.nextStartAt = now + this.startIntervalMs;
      waiter.settle({ kind: 'slot', epoch: this.options.epoch() });
    }
  }

  private nextWaiter(): Waiter | undefined {
    for (const queue of [this.retries, this.fresh]) {
      for (let waiter = queue.shift(); waiter; waiter = queue.shift()) {
        if (!waiter.done) return waiter;
      }
    }
    return undefined;
  }

  private wakeAtTime(at: number): void {
    if (this.wakeTimer !== undefined && this.wakeAt <= at) return;
    this.clearWake();
    this.wakeAt = at;
    this.wakeTimer = this.options.clock.setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = Infinity;
      this.pump();
      this.notify();
    }, at - this.options.clock.now());
  }

  private clearWake(): void {
    if (this.wakeTimer !== undefined) this.options.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.wakeAt = Infinity;
  }
}
