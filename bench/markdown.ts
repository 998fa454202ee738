/**
 * BENCHMARKS.md, regenerated from the suite's results on every `npm run bench`: the figures in the
 * file are always the ones the last run measured, with the machine they were measured on.
 */
import type { EmbeddedBenchResult } from './embedded.js';
import type { MemoryBenchResult } from './memory.js';
import type { CpuResult } from './cpu-overhead.js';
import type { LimitResult } from './limits.js';
import { renderStartupSection, type StartupBenchResult } from './startup.js';

export interface SuiteRow {
  bench: string;
  figure: string;
  value: string;
  target: string;
  status: 'pass' | 'FAIL' | 'info' | 'skipped';
}

export type RacingOutcome = { status: 'ran'; summary: Record<string, unknown> } | { status: 'missing'; note: string };

export interface SuiteResult {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  seconds: Record<string, number>;
  rows: SuiteRow[];
  limits: LimitResult[];
  cpu: CpuResult[];
  memory: MemoryBenchResult;
  embedded: EmbeddedBenchResult;
  racing: RacingOutcome;
  /** Absent in results written before the start-up bench existed. */
  startup?: StartupBenchResult;
}

function table(headers: string[], rows: string[][]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

const f = (x: number, digits: number): string => x.toFixed(digits);
/** A median ratio below this is read as "no gain" (the rounds' spread is about this wide). */
const EMBEDDED_GAIN = 1.2;
const mb = (bytes: number): string => f(bytes / 2 ** 20, 1);

function machineSection(r: SuiteResult): string {
  const m = r.machine;
  return [
    '## Machine',
    '',
    table(['', ''], [
      ['CPU', `${m.cpu} (${m.cores} cores as seen by Node)`],
      ['Memory', `${f(m.memoryGb, 1)} GB`],
      ['Node', `${m.node} (${m.platform})`],
      ['Load average (1 min) at start / end', `${f(m.loadAverageAtStart, 2)} / ${f(m.loadAverageAtEnd, 2)}`],
      ['Date', r.date],
      ['Wall time per bench (s)', Object.entries(r.seconds).map(([k, v]) => `${k} ${f(v, 0)}`).join(', ')],
    ]),
    '',
    'A load average above the core count means other processes shared the CPU during the run: the',
    'ratios below are then pessimistic, since every figure is measured against an ideal that assumes',
    'the CPU is ours.',
  ].join('\n');
}

function limitsSection(r: SuiteResult): string {
  const reps = r.limits[0]?.reps.length ?? 0;
  const lost = r.limits.reduce((sum, l) => sum + l.lost, 0);
  const failing = r.limits.filter((l) => l.status !== 'pass');
  return [
    '## 1. Keeping a limited endpoint busy (ratio to the limit)',
    '',
    'Simulated endpoints (src/models/simulated.ts) with the conditions stated per setting; the default',
    `scheduler policy (nothing tuned; the hung-endpoint setting states its timeout). Each setting ran ${reps} times`,
    'with a fresh endpoint and a fresh rate-limit registry; the ratio is shown as min-max (median). All calls',
    'are submitted at once, as OPRO does when it scores a step, through the scheduler, meter and budget.',
    '',
    '- Concurrency limit: answered calls x latency ÷ (limit x busy time); 1.0 keeps every slot busy.',
    '- Rate limit: answered calls (or their estimated tokens) ÷ what the token bucket allowed over the busy',
    '  time (its burst + rate x (busy time - one latency)); 1.0 uses every request the limit allows.',
    '- Whole optimize: every call on the endpoint (scorer and optimizer), as for a concurrency limit.',
    '- Hung endpoint: calls/s ÷ what the live endpoint alone allows.',
    '',
    '"Lost" = calls that failed in the end, summed over the repetitions; "refused" = the highest share of',
    'requests the endpoint answered 429 in a repetition.',
    '',
    table(
      ['setting', 'ratio min-max (median)', 'lost', 'refused', 'seconds per rep', 'target', 'status', 'conditions'],
      r.limits.map((l) => [
        l.name,
        `${f(l.min, 3)}-${f(l.max, 3)} (${f(l.median, 3)})`,
        String(l.lost),
        `${f(l.refusedShare * 100, 1)}%`,
        l.reps.map((rep) => f(rep.seconds, 1)).join(' / '),
        l.target,
        l.status,
        l.conditions,
      ]),
    ),
    '',
    `${lost === 0 ? 'No evaluation was lost in any setting.' : `${lost} evaluations were lost.`} ` +
      (failing.length === 0 ? 'Every setting met its target.' : `Below target: ${failing.map((l) => `${l.name} (${f(l.min, 3)})`).join('; ')}.`),
    '',
    'What limits the ratios: a refused call is held for its own Retry-After while the other slots keep working',
    '(src/models/rate-limits/endpoint-limiter.ts); the first burst of a batch meets the endpoint before anything',
    'is known about it, so its refusals are the main source of 429s; 500s cost a full latency each before their',
    'retry (5% of calls caps the concurrency ratio near 0.95); an optimize run also waits for its optimizer',
    'calls between scoring phases, when fewer calls than slots are in flight.',
  ].join('\n');
}

function cpuSection(r: SuiteResult): string {
  return [
    '## 2. CPU overhead per model call',
    '',
    'A zero-latency endpoint, 20,000 calls in waves of 500 after a warm-up; CPU time (user + system) per',
    'call, minus the same calls to the bare endpoint. Target for the full stack: < 1 ms (1000 µs).',
    '',
    table(['stack', 'CPU µs/call', 'overhead µs/call'], r.cpu.map((c) => [c.name, f(c.cpuMicrosPerCall, 1), f(c.overheadMicrosPerCall, 1)])),
  ].join('\n');
}

function memorySection(r: SuiteResult): string {
  const m = r.memory;
  const first = m.points[0];
  const last = m.points[m.points.length - 1];
  const growth = first && last ? f(last.evaluations / first.evaluations, 1) : '?';
  return [
    '## 3. Peak memory and store size',
    '',
    'One instruction-optimization run per size through the real engine, instruction problem (scorer',
    'prompts, grading) and store recorder (every graded example a SQLite row), with zero-latency scripted',
    'scorer and optimizer, 261 training examples per candidate and 8 candidates per step. Each size runs',
    'in a fresh process: peak RSS is that run\'s own. Retained heap is read after a forced GC at the end.',
    'CPU µs/eval is the whole run\'s CPU time per evaluation: everything opro does around one scorer call.',
    '',
    table(
      ['evaluations', 'candidates', 'seconds', 'CPU µs/eval', 'RSS before run (MB)', 'peak RSS (MB)', 'peak heap (MB)', 'retained heap (MB)', 'store (MB)', 'store bytes/eval'],
      m.points.map((p) => [String(p.evaluations), String(p.candidates), f(p.seconds, 1), f(p.cpuMicrosPerEvaluation, 0), mb(p.startRssBytes), mb(p.peakRssBytes), mb(p.peakHeapBytes), mb(p.retainedHeapBytes), mb(p.storeBytes), f(p.storeBytesPerEvaluation, 0)]),
    ),
    '',
    `Peak RSS grows ${f(m.rssRatio, 2)}x for ${growth}x the evaluations; the retained heap changes by ` +
      `${f(m.retainedBytesPerExtraEvaluation, 1)} bytes per extra evaluation: memory is **${m.flat ? 'flat' : 'not flat'}** in the number of evaluations ` +
      '(peak RSS is set by one step\'s calls in flight, not by the run\'s length). The store grows linearly, ' +
      'by the bytes per evaluation above (prompt, answer, grading and usage of every call are kept).',
  ].join('\n');
}

function embeddedSection(r: SuiteResult): string {
  const e = r.embedded;
  if (e.skipped) return ['## 4. Embedded inference (node-llama-cpp)', '', `Skipped: ${e.skipped}.`].join('\n');
  return [
    '## 4. Embedded inference (node-llama-cpp parallel sequences)',
    '',
    `The embedded provider on the tiny random-weights test model (\`${e.model}\`), CPU only, completion`,
    'mode, 16 output tokens per call, 8 calls per round submitted at once. One context with N parallel sequences',
    'lets llama.cpp batch concurrent calls. Ratio = calls/s with N sequences ÷ with 1, measured in',
    'interleaved rounds; the median and each round\'s ratio are shown. The tiny model makes each token',
    'almost free, so this shows the batching and scheduling overhead, not a real model\'s speed-up.',
    '',
    table(
      ['sequences', 'calls', 'failed', 'calls/s (median)', 'output tokens/s (median)', 'peak busy sequences', 'ratio (median)', 'per-round ratios'],
      e.points.map((p) => [String(p.sequences), String(p.calls), String(p.failed), f(p.callsPerSecond, 1), f(p.outputTokensPerSecond, 0), String(p.peakBusy), f(p.ratio, 2), p.ratios.map((x) => f(x, 2)).join(', ')]),
    ),
    '',
    embeddedVerdict(e),
  ].join('\n');
}

function embeddedVerdict(e: EmbeddedBenchResult): string {
  const best = e.points.reduce((top, p) => (p.ratio > top.ratio ? p : top), e.points[0] ?? { ratio: 1, sequences: 1 });
  if (best.ratio < EMBEDDED_GAIN) {
    return `On this machine parallel sequences bring no throughput gain on the tiny model (best median ratio ${f(best.ratio, 2)}): ` +
      'its per-token compute is negligible, so the per-call work outside the batched decode dominates.';
  }
  return `Parallel sequences raise throughput ${f(best.ratio, 2)}x at ${best.sequences} sequences on this machine.`;
}

function racingSection(r: SuiteResult): string {
  const racing = r.racing;
  if (racing.status !== 'ran') return ['## 5. Racing (partial evaluations)', '', `Not run: ${racing.note}.`].join('\n');
  const rows = Object.entries(racing.summary)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => [k, typeof v === 'number' ? (Number.isInteger(v) ? String(v) : f(v, 3)) : String(v)]);
  return [
    '## 5. Racing (partial evaluations)',
    '',
    'From `runRacingBench()` in bench/racing.ts (see that file for the synthetic world): the same runs with',
    'and without racing, scorer calls saved and how often the outcome is unchanged.',
    '',
    table(['figure', 'value'], rows),
  ].join('\n');
}

export function renderBenchmarksMarkdown(r: SuiteResult): string {
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.ts); edits are overwritten. -->',
    '',
    'Figures are ratios or counts, comparable across machines; absolute times hold for the machine below.',
    'Raw results: `bench/results/*.json`. Reproduce: `npm run bench` (a few minutes on 2 cores).',
    '',
    machineSection(r),
    '',
    '## Summary',
    '',
    table(['bench', 'figure', 'value', 'target', 'status'], r.rows.map((row) => [row.bench, row.figure, row.value, row.target, row.status])),
    '',
    limitsSection(r),
    '',
    cpuSection(r),
    '',
    memorySection(r),
    '',
    embeddedSection(r),
    '',
    racingSection(r),
    '',
    ...(r.startup ? [renderStartupSection(r.startup), ''] : []),
  ].join('\n');
}
