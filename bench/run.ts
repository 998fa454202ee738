/**
 * The benchmark suite (`npm run bench`): runs every bench once, prints one summary table, writes
 * bench/results/*.json (each bench its own, plus suite.json) and regenerates BENCHMARKS.md.
 *
 * Figures are ratios or counts, comparable across machines; absolute times are printed with the
 * machine they ran on. Each bench has a fixed, bounded size (the suite takes a few minutes on 2
 * cores). Nothing here is asserted in tests: a benchmark is read, not pass/failed by CI.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTextTable } from '../src/util/text-table.js';
import { runEmbeddedBench, type EmbeddedBenchResult } from './embedded.js';
import { runCpuBench, type CpuResult } from './cpu-overhead.js';
import { runLimitsBench, type LimitResult } from './limits.js';
import { renderBenchmarksMarkdown, type RacingOutcome, type SuiteResult, type SuiteRow } from './markdown.js';
import { runMemoryBench, type MemoryBenchResult } from './memory.js';
import { runStartupBench, startupRows } from './startup.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SUITE_FILE = join(HERE, 'results', 'suite.json');
const MARKDOWN_FILE = join(HERE, '..', 'BENCHMARKS.md');
const RACING_MODULE = join(HERE, 'racing.ts');

export const CPU_OVERHEAD_TARGET_MICROS = 1000;
/** The stack whose overhead is the tool's: every wrapper a real run has, cache misses (the costly path). */
const FULL_STACK = 'full stack, sqlite cache misses';

