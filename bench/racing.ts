/**
 * Racing benchmark: the same OPRO run (optimize(), scripted models, an in-memory dataset of 261
 * training examples like GSM8K's 3.5%) with and without racing, over many seeds. Reports the scorer
 * calls saved and how often racing ends with the same best instruction and the same top-K set.
 *
 * The synthetic world, chosen to look like a real OPRO trajectory (paper Fig. 1/5: most candidates
 * well below the best, a few good ones close to it, the best creeping up step by step):
 * - every instruction carries its true accuracy in its text; the scorer answers each example right
 *   with that probability, drawn once per (instruction, example), so its score on the 261 examples is
 *   fixed (a temperature-0 scorer);
 * - the optimizer READS the meta-prompt: with probability P_GOOD it proposes a "good" candidate close to
 *   the best score shown (sometimes a little better), otherwise an ordinary one uniform in 0.3-0.7. Its
 *   random draws are seeded by the engine's per-call seed AND a hash of the meta-prompt, so a racing run
 *   proposes exactly what the full run proposes as long as its meta-prompts are identical, and drifts
 *   off as soon as racing changes one.
 * The best climbs from 0.55 to ~0.92 (median) in 20 steps, faster than the paper's GSM8K runs; a
 * rising bar favours racing, so if anything this world flatters it.
 *
 * Besides the calls saved, the table shows the ceiling: an oracle racer that knows every full score and
 * pays only the first round for each candidate it drops, on the full run's trajectory. Racing may drop
 * only below the top-K bar, and the first 20 or so candidates (until the top-K is full) are always
 * scored fully, so no sound racer can beat that column. Racing becomes the default only with >= 2x
 * fewer calls and the same best instruction in >= 95% of seeds.
 *
 * Run: node --import tsx bench/racing.ts   (writes bench/results/racing.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Dataset } from '../src/datasets/types.js';
import { createScriptedModel } from '../src/models/scripted.js';
import { ZERO_USAGE } from '../src/models/outcome.js';
import { type CallOutcome, type GenerateRequest, type LanguageModel } from '../src/models/types.js';
import { optimize, type OptimizeResult } from '../src/optimize/optimize.js';
import { isPartialEntry } from '../src/problems/instructions/partial.js';
import { DEFAULT_RACING_CONFIDENCE, DEFAULT_RACING_FIRST_ROUND } from '../src/problems/instructions/racing.js';
import { createRng, deriveSeed } from '../src/util/random.js';
import { renderTextTable } from '../src/util/text-table.js';

const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'racing.json');

export const BENCH_SEEDS = 50;
const TRAIN_SIZE = 261;
const STEPS = 20;
const CANDIDATES = 8;
/** The meta-prompt's top-K (the reference's 20). */
const TOP_K = 20;
const INITIAL_ACCURACY = 0.55;
/** Share of proposals that are "good": close to the best score the meta-prompt shows. */
const P_GOOD = 0.25;
/** A good candidate lands in [best - GOOD_BELOW, best + GOOD_ABOVE]: a few close together, the best creeping up. */
const GOOD_BELOW = 0.06;
const GOOD_ABOVE = 0.03;
const MAX_ACCURACY = 0.95;
/** Steps from here on count as "steady state" (the top-K has long been full). */
const STEADY_FROM_STEP = 10;
const ORDINARY_LOW = 0.3;
const ORDINARY_HIGH = 0.7;

/** The true accuracy rides in the instruction's text, so the scorer needs no shared state. */
function instructionText(id: string, accuracy: number): string {
  return `Work it out carefully, approach ${id} [acc ${accuracy.toFixed(4)}]`;
}

function accuracyOf(instruction: string): number {
  const match = /\[acc ([0-9.]+)\]$/.exec(instruction);
  return match ? Number(match[1]) : INITIAL_ACCURACY;
}

/** Per instruction, which examples it gets right: drawn once, so every call is a lookup (the bench stays fast). */
const answerSheets = new Map<string, Uint8Array>();

/** Whether the scorer answers example `index` right under `instruction`: fixed, like a temperature-0 scorer. */
function answersRight(instruction: string, index: number): boolean {
  let sheet = answerSheets.get(instruction);
  if (!sheet) {
    const accuracy = accuracyOf(instruction);
    const rng = createRng(deriveSeed(0, instruction));
    sheet = Uint8Array.from({ length: TRAIN_SIZE }, () => (rng.next() < accuracy ? 1 : 0));
    answerSheets.set(instruction, sheet);
  }
  return sheet[index] === 1;
}

