/**
 * Keeping a limited endpoint busy, with the default scheduler policy (nothing tuned): the settings of
 * issue #10, each repeated REPS times, against simulated endpoints (src/models/simulated.ts) whose
 * every condition is stated in the setting. Each repetition gets a fresh rate-limit registry (the
 * endpoint is met for the first time) and a fresh endpoint.
 *
 * Ratios (1.0 = the limit fully used):
 * - concurrency limit: answered calls x latency ÷ (limit x busy time), i.e. calls/s ÷ (limit ÷ latency);
 * - rate limit: answered calls (or their estimated tokens) ÷ what the token bucket allowed over the busy
 *   time (its burst + rate x (busy time - one latency, the last answers' flight));
 * - whole optimize run: every call on the endpoint (scorer and optimizer) as for a concurrency limit;
 * - hung endpoint: calls/s ÷ what the live endpoint alone allows.
 *
 * Run: node --import tsx bench/limits.ts   (writes bench/results/limits.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { optimize } from '../src/optimize/optimize.js';
import { RateLimitRegistry } from '../src/models/rate-limits/registry.js';
import { createSimulatedEndpoint, type SimulatedEndpointOptions } from '../src/models/simulated.js';
import { buildModelStack } from '../src/models/stack.js';
import type { GenerateRequest, LanguageModel } from '../src/models/types.js';
import { Budget } from '../src/models/wrappers/budget.js';
import { UsageMeter } from '../src/models/wrappers/meter.js';
import type { ScheduledModel } from '../src/models/wrappers/scheduler.js';

export const REPS = 3;
/** The real datasets, beside the checkout (as the tests find them); OPRO_SHARED_DIR points elsewhere. */
const SHARED_DATASETS = resolve(process.env.OPRO_SHARED_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared'), 'datasets');
const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'limits.json');
const PROMPT = 'Q: Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did she sell altogether?\nA:';
const MAX_TOKENS = 64;
/** 8 instructions x 40 GSM8K questions, as in the issue's measurements. */
const BATCH = 320;
const CHARS_PER_TOKEN = 4;

export interface LimitRep {
  ratio: number;
  calls: number;
  lost: number;
  /** Requests the endpoint refused (429), and all requests it received. */
  refused: number;
  sent: number;
  seconds: number;
  /** Timeouts that fired (hung endpoint). */
  timeouts?: number;
}

export interface LimitResult {
  name: string;
  conditions: string;
  target: string;
  reps: LimitRep[];
  min: number;
  max: number;
  median: number;
  lost: number;
  /** Highest share of requests refused in a repetition. */
  refusedShare: number;
  status: 'pass' | 'FAIL';
}

interface LimitSetting {
  name: string;
  conditions: string;
  target: string;
  minRatio: number;
  /** Highest share of requests refused that passes (rate limits). */
  maxRefusedShare?: number;
  /** One repetition; `rep` seeds the simulated faults, so each repetition is reproducible. */
  run(rep: number): Promise<LimitRep>;
}

/** A number as letters (instructions with digits are rejected, as in the reference). */
function letters(n: number): string {
  let out = '';
  for (let x = n; x > 0; x = Math.floor(x / 26)) out = String.fromCharCode(97 + (x % 26)) + out;
  return out || 'a';
}

function request(i: number): GenerateRequest {
  return { prompt: `${PROMPT} #${i}`, temperature: 0, maxTokens: MAX_TOKENS };
}

function stack(base: LanguageModel | LanguageModel[], concurrency: number, extra: { timeoutMs?: number } = {}, onEndpoint?: (e: ScheduledModel) => void): LanguageModel {
  return buildModelStack({
    base, role: 'scorer', meter: new UsageMeter(), budget: new Budget({}), scheduler: { concurrency, ...extra }, registry: new RateLimitRegistry(),
    ...(onEndpoint ? { onEndpoint } : {}),
  });
}

async function batch(model: LanguageModel, calls: number): Promise<{ ok: number; seconds: number }> {
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: calls }, (_, i) => model.generate(request(i))));
  return { ok: outcomes.filter((o) => o.ok).length, seconds: (performance.now() - started) / 1000 };
}

