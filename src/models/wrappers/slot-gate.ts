/**
 * The admission gate of one endpoint: at most `limit()` calls in flight, the rest wait in FIFO order.
 * A start can also be held back in time: while the endpoint is paused (its rate-limit window is
 * spent) and by pacing (`readyAt`, from the rate pacer). Retries wait in their own queue that is
 * served first, because they are older than anything queued behind them. Each waiter belongs to a
 * group (one scheduler of one run): closing a group (its circuit opened) turns away only its calls.
 */
import { onAbort, type Clock, type TimerHandle } from './clock.js';

/** `level`: calls in flight when this one started, itself included. */
/** `seq`: what onStart returned for this start (the rate pacer's sequence number). */
export type Admission = { kind: 'slot'; level: number; startedAt: number; seq: number } | { kind: 'aborted' } | { kind: 'closed' };

interface Waiter<Cost> {
  settle(admission: Admission): void;
  done: boolean;
  detach: () => void;
  cost: Cost;
  group: object | undefined;
  isRetry: boolean;
}

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

  peek(): T | undefined {
    while (this.head < this.items.length) {
      const item = this.items[this.head];
      if (item !== undefined) return item;
      this.head += 1;
    }
    return undefined;
  }

  forEach(fn: (item: T) => void): void {
    for (let i = this.head; i < this.items.length; i += 1) {
      const item = this.items[i];
      if (item !== undefined) fn(item);
    }
  }
}

export interface SlotGateOptions<Cost> {
  clock: Clock;
  /** Current concurrency limit (learned, so read on every decision). */
  limit: () => number;
  /** Earliest time a call of `cost` may start (rate pacing); omit for no pacing. */
  readyAt?: (cost: Cost, now: number) => number;
  /** Called for every start, before the caller hears of it; its number is handed to the caller. */
  onStart?: (cost: Cost, now: number) => number;
}

export class SlotGate<Cost = undefined> {
  private inFlightCount = 0;
  private waiting = 0;
  private readonly fresh = new FifoQueue<Waiter<Cost>>();
  private readonly retries = new FifoQueue<Waiter<Cost>>();
  private cooldownUntil = 0;
  private wakeTimer: TimerHandle | undefined;
  private wakeAt = Infinity;
  private readonly closedGroups = new WeakSet<object>();
  private readonly listeners = new Set<() => void>();
  /** Since when work has been waiting for a pause or for pacing (undefined: not held back). */
  private heldSince: number | undefined;
  private heldTotalMs = 0;

  constructor(private readonly options: SlotGateOptions<Cost>) {}

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

  /** Milliseconds during which queued work was held back by a pause or by pacing, not by slots. */
  get heldMs(): number {
    return this.heldTotalMs + (this.heldSince === undefined ? 0 : this.options.clock.now() - this.heldSince);
  }

  /**
   * Waits for a slot. Resolves 'aborted' if `signal` fires first, 'closed' if `group` is closed.
   */
  acquire(signal: AbortSignal | undefined, isRetry: boolean, cost: Cost, group?: object): Promise<Admission> {
    if (group && this.closedGroups.has(group)) return Promise.resolve({ kind: 'closed' });
    if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter<Cost> = {
        cost,
        group,
        isRetry,
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

  /** Holds every start until `untilMs` on the clock (a spent rate-limit window). Never shortens a pause. */
  coolDown(untilMs: number): void {
    if (untilMs <= this.cooldownUntil) return;
    this.cooldownUntil = untilMs;
    this.pump();
  }

  /** Turns away every waiting and later call of `group` with 'closed' (its circuit opened). */
  closeGroup(group: object): void {
    this.closedGroups.add(group);
    const close = (waiter: Waiter<Cost>): void => {
      if (waiter.group === group) waiter.settle({ kind: 'closed' });
    };
    this.retries.forEach(close);
    this.fresh.forEach(close);
    this.notify();
  }

  /** Re-checks the head of the queue (e.g. after the limit grew). */
  poke(): void {
    this.pump();
  }

  private pump(): void {
    while (this.waiting > 0 && this.inFlightCount < this.options.limit()) {
      const waiter = this.peekWaiter();
      if (!waiter) return;
      const now = this.options.clock.now();
      const startAt = Math.max(this.cooldownUntil, this.options.readyAt ? this.options.readyAt(waiter.cost, now) : now);
      if (startAt > now) {
        this.heldSince ??= now;
        this.wakeAtTime(startAt);
        return;
      }
      if (this.heldSince !== undefined) {
        this.heldTotalMs += now - this.heldSince;
        this.heldSince = undefined;
      }
      (waiter.isRetry ? this.retries : this.fresh).shift();
      this.inFlightCount += 1;
      const seq = this.options.onStart?.(waiter.cost, now) ?? 0;
      waiter.settle({ kind: 'slot', level: this.inFlightCount, startedAt: now, seq });
    }
  }

  /** The next live waiter, left in its queue; settled (aborted, closed) ones are dropped here. */
  private peekWaiter(): Waiter<Cost> | undefined {
    for (const queue of [this.retries, this.fresh]) {
      for (let waiter = queue.peek(); waiter; waiter = queue.peek()) {
        if (!waiter.done) return waiter;
        queue.shift();
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
