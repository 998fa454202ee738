/**
 * Embedded inference benchmark: scorer-style calls through the node-llama-cpp provider with 1 and
 * with N parallel sequences of one context, on the tiny random-weights test model. Parallel
 * sequences let llama.cpp batch the decoding of concurrent calls; the figure is the ratio of
 * calls/second with N sequences to calls/second with 1, which does not depend on how fast the
 * machine is. Random weights: only throughput is measured, never what the model says.
 *
 * On a small CPU box the timings are noisy (llama.cpp's worker threads compete with Node's main
 * thread for the same cores), so the settings are measured in TRIALS interleaved rounds and each
 * figure is the median over the rounds; the ratio is the median of the per-round ratios.
 *
 * Run: node --import tsx bench/embedded.ts   (writes bench/results/embedded.json)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLlamaCppModel } from '../src/models/providers/llamacpp.js';

const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'embedded.json');
export const TINY_MODEL = process.env.OPRO_SHARED_DIR ? `${process.env.OPRO_SHARED_DIR}/models/llama-2-tiny-random.gguf` : fileURLToPath(new URL('../../shared/models/llama-2-tiny-random.gguf', import.meta.url));
export const SEQUENCE_COUNTS = [1, 2, 4] as const;
/** Calls per setting and round: a multiple of every sequence count, so no batch is half empty. */
const CALLS = 8;
const TRIALS = 3;
const WARMUP_CALLS = 2;
/** Output tokens per call: a short scorer answer ("The answer is 42."). */
const MAX_TOKENS = 16;
const CONTEXT_TOKENS = 512;
const PROMPT = 'Q: Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did she sell altogether?\nA:';

export interface EmbeddedPoint {
  sequences: number;
  calls: number;
  failed: number;
  seconds: number;
  callsPerSecond: number;
  outputTokensPerSecond: number;
  peakBusy: number;
  /** Median over the rounds of (calls/second with this many sequences / with 1 in the same round). */
  ratio: number;
  /** The per-round ratios, to show the spread. */
  ratios: number[];
}

export interface EmbeddedBenchResult {
  model: string;
  points: EmbeddedPoint[];
  skipped?: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function measure(sequences: number): Promise<Omit<EmbeddedPoint, 'ratio' | 'ratios'>> {
  // CPU only: the figure must not depend on whether this machine has a GPU.
  const model = createLlamaCppModel(TINY_MODEL, { parallel: sequences, contextSize: CONTEXT_TOKENS, mode: 'completion', gpu: false });
  try {
    const call = (i: number) => model.generate({ prompt: `${PROMPT} (${i})`, temperature: 0, maxTokens: MAX_TOKENS });
    await Promise.all(Array.from({ length: WARMUP_CALLS }, (_, i) => call(-1 - i)));
    const started = performance.now();
    const outcomes = await Promise.all(Array.from({ length: CALLS }, (_, i) => call(i)));
    const seconds = (performance.now() - started) / 1000;
    const outputTokens = outcomes.reduce((sum, o) => sum + (o.ok ? o.usage.outputTokens : 0), 0);
    return {
      sequences,
      calls: CALLS,
      failed: outcomes.filter((o) => !o.ok).length,
      seconds,
      callsPerSecond: CALLS / seconds,
      outputTokensPerSecond: outputTokens / seconds,
      peakBusy: model.sequenceStats().peakBusy,
    };
  } finally {
    await model.dispose();
  }
}

export async function runEmbeddedBench(): Promise<EmbeddedBenchResult> {
  if (!existsSync(TINY_MODEL)) {
    const skipped = `the test model ${TINY_MODEL} is missing`;
    console.log(`Embedded inference: skipped (${skipped})`);
    return { model: TINY_MODEL, points: [], skipped };
  }
  type Raw = Omit<EmbeddedPoint, 'ratio' | 'ratios'>;
  const rounds: Raw[][] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const round: Raw[] = [];
    for (const sequences of SEQUENCE_COUNTS) round.push(await measure(sequences));
    rounds.push(round);
  }
  const points: EmbeddedPoint[] = SEQUENCE_COUNTS.map((sequences, i) => {
    const runs = rounds.map((round) => round[i] as Raw);
    const ratios = rounds.map((round) => (round[i] as Raw).callsPerSecond / (round[0] as Raw).callsPerSecond);
    return {
      sequences,
      calls: runs.reduce((sum, r) => sum + r.calls, 0),
      failed: runs.reduce((sum, r) => sum + r.failed, 0),
      seconds: runs.reduce((sum, r) => sum + r.seconds, 0),
      callsPerSecond: median(runs.map((r) => r.callsPerSecond)),
      outputTokensPerSecond: median(runs.map((r) => r.outputTokensPerSecond)),
      peakBusy: Math.max(...runs.map((r) => r.peakBusy)),
      ratio: median(ratios),
      ratios,
    };
  });
  console.log('\nEmbedded inference (node-llama-cpp, tiny random model, CPU; ratio = calls/s with N sequences / with 1)');
  console.table(
    points.map((p) => ({
      sequences: p.sequences,
      calls: p.calls,
      failed: p.failed,
      'calls/s': p.callsPerSecond.toFixed(1),
      'output tok/s': p.outputTokensPerSecond.toFixed(0),
      'peak busy': p.peakBusy,
      'median ratio': p.ratio.toFixed(2),
      'per-round ratios': p.ratios.map((r) => r.toFixed(2)).join(' '),
    })),
  );
  const result: EmbeddedBenchResult = { model: TINY_MODEL, points };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, maxTokens: MAX_TOKENS, trials: TRIALS, ...result }, null, 2)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runEmbeddedBench();
}
