/**
 * Start-up time of the CLI: how long `opro --version`, `opro --help` and every command's `--help`
 * (each `opro runs` subcommand's included) take as a new process, against the 0.5 s limit (issue
 * #12) and against a bare `node -e 0`.
 *
 * Each command is spawned REPEATS times, interleaved so a burst of load on a shared machine hits
 * every command alike. Wall time is what a user waits; CPU time (user + system of the child, read
 * from /proc on Linux) is what start-up itself costs, and stays meaningful when other processes
 * share the CPU. Figures are medians with min-max spread, and ratios to the limit.
 *
 * Part of `npm run bench`; `npm run bench:startup` runs it alone and rewrites only its section and
 * its summary rows of BENCHMARKS.md (the other sections keep the figures of the last full run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { COMMANDS, registerCommands } from '../src/cli/command-registry.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', 'dist', 'cli', 'main.js');
const RESULT_FILE = join(HERE, 'results', 'startup.json');
const MARKDOWN_FILE = join(HERE, '..', 'BENCHMARKS.md');

/** The limit for `opro --help` / `--version`. */
export const STARTUP_LIMIT_MS = 500;
const REPEATS = 15;
/** Linux reports children's CPU time in clock ticks; 100 per second on every mainstream kernel config. */
const CLOCK_TICKS_PER_SECOND = 100;
export const STARTUP_SECTION_HEADING = '## 6. Start-up time of the CLI';

interface Case {
  name: string;
  args: string[];
  /** Held to the limit (the bare node baseline is shown for context). */
  limited: boolean;
}

/** Every command of the command table, and each subcommand (`runs show`, `runs export`, ...), as words. */
async function commandWords(): Promise<string[][]> {
  const words: string[][] = [];
  for (const entry of COMMANDS) {
    words.push([entry.name]);
    const program = new Command();
    await registerCommands(program, [entry.name]);
    const command = program.commands.find((c) => c.name() === entry.name);
    for (const sub of command?.commands ?? []) words.push([entry.name, sub.name()]);
  }
  return words;
}

async function startupCases(): Promise<Case[]> {
  return [
    { name: 'node -e 0 (bare Node, baseline)', args: ['-e', '0'], limited: false },
    { name: 'opro --version', args: [CLI, '--version'], limited: true },
    { name: 'opro --help', args: [CLI, '--help'], limited: true },
    ...(await commandWords()).map((words) => ({ name: `opro ${words.join(' ')} --help`, args: [CLI, ...words, '--help'], limited: true })),
  ];
}

export interface StartupCaseResult {
  name: string;
  limited: boolean;
  wallMs: number[];
  /** Undefined where the OS does not report children's CPU time. */
  cpuMs: number[] | undefined;
}

export interface StartupBenchResult {
  repeats: number;
  limitMs: number;
  loadAverage: { start: number; end: number };
  /** Cores Node saw (absent in results written before it was recorded). */
  cores?: number;
  cases: StartupCaseResult[];
}

/** Children's user + system CPU time so far (ms), from /proc/self/stat fields 16-17; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) may hold spaces; fields after it are space-separated from field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    return Number.isFinite(cutime + cstime) ? ((cutime + cstime) * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

function runOnce(args: string[]): { wallMs: number; cpuMs: number | undefined } {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr.toString()}`);
  const cpuAfter = childrenCpuMs();
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

export async function runStartupBench(repeats = REPEATS): Promise<StartupBenchResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const CASES = await startupCases();
  const start = loadavg()[0] ?? 0;
  const cases = CASES.map((c): StartupCaseResult => ({ name: c.name, limited: c.limited, wallMs: [], cpuMs: [] }));
  for (const c of CASES) runOnce(c.args); // warm the file cache once
  for (let i = 0; i < repeats; i++) {
    CASES.forEach((c, index) => {
      const result = cases[index]!;
      const { wallMs, cpuMs } = runOnce(c.args);
      result.wallMs.push(wallMs);
      if (cpuMs === undefined) result.cpuMs = undefined;
      else result.cpuMs?.push(cpuMs);
    });
  }
  return { repeats, limitMs: STARTUP_LIMIT_MS, loadAverage: { start, end: loadavg()[0] ?? 0 }, cores: availableParallelism(), cases };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : ((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const ms = (x: number): string => x.toFixed(0);
const spread = (values: readonly number[]): string => `${ms(median(values))} (${ms(Math.min(...values))}-${ms(Math.max(...values))})`;

/** Pass when the median CPU time (or the wall time where CPU time is unknown) is within the limit. */
export function startupPasses(c: StartupCaseResult, limitMs: number): boolean {
  return median(c.cpuMs ?? c.wallMs) <= limitMs;
}