function concurrencySetting(asked: number, extra: Partial<SimulatedEndpointOptions> = {}, label = ''): LimitSetting {
  const limit = extra.concurrency ?? 4;
  const latencyMs = extra.latencyMs ?? 100;
  const retryAfterMs = extra.retryAfterMs ?? 1000;
  const calls = extra.concurrency !== undefined ? Math.round(((limit * 1000) / latencyMs) * 2) : BATCH;
  const faults = [
    extra.serverErrorRate ? `${extra.serverErrorRate * 100}% 500s after the latency` : '',
    extra.rateLimitRate ? `${extra.rateLimitRate * 100}% injected 429s` : '',
  ].filter(Boolean);
  return {
    name: `${limit} in flight allowed, asked ${asked}${label}`,
    conditions: `${latencyMs} ms latency; beyond ${limit} in flight: 429 + Retry-After ${retryAfterMs / 1000} s${faults.length ? `; ${faults.join(', ')}` : ''}; ${calls} calls at once`,
    target: '>= 0.9, none lost',
    minRatio: 0.9,
    run: async (rep) => {
      const endpoint = createSimulatedEndpoint({ spec: 'sim:bench', latencyMs, concurrency: limit, retryAfterMs, isLocal: false, seed: rep + 1, ...extra });
      const { ok, seconds } = await batch(stack(endpoint, asked), calls);
      const s = endpoint.stats();
      return { ratio: ok / seconds / ((limit * 1000) / latencyMs), calls, lost: calls - ok, refused: s.overLimit + s.injectedRateLimits, sent: s.calls, seconds };
    },
  };
}

function rateSetting(name: string, dialect: 'openai' | 'anthropic', limit: { requestsPerMinute?: number; tokensPerMinute?: number }, calls: number): LimitSetting {
  const latencyMs = 100;
  const tokenCost = Math.ceil(`${PROMPT} #100`.length / CHARS_PER_TOKEN) + MAX_TOKENS;
  const burstRequests = 10;
  const burstTokens = 10 * tokenCost;
  const what = limit.requestsPerMinute ? `${limit.requestsPerMinute} requests/min (token bucket of ${burstRequests})` : `${limit.tokensPerMinute} tokens/min (bucket of ${burstTokens}; a call costs ~${tokenCost}: prompt/4 + max tokens)`;
  const headers = dialect === 'openai' ? 'OpenAI x-ratelimit-* headers on every answer, retry-after-ms on 429s' : 'Anthropic anthropic-ratelimit-* headers on every answer, Retry-After in whole seconds on 429s';
  return {
    name,
    conditions: `${what}; ${headers}; ${latencyMs} ms latency; asked 16; ${calls} calls at once`,
    target: '>= 0.9 of the rate, <= 10% refused, none lost',
    minRatio: 0.9,
    maxRefusedShare: 0.1,
    run: async () => {
      const endpoint = createSimulatedEndpoint({
        spec: 'sim:bench', latencyMs, concurrency: 10_000, isLocal: false,
        rateLimit: { dialect, requestBurst: burstRequests, tokenBurst: burstTokens, ...limit },
      });
      const { ok, seconds } = await batch(stack(endpoint, 16), calls);
      const s = endpoint.stats();
      const busy = Math.max(0, seconds - latencyMs / 1000);
      const ratio = limit.requestsPerMinute
        ? ok / (burstRequests + (limit.requestsPerMinute / 60) * busy)
        : (ok * tokenCost) / (burstTokens + ((limit.tokensPerMinute ?? 0) / 60) * busy);
      return { ratio, calls, lost: calls - ok, refused: s.rateRefused, sent: s.calls, seconds };
    },
  };
}

function optimizeSetting(): LimitSetting {
  const latencyMs = 100;
  const limit = 4;
  return {
    name: 'whole optimize, 5% 500s, asked = allowed (4)',
    conditions: `opro optimize on 40 GSM8K questions, 2 steps x 8 candidates, no held-out evaluation; scorer and optimizer on one endpoint: ${latencyMs} ms latency, 4 in flight allowed (429 + Retry-After 1 s beyond), 5% 500s after the latency`,
    target: '>= 0.85, none lost',
    minRatio: 0.85,
    run: async (rep) => {
      let proposals = 0;
      const endpoint = createSimulatedEndpoint({
        spec: 'sim:bench', latencyMs, concurrency: limit, retryAfterMs: 1000, serverErrorRate: 0.05, isLocal: false, seed: rep + 1,
        respond: (r) => (r.temperature === 0 ? 'The answer is 72.' : `<INS>Work it out step by step, variant ${letters(rep * 1000 + (proposals += 1))}.</INS>`),
      });
      const registry = new RateLimitRegistry();
      const meter = new UsageMeter();
      const endpoints: ScheduledModel[] = [];
      const role = (name: 'scorer' | 'optimizer'): LanguageModel =>
        buildModelStack({ base: endpoint, role: name, meter, scheduler: { concurrency: limit }, registry, onEndpoint: (e) => endpoints.push(e) });
      const started = performance.now();
      await optimize({ dataset: 'gsm8k', datasetOptions: { dataDir: SHARED_DATASETS }, trainLimit: 40, steps: 2, candidatesPerStep: 8, evalSplit: 'none', scorer: role('scorer'), optimizer: role('optimizer') });
      const seconds = (performance.now() - started) / 1000;
      const s = endpoint.stats();
      const usage = meter.snapshot().total;
      // The endpoint's busy span: from the first call to the last answer (loading the dataset is not endpoint time).
      const activeSeconds = (endpoints[0]?.endpointFigures().activeMs ?? seconds * 1000) / 1000;
      return { ratio: s.succeeded / activeSeconds / ((limit * 1000) / latencyMs), calls: usage.calls, lost: usage.failed, refused: s.overLimit, sent: s.calls, seconds };
    },
  };
}