/** The accuracy a full evaluation gives (what racing's bound is about). */
export function fullScore(instruction: string, train: readonly number[]): number {
  return train.filter((index) => answersRight(instruction, index)).length / train.length;
}

function syntheticDataset(): Dataset {
  const pool = Array.from({ length: TRAIN_SIZE }, (_, index) => ({ index, question: `How many marbles are in bag number ${index}?`, target: String(index + 7) }));
  return { id: 'file:marbles', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'counting marbles', pool, heldOut: null, contentHash: 'bench', source: 'memory' };
}

/** A bare LanguageModel (no token counting, no timers): the bench makes millions of scorer calls. */
function syntheticScorer(dataset: Dataset): { model: LanguageModel; calls: () => number } {
  const byQuestion = new Map(dataset.pool.map((example) => [example.question, example]));
  let calls = 0;
  const model: LanguageModel = {
    spec: 'scripted:bench-scorer',
    provider: 'scripted',
    modelId: 'bench-scorer',
    isLocal: true,
    async generate(request: GenerateRequest): Promise<CallOutcome> {
      calls += 1;
      // Q_begin without Q:/A: markers: "<instruction>\n<question>".
      const cut = request.prompt.lastIndexOf('\n');
      const instruction = cut >= 0 ? request.prompt.slice(0, cut) : '';
      const example = byQuestion.get(request.prompt.slice(cut + 1));
      if (!example) throw new Error(`unknown question in prompt: ${request.prompt}`);
      const text = `The answer is ${answersRight(instruction, example.index) ? example.target : '0'}.`;
      return { ok: true, text, usage: ZERO_USAGE, cached: false, latencyMs: 0 };
    },
  };
  return { model, calls: () => calls };
}

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function syntheticOptimizer(): LanguageModel {
  return createScriptedModel({
    spec: 'scripted:bench-optimizer',
    respond: (request: GenerateRequest) => {
      const shown = [...request.prompt.matchAll(/\nscore:\n(\d+)\n/g)].map((m) => Number(m[1]) / 100);
      const best = shown.length > 0 ? Math.max(...shown) : INITIAL_ACCURACY;
      const rng = createRng(deriveSeed(request.seed ?? 0, hashText(request.prompt)));
      const good = rng.next() < P_GOOD;
      const accuracy = good
        ? Math.min(MAX_ACCURACY, rng.uniform(best - GOOD_BELOW, best + GOOD_ABOVE))
        : rng.uniform(ORDINARY_LOW, ORDINARY_HIGH);
      const id = `${request.seed ?? 0}-${request.sampleIndex ?? 0}`;
      return `<INS>${instructionText(id, accuracy)}</INS>`;
    },
  });
}

export interface BenchConfig {
  seeds: number;
  steps: number;
  candidates: number;
  delta: number;
  firstRound: number;
}

export const DEFAULT_BENCH_CONFIG: BenchConfig = { seeds: BENCH_SEEDS, steps: STEPS, candidates: CANDIDATES, delta: DEFAULT_RACING_CONFIDENCE, firstRound: DEFAULT_RACING_FIRST_ROUND };

async function runOnce(seed: number, racing: boolean, config: BenchConfig): Promise<{ result: OptimizeResult; calls: number }> {
  const dataset = syntheticDataset();
  const scorer = syntheticScorer(dataset);
  const result = await optimize({
    dataset,
    scorer: scorer.model,
    optimizer: syntheticOptimizer(),
    steps: config.steps,
    candidatesPerStep: config.candidates,
    maxInstructions: TOP_K,
    initialInstructions: [instructionText('initial', INITIAL_ACCURACY)],
    trainRatio: 1,
    evalSplit: 'none',
    seed,
    racing,
    racingConfidence: config.delta,
    racingFirstRound: config.firstRound,
  });
  return { result, calls: scorer.calls() };
}

export interface SeedResult {
  seed: number;
  callsFull: number;
  callsRacing: number;
  /** An oracle racer: knows every full score, pays the first round for each candidate it drops. */
  callsOracle: number;
  /** Scorer calls of steps >= STEADY_FROM_STEP, without and with racing. */
  steadyFull: number;
  steadyRacing: number;
  candidates: number;
  dropped: number;
  /** Dropped although the full score would have reached the bar at its step (what delta bounds). */
  wronglyDropped: number;
  sameBest: boolean;
  sameTopK: boolean;
  /** Every full evaluation of the racing run is the full run's, in the same order. */
  sameTrajectory: boolean;
  bestFull: string;
  bestRacing: string;
}