async function timed<T>(label: string, run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  console.log(`\n=== ${label} ===`);
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/**
 * Racing is another engineer's bench (bench/racing.ts, runRacingBench()); it is loaded only if it
 * exists, so the suite runs before and after it lands.
 */
async function runRacingIfPresent(): Promise<RacingOutcome> {
  if (!existsSync(RACING_MODULE)) return { status: 'missing', note: 'bench/racing.ts does not exist yet: hook left in bench/run.ts (runRacingIfPresent)' };
  const modulePath: string = './racing.js';
  const module = (await import(modulePath)) as { runRacingBench?: () => Promise<{ summary: Record<string, unknown> }> };
  if (typeof module.runRacingBench !== 'function') return { status: 'missing', note: 'bench/racing.ts exports no runRacingBench()' };
  const { summary } = await module.runRacingBench();
  return { status: 'ran', summary };
}

const fixed = (x: number, digits: number): string => x.toFixed(digits);
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function limitRows(limits: readonly LimitResult[]): SuiteRow[] {
  return limits.map((r) => ({
    bench: 'limits',
    figure: `ratio to the limit: ${r.name}`,
    value: `${fixed(r.min, 3)}-${fixed(r.max, 3)} (${r.lost} lost${r.refusedShare > 0 ? `, <= ${fixed(r.refusedShare * 100, 1)}% refused` : ''})`,
    target: r.target,
    status: r.status,
  }));
}

function cpuRows(cpu: readonly CpuResult[]): SuiteRow[] {
  return cpu
    .filter((r) => r.name !== 'bare endpoint (baseline)')
    .map((r) => ({
      bench: 'cpu overhead',
      figure: `µs of CPU per call: ${r.name}`,
      value: `${fixed(r.overheadMicrosPerCall, 1)} µs`,
      target: r.name === FULL_STACK ? `< ${CPU_OVERHEAD_TARGET_MICROS} µs` : '-',
      status: r.name === FULL_STACK ? (r.overheadMicrosPerCall < CPU_OVERHEAD_TARGET_MICROS ? 'pass' : 'FAIL') : 'info',
    }));
}

function memoryRows(memory: MemoryBenchResult): SuiteRow[] {
  const last = memory.points[memory.points.length - 1];
  if (!last) return [];
  return [
    { bench: 'memory', figure: `peak RSS at ${last.evaluations} evaluations`, value: mb(last.peakRssBytes), target: '-', status: 'info' },
    {
      bench: 'memory',
      figure: `peak RSS ${memory.points.map((p) => `${Math.round(p.evaluations / 1000)}k`).join('/')} ÷ smallest`,
      value: memory.points.map((p) => fixed(p.peakRssBytes / (memory.points[0]?.peakRssBytes ?? 1), 2)).join(' / '),
      target: 'flat (<= 1.25 at 4x)',
      status: memory.flat ? 'pass' : 'FAIL',
    },
    { bench: 'memory', figure: 'retained heap per extra evaluation', value: `${fixed(memory.retainedBytesPerExtraEvaluation, 1)} B`, target: '-', status: 'info' },
    { bench: 'memory', figure: 'CPU per evaluation, whole run (engine + grading + store)', value: `${fixed(last.cpuMicrosPerEvaluation, 0)} µs`, target: '-', status: 'info' },
    { bench: 'store', figure: 'store bytes per evaluation', value: `${fixed(last.storeBytesPerEvaluation, 0)} B`, target: '-', status: 'info' },
  ];
}

function embeddedRows(embedded: EmbeddedBenchResult): SuiteRow[] {
  if (embedded.skipped) return [{ bench: 'embedded', figure: 'parallel sequences', value: 'skipped', target: '-', status: 'skipped' }];
  return embedded.points
    .filter((p) => p.sequences > 1)
    .map((p) => ({ bench: 'embedded', figure: `calls/s with ${p.sequences} sequences ÷ with 1`, value: `${fixed(p.ratio, 2)} (median)`, target: '-', status: 'info' as const }));
}

/** Racing's figures are reported as its bench states them; its default-on rule is the racing engineer's. */
function racingRows(racing: RacingOutcome): SuiteRow[] {
  if (racing.status !== 'ran') return [{ bench: 'racing', figure: 'racing bench', value: 'not run', target: '-', status: 'skipped' }];
  const s = racing.summary;
  const num = (key: string): number | null => (typeof s[key] === 'number' ? (s[key] as number) : null);
  const rows: SuiteRow[] = [];
  const ratio = num('callsRatio');
  if (ratio !== null) rows.push({ bench: 'racing', figure: 'scorer calls without ÷ with racing', value: `${fixed(ratio, 2)}x`, target: '-', status: 'info' });
  const sameBest = num('sameBestRate');
  if (sameBest !== null) rows.push({ bench: 'racing', figure: 'same best instruction as without racing', value: `${fixed(sameBest * 100, 0)}% of seeds`, target: '-', status: 'info' });
  if (typeof s.earnsDefault === 'boolean') {
    rows.push({ bench: 'racing', figure: 'earns default-on (racing.ts rule)', value: s.earnsDefault ? 'yes' : 'no', target: '>= 2x fewer calls, same best >= 95%', status: 'info' });
  }
  return rows;
}

export async function runSuite(): Promise<SuiteResult> {
  const started = new Date();
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
    platform: `${platform()}-${arch()}`,
    loadAverageAtStart: loadavg()[0] ?? 0,
    loadAverageAtEnd: 0,
  };
  // Limits first: they are the most timing-sensitive, and llama.cpp's threads are not up yet.
  const limits = await timed('1. keeping limited endpoints busy (bench/limits.ts)', () => runLimitsBench());
  const cpu = await timed('2. CPU overhead per call (bench/cpu-overhead.ts)', runCpuBench);
  const memory = await timed('3. memory and store size (bench/memory.ts)', () => runMemoryBench());
  const embedded = await timed('4. embedded inference (bench/embedded.ts)', runEmbeddedBench);
  const racing = await timed('5. racing (bench/racing.ts)', runRacingIfPresent);
  const startup = await timed('6. CLI start-up (bench/startup.ts)', async () => runStartupBench());
  machine.loadAverageAtEnd = loadavg()[0] ?? 0;

  const rows = [
    ...limitRows(limits.value),
    ...cpuRows(cpu.value),
    ...memoryRows(memory.value),
    ...embeddedRows(embedded.value),
    ...racingRows(racing.value),
    ...startupRows(startup.value),
  ];
  const result: SuiteResult = {
    date: started.toISOString(),
    machine,
    seconds: { limits: limits.seconds, cpu: cpu.seconds, memory: memory.seconds, embedded: embedded.seconds, racing: racing.seconds, startup: startup.seconds },
    rows,
    limits: limits.value,
    cpu: cpu.value,
    memory: memory.value,
    embedded: embedded.value,
    racing: racing.value,
    startup: startup.value,
  };

  console.log(`\n=== Summary (${machine.cpu}, ${machine.cores} cores, Node ${machine.node}) ===`);
  console.log(renderTextTable({ headers: ['bench', 'figure', 'value', 'target', 'status'], rows: rows.map((r) => [r.bench, r.figure, r.value, r.target, r.status]), align: ['left', 'left', 'right', 'left', 'left'] }));
  mkdirSync(dirname(SUITE_FILE), { recursive: true });
  writeFileSync(SUITE_FILE, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(MARKDOWN_FILE, renderBenchmarksMarkdown(result));
  console.log(`\nWrote ${SUITE_FILE} and ${MARKDOWN_FILE}`);
  return result;
}

// `--markdown-only` re-renders BENCHMARKS.md from the last results/suite.json without measuring again.
if (process.argv.includes('--markdown-only')) {
  writeFileSync(MARKDOWN_FILE, renderBenchmarksMarkdown(JSON.parse(readFileSync(SUITE_FILE, 'utf8')) as SuiteResult));
  console.log(`Re-rendered ${MARKDOWN_FILE} from ${SUITE_FILE}`);
} else {
  await runSuite();
}
