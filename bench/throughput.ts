/**
 * Throughput benchmark of the model wrappers against simulated endpoints.
 *
 * 1. Evaluations per second as a ratio to the endpoint's limit (concurrency / latency): all calls
 *    are submitted at once, as OPRO does when it scores a step's candidates, and we time how long
 *    the batch takes. 1.0 means the scheduler kept every slot of the endpoint busy.
 * 2. CPU overhead per call of the wrapper stack, with a zero-latency endpoint (process.cpuUsage,
 *    user + system), minus the same calls made to the bare endpoint.
 *
 * Run: node --import tsx bench/throughput.ts   (writes bench/results/throughput.json)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SqliteCallCache } from '../src/models/cache/sqlite-call-cache.js';
import { createSimulatedEndpoint } from '../src/models/simulated.js';
import { buildModelStack } from '../src/models/stack.js';
import type { GenerateRequest, LanguageModel } from '../src/models/types.js';
import { Budget } from '../src/models/wrappers/budget.js';
import { UsageMeter } from '../src/models/wrappers/meter.js';
import type { SchedulerOptions } from '../src/models/wrappers/scheduler.js';

/** Each throughput setting runs about this long at the ideal rate. */
const TARGET_SECONDS = 2;
const CPU_CALLS = 20_000;
const PROMPT = 'Q: Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did she sell altogether?\nA:';
const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'throughput.json');

interface ThroughputSetting {
  name: string;
  endpoints: number;
  endpointConcurrency: number;
  latencyMs: number;
  schedulerConcurrency: number;
  rateLimitRate?: number;
  serverErrorRate?: number;
  retryAfterMs?: number;
  /** Endpoints (from the last) that are down: every call fails with a network error. */
  deadEndpoints?: number;
}

const SETTINGS: ThroughputSetting[] = [
  { name: 'limit 8, 50 ms', endpoints: 1, endpointConcurrency: 8, latencyMs: 50, schedulerConcurrency: 8 },
  { name: 'limit 32, 20 ms', endpoints: 1, endpointConcurrency: 32, latencyMs: 20, schedulerConcurrency: 32 },
  { name: 'limit 8, scheduler set to 16 (adapts)', endpoints: 1, endpointConcurrency: 8, latencyMs: 50, schedulerConcurrency: 16, retryAfterMs: 50 },
  { name: 'limit 8, 5% 500s injected', endpoints: 1, endpointConcurrency: 8, latencyMs: 50, schedulerConcurrency: 8, serverErrorRate: 0.05 },
  { name: 'limit 8, 2% 429s injected (50 ms Retry-After)', endpoints: 1, endpointConcurrency: 8, latencyMs: 50, schedulerConcurrency: 8, rateLimitRate: 0.02, retryAfterMs: 50 },
  { name: '3 endpoints x limit 8, 50 ms', endpoints: 3, endpointConcurrency: 8, latencyMs: 50, schedulerConcurrency: 8 },
  { name: '3 endpoints, 1 down (ideal = 2 live)', endpoints: 3, endpointConcurrency: 8, latencyMs: 50, schedulerConcurrency: 8, deadEndpoints: 1 },
];

export interface ThroughputResult extends ThroughputSetting {
  calls: number;
  failed: number;
  seconds: number;
  evalsPerSecond: number;
  idealPerSecond: number;
  ratio: number;
  endpointRejections: number;
}

export interface CpuResult {
  name: string;
  calls: number;
  cpuMicrosPerCall: number;
  overheadMicrosPerCall: number;
}

function request(i: number, distinct = true): GenerateRequest {
  return { prompt: distinct ? `${PROMPT} #${i}` : PROMPT, temperature: 0, maxTokens: 64 };
}

/** Scheduler settings for the bench: short backoff base so a retried call does not dominate 2 s. */
function schedulerFor(setting: ThroughputSetting): SchedulerOptions {
  return { concurrency: setting.schedulerConcurrency, maxRetries: 6, baseDelayMs: 50, maxDelayMs: 1000 };
}

