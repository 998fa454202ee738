/**
 * CPU overhead per model call of the middleware stack: a zero-latency endpoint, so the only work is
 * opro's own (process.cpuUsage, user + system), minus the same calls made to the bare endpoint.
 *
 * Run: node --import tsx bench/cpu-overhead.ts   (writes bench/results/cpu-overhead.json)
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

const CPU_CALLS = 20_000;
const PROMPT = 'Q: Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did she sell altogether?\nA:';
const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'cpu-overhead.json');

export interface CpuResult {
  name: string;
  calls: number;
  cpuMicrosPerCall: number;
  overheadMicrosPerCall: number;
}

function request(i: number, distinct = true): GenerateRequest {
  return { prompt: distinct ? `${PROMPT} #${i}` : PROMPT, temperature: 0, maxTokens: 64 };
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

export async function runCpuBench(): Promise<CpuResult[]> {
  const cpu = await measureCpu();
  console.log('CPU per call (zero-latency endpoint; overhead = minus the bare endpoint)');
  console.table(cpu.map((r) => ({ stack: r.name, 'cpu µs/call': r.cpuMicrosPerCall.toFixed(1), 'overhead µs/call': r.overheadMicrosPerCall.toFixed(1) })));
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu }, null, 2)}\n`);
  return cpu;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCpuBench();
}