function hungSetting(): LimitSetting {
  const latencyMs = 100;
  const limit = 4;
  const timeoutMs = 3000;
  return {
    name: 'two endpoints, one hangs',
    conditions: `two endpoints of one model, each 4 in flight; one accepts calls and never answers, the other answers in ${latencyMs} ms; --timeout ${timeoutMs / 1000} s (the default is 120 s); ${BATCH} calls at once`,
    target: 'timeouts fire, none lost',
    minRatio: 0,
    run: async () => {
      const hung = createSimulatedEndpoint({ spec: 'sim:bench', latencyMs, concurrency: limit, hang: true, isLocal: false });
      const live = createSimulatedEndpoint({ spec: 'sim:bench', latencyMs, concurrency: limit, isLocal: false });
      const endpoints: ScheduledModel[] = [];
      const model = stack([hung, live], limit, { timeoutMs }, (e) => endpoints.push(e));
      const { ok, seconds } = await batch(model, BATCH);
      const timeouts = endpoints.reduce((sum, e) => sum + e.endpointFigures().timeouts, 0);
      return { ratio: ok / seconds / ((limit * 1000) / latencyMs), calls: BATCH, lost: BATCH - ok, refused: 0, sent: hung.stats().calls + live.stats().calls, seconds, timeouts };
    },
  };
}

export const SETTINGS: LimitSetting[] = [
  concurrencySetting(8),
  concurrencySetting(16),
  concurrencySetting(64),
  concurrencySetting(4, { serverErrorRate: 0.05 }, ', 5% 500s'),
  concurrencySetting(8, { concurrency: 8, latencyMs: 50, retryAfterMs: 50, rateLimitRate: 0.02 }, ', 2% 429s injected'),
  concurrencySetting(32, { concurrency: 32, latencyMs: 20, retryAfterMs: 1000 }),
  rateSetting('1200 requests/min, OpenAI headers', 'openai', { requestsPerMinute: 1200 }, 200),
  rateSetting('1200 requests/min, Anthropic headers', 'anthropic', { requestsPerMinute: 1200 }, 200),
  rateSetting('tokens/min limit, OpenAI headers', 'openai', { tokensPerMinute: 120_000 }, 200),
  optimizeSetting(),
  hungSetting(),
];

function summarize(setting: LimitSetting, reps: LimitRep[]): LimitResult {
  const ratios = reps.map((r) => r.ratio).sort((a, b) => a - b);
  const lost = reps.reduce((sum, r) => sum + r.lost, 0);
  const refusedShare = Math.max(...reps.map((r) => (r.sent > 0 ? r.refused / r.sent : 0)));
  const min = ratios[0] ?? 0;
  const hungOk = setting.name !== 'two endpoints, one hangs' || reps.every((r) => (r.timeouts ?? 0) > 0);
  const pass = min >= setting.minRatio && lost === 0 && refusedShare <= (setting.maxRefusedShare ?? 1) && hungOk;
  return {
    name: setting.name, conditions: setting.conditions, target: setting.target, reps,
    min, max: ratios[ratios.length - 1] ?? 0, median: ratios[Math.floor(ratios.length / 2)] ?? 0,
    lost, refusedShare, status: pass ? 'pass' : 'FAIL',
  };
}

export async function runLimitsBench(only?: string): Promise<LimitResult[]> {
  const results: LimitResult[] = [];
  for (const setting of SETTINGS) {
    if (only && !setting.name.includes(only)) continue;
    const reps: LimitRep[] = [];
    for (let i = 0; i < REPS; i += 1) reps.push(await setting.run(i));
    const result = summarize(setting, reps);
    results.push(result);
    console.log(`${result.status}  ${setting.name}: ratio ${result.min.toFixed(3)}-${result.max.toFixed(3)}, lost ${result.lost}, refused <= ${(result.refusedShare * 100).toFixed(1)}%, ${reps.map((r) => r.seconds.toFixed(1)).join('/')} s`);
  }
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ date: new Date().toISOString(), reps: REPS, results }, null, 2)}\n`);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runLimitsBench(process.argv[2]);
}
