/** Test helpers for the wrappers: a fake clock and scripted fake models. */
import { sleep, type Clock } from '../../src/models/wrappers/clock.js';
import { failure } from '../../src/models/outcome.js';
import { type CallErrorKind, type CallError, type CallOutcome, type CallSuccess, type GenerateRequest, type LanguageModel, type TokenUsage } from '../../src/models/types.js';

/** Lets every pending promise continuation run (microtasks drain before the next macrotask). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Manual time: nothing happens until advance(); timers fire in time order with promises flushed between. */
export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private readonly timers = new Map<number, FakeTimer>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): number {
    this.seq += 1;
    this.timers.set(this.seq, { at: this.time + Math.max(0, ms), seq: this.seq, fn });
    return this.seq;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  private nextTimer(until: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.at > until) continue;
      if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      const timer = this.nextTimer(end);
      if (!timer) break;
      this.timers.delete(timer.seq);
      this.time = timer.at;
      timer.fn();
    }
    this.time = end;
    await flush();
  }

  /** Advances timer by timer until `promise` settles (or `limitMs` of fake time passes). */
  async until<T>(promise: Promise<T>, limitMs = 24 * 3600_000): Promise<T> {
    let done = false;
    void promise.then(
      () => (done = true),
      () => (done = true),
    );
    const deadline = this.time + limitMs;
    await flush();
    while (!done) {
      const timer = this.nextTimer(deadline);
      if (!timer) throw new Error(`FakeClock.until: nothing left to run at t=${this.time} and the promise is still pending.`);
      await this.advance(timer.at - this.time);
    }
    return promise;
  }
}

export const USAGE: TokenUsage = { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0, reasoningTokens: 0 };

export function success(text = 'ok', usage: TokenUsage = USAGE): CallSuccess {
  return { ok: true, text, usage: { ...usage }, cached: false, latencyMs: 1 };
}

export function fail(kind: CallErrorKind, extra: Partial<CallError> = {}): CallOutcome {
  return failure(kind, `fake ${kind}`, extra);
}

export interface CallRecord {
  request: GenerateRequest;
  index: number;
  startedAt: number;
}

export type Handler = (request: GenerateRequest, call: CallRecord) => CallOutcome | Promise<CallOutcome>;

export interface FakeModel extends LanguageModel {
  readonly calls: CallRecord[];
  inFlight: number;
  maxInFlight: number;
  baseURL?: string;
}

/** A scripted model: counts calls and concurrency; `handler` decides each answer. */
export function fakeModel(
  handler: Handler,
  props: { spec?: string; isLocal?: boolean; baseURL?: string; clock?: Clock } = {},
): FakeModel {
  const spec = props.spec ?? 'fake:model';
  const [provider = 'fake', modelId = 'model'] = spec.split(':');
  const model: FakeModel = {
    spec,
    provider,
    modelId,
    isLocal: props.isLocal ?? false,
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    ...(props.baseURL ? { baseURL: props.baseURL } : {}),
    async generate(request) {
      const call: CallRecord = { request, index: model.calls.length, startedAt: props.clock?.now() ?? 0 };
      model.calls.push(call);
      model.inFlight += 1;
      model.maxInFlight = Math.max(model.maxInFlight, model.inFlight);
      try {
        return await handler(request, call);
      } finally {
        model.inFlight -= 1;
      }
    },
  };
  return model;
}

/** A handler that answers after `ms` of `clock` time, or 'aborted' if the signal fires first. */
export function after(clock: Clock, ms: number, answer: (request: GenerateRequest, call: CallRecord) => CallOutcome = (r) => success(r.prompt)): Handler {
  return async (request, call) => {
    if (!(await sleep(clock, ms, request.signal))) return fail('aborted');
    return answer(request, call);
  };
}

export function request(prompt = 'p', extra: Partial<GenerateRequest> = {}): GenerateRequest {
  return { prompt, temperature: 0, maxTokens: 50, ...extra };
}
