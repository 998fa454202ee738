/**
 * Memory and store-size benchmark: one instruction-optimization run of N scorer evaluations through
 * the real engine, the instruction problem (prompting, grading) and the store recorder (SQLite,
 * every example graded written as a row), with a zero-latency scripted scorer and optimizer. The
 * scorer costs nothing, so what is measured is opro's own footprint.
 *
 * Each size runs in a fresh child process, so peak RSS (process.resourceUsage().maxRSS) belongs to
 * that size alone. Peak heap is sampled every HEAP_SAMPLE_EVERY events; the retained heap is read
 * after a forced GC at the end of the run, with the result still referenced. "Flat" means the run
 * holds no per-evaluation state: peak RSS at the largest size within FLAT_RSS_RATIO of the smallest.
 *
 * Run: node --import tsx bench/memory.ts   (writes bench/results/memory.json)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Dataset } from '../src/datasets/types.js';
import { createScriptedModel } from '../src/models/scripted.js';
import { optimize } from '../src/optimize/optimize.js';
import { RunStore } from '../src/store/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = join(HERE, 'results', 'memory.json');
/** GSM8K's training subset at the reference's 3.5%: 261 examples per candidate. */
const TRAIN_EXAMPLES = 261;
const CANDIDATES_PER_STEP = 8;
export const MEMORY_SIZES = [25_000, 50_000, 100_000] as const;
const HEAP_SAMPLE_EVERY = 2_000;
/** Peak RSS at 4x the evaluations within this factor of the smallest run = flat. */
export const FLAT_RSS_RATIO = 1.25;
const CHILD_FLAG = '--memory-child';

export interface MemoryPoint {
  /** Evaluations requested; the run does whole steps of 8 candidates x 261 examples, so slightly more. */
  target: number;
  evaluations: number;
  candidates: number;
  seconds: number;
  /** CPU time (user + system) of the whole run per evaluation: engine, prompting, grading and store. */
  cpuMicrosPerEvaluation: number;
  /** RSS of the child once Node, tsx and opro's modules are loaded, before the run: the floor. */
  startRssBytes: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  /** Heap in use after a forced GC at the end, with the run's result still referenced. */
  retainedHeapBytes: number;
  storeBytes: number;
  storeBytesPerEvaluation: number;
}

export interface MemoryBenchResult {
  points: MemoryPoint[];
  /** Peak RSS at the largest size / at the smallest. */
  rssRatio: number;
  /** (retained heap at the largest − at the smallest) / extra evaluations. */
  retainedBytesPerExtraEvaluation: number;
  flat: boolean;
}

function dataset(): Dataset {
  const pool = Array.from({ length: TRAIN_EXAMPLES }, (_, index) => ({
    index,
    question: `Natalia sold clips to ${index + 40} of her friends in April, and then she sold half as many clips in May. How many clips did she sell altogether?`,
    target: String(index * 3),
  }));
  return { id: 'file:memory-bench', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'math', pool, heldOut: null, contentHash: 'memory-bench', source: 'memory' };
}

/** Right or wrong from a cheap hash of the prompt, so scores vary like a real trajectory. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

async function measureOne(target: number): Promise<MemoryPoint> {
  const startRssBytes = process.memoryUsage.rss();
  const dir = mkdtempSync(join(tmpdir(), 'opro-memory-'));
  const storePath = join(dir, 'runs.sqlite');
  const candidates = Math.ceil(target / TRAIN_EXAMPLES);
  const steps = Math.ceil((candidates - 1) / CANDIDATES_PER_STEP);
  let events = 0;
  let peakHeap = 0;
  let evaluations = 0;
  const sample = (): void => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const store = RunStore.open(storePath);
  try {
    const runId = store.createRun({ kind: 'instructions', dataset: 'memory-bench', scorer: 'scripted:bench', optimizer: 'scripted:bench', config: {}, manifest: {} });
    const record = store.recorder(runId);
    const scorer = createScriptedModel({ spec: 'scripted:bench', respond: (r) => `The answer is ${hash(r.prompt) % 3 === 0 ? 'unknown' : String(hash(r.prompt) % 500)}.` });
    let proposals = 0;
    const optimizer = createScriptedModel({ spec: 'scripted:bench', respond: () => `<INS>Think about the quantities, variant ${(proposals += 1)}, then answer.</INS>` });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await optimize({
      dataset: dataset(),
      scorer,
      optimizer,
      steps,
      candidatesPerStep: CANDIDATES_PER_STEP,
      maxExtraDraws: 0,
      trainRatio: 1,
      evalSplit: 'none',
      onEvent: (event) => {
        if (event.type === 'problem' && event.event.type === 'example-evaluated') evaluations += 1;
        if (++events % HEAP_SAMPLE_EVERY === 0) sample();
        (record as unknown as (e: unknown) => void)(event);
      },
    });
    record.close();
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (performance.now() - started) / 1000;
    sample();
    (globalThis as { gc?: () => void }).gc?.();
    const retainedHeapBytes = process.memoryUsage().heapUsed;
    if (result.history.length < candidates) throw new Error(`the run scored ${result.history.length} candidates, expected ${candidates}`);
    store.close();
    const storeBytes = readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
    return {
      target,
      evaluations,
      candidates: result.history.length,
      seconds,
      cpuMicrosPerEvaluation: (cpu.user + cpu.system) / evaluations,
      startRssBytes,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      peakHeapBytes: peakHeap,
      retainedHeapBytes,
      storeBytes,
      storeBytesPerEvaluation: storeBytes / evaluations,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One child process per size; each prints its MemoryPoint as JSON. */
export async function runMemoryBench(sizes: readonly number[] = MEMORY_SIZES): Promise<MemoryBenchResult> {
  const points: MemoryPoint[] = [];
  for (const size of sizes) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url), CHILD_FLAG, String(size)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    points.push(JSON.parse(out.trim().split('\n').at(-1) as string) as MemoryPoint);
  }
  const first = points[0] as MemoryPoint;
  const last = points[points.length - 1] as MemoryPoint;
  const rssRatio = last.peakRssBytes / first.peakRssBytes;
  const result: MemoryBenchResult = {
    points,
    rssRatio,
    retainedBytesPerExtraEvaluation: (last.retainedHeapBytes - first.retainedHeapBytes) / Math.max(1, last.evaluations - first.evaluations),
    flat: rssRatio <= FLAT_RSS_RATIO,
  };
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  console.log('\nMemory and store size (zero-latency scripted models, real engine + instruction problem + store recorder)');
  console.table(
    points.map((p) => ({
      evaluations: p.evaluations,
      candidates: p.candidates,
      seconds: p.seconds.toFixed(1),
      'cpu µs/eval': p.cpuMicrosPerEvaluation.toFixed(0),
      'start RSS MB': mb(p.startRssBytes),
      'peak RSS MB': mb(p.peakRssBytes),
      'peak heap MB': mb(p.peakHeapBytes),
      'retained heap MB': mb(p.retainedHeapBytes),
      'store MB': mb(p.storeBytes),
      'store B/eval': p.storeBytesPerEvaluation.toFixed(0),
    })),
  );
  console.log(`peak RSS ratio ${rssRatio.toFixed(2)} for ${(last.evaluations / first.evaluations).toFixed(1)}x the evaluations: ${result.flat ? 'flat' : 'NOT flat'}`);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...result }, null, 2)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const childAt = process.argv.indexOf(CHILD_FLAG);
  if (childAt >= 0) {
    const point = await measureOne(Number(process.argv[childAt + 1]));
    process.stdout.write(`${JSON.stringify(point)}\n`);
  } else {
    await runMemoryBench();
  }
}