async function measureThroughput(setting: ThroughputSetting): Promise<ThroughputResult> {
  const live = setting.endpoints - (setting.deadEndpoints ?? 0);
  const idealPerSecond = (live * setting.endpointConcurrency * 1000) / setting.latencyMs;
  const calls = Math.round(idealPerSecond * TARGET_SECONDS);
  const endpoints = Array.from({ length: setting.endpoints }, (_, i) =>
    createSimulatedEndpoint({
      spec: 'sim:bench',
      latencyMs: setting.latencyMs,
      concurrency: setting.endpointConcurrency,
      seed: i + 1,
      ...(setting.rateLimitRate !== undefined ? { rateLimitRate: setting.rateLimitRate } : {}),
      ...(setting.serverErrorRate !== undefined ? { serverErrorRate: setting.serverErrorRate } : {}),
      ...(setting.retryAfterMs !== undefined ? { retryAfterMs: setting.retryAfterMs } : {}),
      ...(i >= live ? { networkErrorRate: 1 } : {}),
    }),
  );
  // The dead endpoint is listed first, so the router meets it before the live ones.
  const model = buildModelStack({ base: [...endpoints].reverse(), role: 'scorer', meter: new UsageMeter(), budget: new Budget({}), scheduler: schedulerFor(setting) });
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: calls }, (_, i) => model.generate(request(i))));
  const seconds = (performance.now() - started) / 1000;
  const evalsPerSecond = calls / seconds;
  return {
    ...setting,
    calls,
    failed: outcomes.filter((o) => !o.ok).length,
    seconds,
    evalsPerSecond,
    idealPerSecond,
    ratio: evalsPerSecond / idealPerSecond,
    endpointRejections: endpoints.reduce((sum, e) => sum + e.stats().overLimit, 0),
  };
}

async function cpuPerCall(model: LanguageModel, calls: number, distinct: boolean): Promise<number> {
  const before = process.cpuUsage();
  // In waves, as the engine does, so the queue stays realistic and memory flat.
  const WAVE = 500;
  for (let start = 0; start < calls; start += WAVE) {
    await Promise.all(Array.from({ length: Math.min(WAVE, calls - start) }, (_, k) => model.generate(request(start + k, distinct))));
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

async function measureCpu(): Promise<CpuResult[]> {
  const fastEndpoint = () => createSimulatedEndpoint({ spec: 'sim:cpu', latencyMs: 0, concurrency: Number.MAX_SAFE_INTEGER });
  const scheduler: SchedulerOptions = { concurrency: 64 };
  const dir = mkdtempSync(join(tmpdir(), 'opro-bench-'));
  try {
    const variants: { name: string; build: () => LanguageModel; distinct: boolean }[] = [
      { name: 'bare endpoint (baseline)', build: fastEndpoint, distinct: true },
      { name: 'scheduler only', build: () => buildModelStack({ base: fastEndpoint(), role: 'scorer', scheduler }), distinct: true },
      {
        name: 'meter + budget + scheduler',
        build: () => buildModelStack({ base: fastEndpoint(), role: 'scorer', meter: new UsageMeter(), budget: new Budget({ maxCalls: 1e9 }), scheduler }),
        distinct: true,
      },
      {
        name: 'full stack, sqlite cache misses',
        build: () =>
          buildModelStack({
            base: fastEndpoint(),
            role: 'scorer',
            meter: new UsageMeter(),
            budget: new Budget({ maxCalls: 1e9 }),
            cache: SqliteCallCache.open(join(dir, 'miss.sqlite')),
            scheduler,
          }),
        distinct: true,
      },
      {
        name: 'full stack, sqlite cache hits',
        build: () =>
          buildModelStack({
            base: fastEndpoint(),
            role: 'scorer',
            meter: new UsageMeter(),
            budget: new Budget({ maxCalls: 1e9 }),
            cache: SqliteCallCache.open(join(dir, 'miss.sqlite')), // filled by the previous variant
            scheduler,
          }),
        distinct: true,
      },
    ];
    const results: CpuResult[] = [];
    let baseline = 0;
    for (const variant of variants) {
      const model = variant.build();
      await cpuPerCall(model, 1000, variant.distinct); // warm-up (JIT), also pre-fills the cache for "hits"
      const micros = await cpuPerCall(model, CPU_CALLS, variant.distinct);
      if (results.length === 0) baseline = micros;
      results.push({ name: variant.name, calls: CPU_CALLS, cpuMicrosPerCall: micros, overheadMicrosPerCall: micros - baseline });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runThroughputBench(): Promise<{ throughput: ThroughputResult[]; cpu: CpuResult[] }> {
  const throughput: ThroughputResult[] = [];
  for (const setting of SETTINGS) throughput.push(await measureThroughput(setting));
  const cpu = await measureCpu();

  console.log('\nThroughput (all calls submitted at once; ratio = achieved / (concurrency / latency))');
  console.table(
    throughput.map((r) => ({
      setting: r.name,
      calls: r.calls,
      failed: r.failed,
      'evals/s': r.evalsPerSecond.toFixed(1),
      'ideal/s': r.idealPerSecond.toFixed(0),
      ratio: r.ratio.toFixed(3),
      '429s from endpoint': r.endpointRejections,
    })),
  );
  console.log('CPU per call (zero-latency endpoint; overhead = minus the bare endpoint)');
  console.table(cpu.map((r) => ({ stack: r.name, 'cpu µs/call': r.cpuMicrosPerCall.toFixed(1), 'overhead µs/call': r.overheadMicrosPerCall.toFixed(1) })));

  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, platform: `${process.platform}-${process.arch}`, throughput, cpu };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${RESULTS_FILE}`);
  return { throughput, cpu };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runThroughputBench();
}