export function startupRows(r: StartupBenchResult): { bench: string; figure: string; value: string; target: string; status: 'pass' | 'FAIL' | 'info' }[] {
  return r.cases.map((c) => ({
    bench: 'start-up',
    figure: `median CPU (wall) ÷ ${r.limitMs} ms: ${c.name}`,
    value: `${c.cpuMs ? (median(c.cpuMs) / r.limitMs).toFixed(2) : '-'} (${(median(c.wallMs) / r.limitMs).toFixed(2)})`,
    target: c.limited ? '<= 1' : '-',
    status: c.limited ? (startupPasses(c, r.limitMs) ? 'pass' : 'FAIL') : 'info',
  }));
}

export function renderStartupSection(r: StartupBenchResult): string {
  // Under load CPU time grows too (shared caches, frequency): the bare Node row shows by how much.
  const busy = r.cores !== undefined && Math.max(r.loadAverage.start, r.loadAverage.end) > r.cores
    ? `That is above the ${r.cores} cores: other processes shared the CPU, so every figure here is pessimistic (the bare\n` +
      'Node row carries the same inflation: compare each command with it).'
    : '';
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  const rows = r.cases.map((c) => [
    c.name,
    spread(c.wallMs),
    c.cpuMs ? spread(c.cpuMs) : 'n/a',
    c.cpuMs ? (median(c.cpuMs) / r.limitMs).toFixed(2) : 'n/a',
    (median(c.wallMs) / r.limitMs).toFixed(2),
    c.limited ? (startupPasses(c, r.limitMs) ? 'pass' : 'FAIL') : 'info',
  ]);
  return [
    STARTUP_SECTION_HEADING,
    '',
    `Each command spawned as a new process ${r.repeats} times (interleaved, after one warm-up run each), from the built`,
    '`dist/`. Wall time is what a user waits; CPU time (user + system of the child process) is what start-up',
    'costs and is the figure held to the limit, because wall time on a shared machine includes waiting for a',
    `core. Median (min-max) in ms; ratios are medians ÷ the ${r.limitMs} ms limit. Load average (1 min) during the`,
    `bench: ${r.loadAverage.start.toFixed(2)} at start, ${r.loadAverage.end.toFixed(2)} at end.`,
    ...(busy ? [busy] : []),
    '',
    `| command | wall ms | CPU ms | CPU ÷ limit | wall ÷ limit | status |`,
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
    '',
    '`opro --help` and `--version` load commander and the command table only. A command\'s `--help` loads its',
    'options and help only (test/cli/startup.test.ts checks which modules, for every command and subcommand);',
    'the work behind it (model setup, the store, the dashboard server, datasets, tasks) loads when it runs,',
    'and providers import their SDK (the AI SDK, node-llama-cpp) on their first call.',
  ].join('\n');
}

/** Replaces this bench's section of BENCHMARKS.md (or appends it), leaving the other sections alone. */
export function spliceStartupSection(markdown: string, section: string): string {
  const start = markdown.indexOf(STARTUP_SECTION_HEADING);
  if (start < 0) return `${markdown.trimEnd()}\n\n${section}\n`;
  const next = markdown.indexOf('\n## ', start + STARTUP_SECTION_HEADING.length);
  return `${markdown.slice(0, start)}${section}\n${next < 0 ? '' : markdown.slice(next)}`;
}

const SUMMARY_ROW_PREFIX = '| start-up | ';
const SUMMARY_NOTE_PREFIX = 'The start-up rows are from';

/**
 * Replaces the start-up rows of BENCHMARKS.md's summary table with `rows` and says, under the
 * table, that they come from a later run than the other rows (the note a full `npm run bench` drops).
 */
export function spliceStartupSummaryRows(markdown: string, r: StartupBenchResult, date: string): string {
  const lines = markdown.split('\n');
  const first = lines.findIndex((line) => line.startsWith(SUMMARY_ROW_PREFIX));
  if (first < 0) return markdown;
  let end = first;
  while (end < lines.length && lines[end]!.startsWith(SUMMARY_ROW_PREFIX)) end += 1;
  const rows = startupRows(r).map((row) => `| ${[row.bench, row.figure, row.value, row.target, row.status].map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`);
  // An earlier note (a paragraph right after the table) is replaced, not repeated.
  let after = end;
  if (lines[after] === '' && lines[after + 1]?.startsWith(SUMMARY_NOTE_PREFIX)) {
    after += 1;
    while (after < lines.length && lines[after] !== '') after += 1;
  }
  const note = ['', `${SUMMARY_NOTE_PREFIX} a later \`npm run bench:startup\` (${date}); section 6 gives its load average.`];
  return [...lines.slice(0, first), ...rows, ...note, ...lines.slice(after)].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await runStartupBench();
  mkdirSync(dirname(RESULT_FILE), { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  const section = renderStartupSection(result);
  console.log(section);
  const withSection = spliceStartupSection(readFileSync(MARKDOWN_FILE, 'utf8'), section);
  writeFileSync(MARKDOWN_FILE, spliceStartupSummaryRows(withSection, result, new Date().toISOString().slice(0, 10)));
  console.log(`\nWrote ${RESULT_FILE} and the start-up rows and section of ${MARKDOWN_FILE}`);
}