function topKKeys(result: OptimizeResult): string[] {
  return result.ranked.filter((entry) => !entry.partial).slice(0, TOP_K).map((entry) => entry.key).sort();
}

/** The K-th best full score before `step`, or undefined while the top-K is not full (threshold 0). */
function barBefore(history: OptimizeResult['history'], step: number): number | undefined {
  return history.filter((e) => e.step < step && !isPartialEntry(e)).map((e) => e.score).sort((a, b) => b - a)[TOP_K - 1];
}

/** The racing ceiling: what a racer that knew every full score would spend on the full run's trajectory. */
function oracleCalls(full: OptimizeResult, firstRound: number): number {
  return full.history.reduce((sum, entry) => {
    const bar = barBefore(full.history, entry.step);
    return sum + (bar === undefined || entry.score >= bar ? full.trainIndices.length : firstRound);
  }, 0);
}

/** Scorer calls spent on the steps from `fromStep` on (every call answered: the bench scorer never fails). */
function callsFrom(result: OptimizeResult, fromStep: number): number {
  return result.history.filter((e) => e.step >= fromStep).reduce((sum, e) => sum + (e.stats?.total ?? 0), 0);
}

/** Dropped candidates whose full score would have reached the top-K bar of their step's history. */
function countWrongDrops(result: OptimizeResult): number {
  const train = result.trainIndices;
  let wrong = 0;
  for (const entry of result.history) {
    if (!isPartialEntry(entry)) continue;
    const bar = barBefore(result.history, entry.step);
    if (bar !== undefined && fullScore(entry.solution, train) >= bar) wrong += 1;
  }
  return wrong;
}

export async function benchSeed(seed: number, config: BenchConfig): Promise<SeedResult> {
  const full = await runOnce(seed, false, config);
  const raced = await runOnce(seed, true, config);
  const fullKeys = full.result.history.map((e) => e.key);
  const racedFullKeys = raced.result.history.filter((e) => !isPartialEntry(e)).map((e) => e.key);
  const fullScores = new Map(full.result.history.map((e) => [e.key, e.score]));
  return {
    seed,
    callsFull: full.calls,
    callsRacing: raced.calls,
    callsOracle: oracleCalls(full.result, config.firstRound),
    steadyFull: callsFrom(full.result, STEADY_FROM_STEP),
    steadyRacing: callsFrom(raced.result, STEADY_FROM_STEP),
    candidates: raced.result.history.length,
    dropped: raced.result.history.filter(isPartialEntry).length,
    wronglyDropped: countWrongDrops(raced.result),
    sameBest: full.result.ranked[0]?.key === raced.result.ranked[0]?.key,
    sameTopK: topKKeys(full.result).join() === topKKeys(raced.result).join(),
    sameTrajectory:
      fullKeys.length === raced.result.history.length &&
      raced.result.history.every((e, i) => e.key === fullKeys[i] && (isPartialEntry(e) || e.score === fullScores.get(e.key))),
    bestFull: full.result.ranked[0]?.instruction ?? '',
    bestRacing: raced.result.ranked[0]?.instruction ?? '',
  };
}

export interface RacingBenchSummary {
  config: BenchConfig;
  callsFull: number;
  callsRacing: number;
  /** Scorer calls without racing / with racing (2 = half the calls). */
  callsRatio: number;
  worstSeedRatio: number;
  /** Full / oracle calls: no sound racer with this bar can save more on these trajectories. */
  oracleRatio: number;
  /** Full / racing calls over the steps >= STEADY_FROM_STEP: where a long (200-step) run spends its time. */
  steadyStateRatio: number;
  sameBestRate: number;
  sameTopKRate: number;
  sameTrajectoryRate: number;
  candidates: number;
  dropped: number;
  wronglyDropped: number;
  /** The rule for turning racing on by default: >= 2x fewer calls, same best in >= 95% of seeds. */
  earnsDefault: boolean;
}

export const DEFAULT_ON_MIN_RATIO = 2;
export const DEFAULT_ON_MIN_SAME_BEST = 0.95;

function summarize(config: BenchConfig, seeds: readonly SeedResult[]): RacingBenchSummary {
  const sum = (f: (s: SeedResult) => number): number => seeds.reduce((total, s) => total + f(s), 0);
  const rate = (f: (s: SeedResult) => boolean): number => seeds.filter(f).length / seeds.length;
  const callsFull = sum((s) => s.callsFull);
  const callsRacing = sum((s) => s.callsRacing);
  const callsRatio = callsFull / callsRacing;
  const sameBestRate = rate((s) => s.sameBest);
  return {
    config,
    callsFull,
    callsRacing,
    callsRatio,
    worstSeedRatio: Math.min(...seeds.map((s) => s.callsFull / s.callsRacing)),
    oracleRatio: callsFull / sum((s) => s.callsOracle),
    steadyStateRatio: sum((s) => s.steadyFull) / sum((s) => s.steadyRacing),
    sameBestRate,
    sameTopKRate: rate((s) => s.sameTopK),
    sameTrajectoryRate: rate((s) => s.sameTrajectory),
    candidates: sum((s) => s.candidates),
    dropped: sum((s) => s.dropped),
    wronglyDropped: sum((s) => s.wronglyDropped),
    earnsDefault: callsRatio >= DEFAULT_ON_MIN_RATIO && sameBestRate >= DEFAULT_ON_MIN_SAME_BEST,
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

export function formatRacingTable(summaries: readonly RacingBenchSummary[]): string {
  return renderTextTable({
    headers: ['delta', 'first round', 'seeds', 'calls full', 'calls racing', 'ratio', 'worst seed', 'oracle ratio', `ratio steps >= ${STEADY_FROM_STEP}`, 'same best', 'same top-K', 'same trajectory', 'dropped', 'wrongly dropped'],
    rows: summaries.map((s) => [
      String(s.config.delta),
      String(s.config.firstRound),
      String(s.config.seeds),
      String(s.callsFull),
      String(s.callsRacing),
      `${s.callsRatio.toFixed(2)}x`,
      `${s.worstSeedRatio.toFixed(2)}x`,
      `${s.oracleRatio.toFixed(2)}x`,
      `${s.steadyStateRatio.toFixed(2)}x`,
      pct(s.sameBestRate),
      pct(s.sameTopKRate),
      pct(s.sameTrajectoryRate),
      `${s.dropped}/${s.candidates}`,
      String(s.wronglyDropped),
    ]),
  });
}

/** Seeds are independent: split them over the cores (the bench is CPU-bound: ~3.5M scorer calls). */
const MAX_WORKERS = 2;

interface WorkerJob {
  racingBench: true;
  seeds: number[];
  config: BenchConfig;
}

async function benchSeeds(seeds: readonly number[], config: BenchConfig): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  for (const seed of seeds) results.push(await benchSeed(seed, config));
  return results;
}

function inWorker(job: WorkerJob): Promise<SeedResult[]> {
  return new Promise((resolve, reject) => {
    // `--import tsx` does not reach worker threads on Node 20: register tsx in the worker, then load this file.
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
    const worker = new Worker(bootstrap, { eval: true, workerData: job, execArgv: [] });
    worker.once('message', (results: SeedResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`bench worker exited with code ${code}`))));
  });
}

async function allSeeds(config: BenchConfig): Promise<SeedResult[]> {
  const seeds = Array.from({ length: config.seeds }, (_, i) => i);
  const workers = Math.min(MAX_WORKERS, availableParallelism(), seeds.length);
  if (workers <= 1) return benchSeeds(seeds, config);
  const shares = Array.from({ length: workers }, (_, w) => seeds.filter((seed) => seed % workers === w));
  const results = await Promise.all(shares.map((share) => inWorker({ racingBench: true, seeds: share, config })));
  return results.flat().sort((a, b) => a.seed - b.seed);
}

export async function runRacingBench(config: BenchConfig = DEFAULT_BENCH_CONFIG): Promise<{ summary: RacingBenchSummary; seeds: SeedResult[] }> {
  const seeds = await allSeeds(config);
  const summary = summarize(config, seeds);
  console.log(formatRacingTable([summary]));
  console.log(`racing ${summary.earnsDefault ? 'earns' : 'does not earn'} default-on (needs >= ${DEFAULT_ON_MIN_RATIO}x fewer calls and the same best in >= ${pct(DEFAULT_ON_MIN_SAME_BEST)} of seeds)`);
  const report = { date: new Date().toISOString(), node: process.version, world: { trainSize: TRAIN_SIZE, topK: TOP_K, initialAccuracy: INITIAL_ACCURACY, pGood: P_GOOD, goodBelow: GOOD_BELOW, goodAbove: GOOD_ABOVE, ordinary: [ORDINARY_LOW, ORDINARY_HIGH] }, summary, seeds };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${RESULTS_FILE}`);
  return { summary, seeds };
}

const job = workerData as WorkerJob | undefined;
if (!isMainThread && job?.racingBench) {
  parentPort?.postMessage(await benchSeeds(job.seeds, job.config));
} else if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runRacingBench();
}
