/**
 * Per-endpoint figures as a run reports them: plain JSON (stored with the run, shown by the CLI's
 * run report, `opro runs show` and the dashboard). Built from the shared EndpointLimiter figures;
 * never holds a key (the label is provider and base URL).
 */
import type { EndpointFigures } from './endpoint-limiter.js';

export interface EndpointReport {
  endpoint: string;
  /** Answers received. */
  calls: number;
  callsPerSecond: number;
  /** 429s received: those that said the window was spent, and those read as a concurrency limit. */
  rateLimited: number;
  windowSpent: number;
  concurrencyRefusals: number;
  serverErrors: number;
  timeouts: number;
  networkErrors: number;
  /** Retries of 5xx, timeouts and network errors. */
  retries: number;
  /** Time waited on limits: refused calls held for their Retry-After, plus the endpoint's pauses and pacing. */
  waitedMs: number;
  /** The concurrency in force at the end, the configured maximum, and whether refusals set it. */
  limit: number;
  maxConcurrency: number;
  limitLearned: boolean;
  /** Rates per minute learned from rate-limit headers (or configured). */
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /**
   * 'member': one member run of an experiment (its members run one after another in one process, on
   * shared endpoints). The counts, waits and calls/s are that member's share; the limit, its maximum
   * and the rates are the endpoint's state at the member's end, learned over the whole process.
   */
  share?: 'member';
}

const MS_PER_SECOND = 1000;

export function endpointReport(figures: EndpointFigures): EndpointReport {
  const report: EndpointReport = {
    endpoint: figures.label,
    calls: figures.succeeded,
    callsPerSecond: figures.activeMs > 0 ? (figures.succeeded * MS_PER_SECOND) / figures.activeMs : 0,
    rateLimited: figures.rateLimited,
    windowSpent: figures.windowSpentRefusals,
    concurrencyRefusals: figures.concurrencyRefusals,
    serverErrors: figures.serverErrors,
    timeouts: figures.timeouts,
    networkErrors: figures.networkErrors,
    retries: figures.retries,
    waitedMs: Math.round(figures.heldMs + figures.pausedMs),
    limit: figures.limit,
    maxConcurrency: figures.maxConcurrency,
    limitLearned: figures.limitLearned,
  };
  const requests = figures.ratePerMinute.requests;
  const tokens = figures.ratePerMinute.tokens ?? figures.ratePerMinute.inputTokens;
  if (requests !== undefined) report.requestsPerMinute = Math.round(requests);
  if (tokens !== undefined) report.tokensPerMinute = Math.round(tokens);
  return report;
}

/** The figures that count (calls, refusals, errors, waits): a member's share is their difference. */
const COUNTED = ['succeeded', 'rateLimited', 'windowSpentRefusals', 'concurrencyRefusals', 'serverErrors', 'timeouts', 'networkErrors', 'retries', 'heldMs', 'pausedMs'] as const;

/**
 * One experiment member's share of the process's endpoint figures: the difference between the
 * figures at the member's end and at its begin. The figures are cumulative per process and members
 * run one at a time, so the difference is exactly the calls made for the member. calls/s is its
 * calls over the endpoint's active span gained meanwhile (from the previous answer to its last one).
 * The limit and the learned rates are a state, not a count: the end's, marked by `share`.
 */
export function memberEndpointReports(begin: readonly EndpointFigures[], end: readonly EndpointFigures[]): EndpointReport[] {
  return end.map((now) => {
    const before = begin.find((figures) => figures.label === now.label);
    if (!before) return { ...endpointReport(now), share: 'member' };
    const counted = Object.fromEntries(COUNTED.map((name) => [name, now[name] - before[name]])) as Pick<EndpointFigures, (typeof COUNTED)[number]>;
    return { ...endpointReport({ ...now, ...counted, activeMs: now.activeMs - before.activeMs }), share: 'member' };
  });
}

/** Stored JSON back into reports; anything malformed is left out (old runs have none). */
export function endpointReportsFrom(value: unknown): EndpointReport[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isEndpointReport);
}

function isEndpointReport(value: unknown): value is EndpointReport {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const numbers = ['calls', 'callsPerSecond', 'rateLimited', 'serverErrors', 'timeouts', 'retries', 'waitedMs', 'limit', 'maxConcurrency'];
  return typeof r.endpoint === 'string' && numbers.every((key) => typeof r[key] === 'number');
}

/** One line per endpoint, for terminal reports. */
export function formatEndpointReports(reports: readonly EndpointReport[]): string[] {
  return reports.map((r) => {
    const limit = r.limitLearned ? `limit ${r.limit} learned (of ${r.maxConcurrency})` : `limit ${r.limit}`;
    const rates = [r.requestsPerMinute !== undefined ? `${r.requestsPerMinute} req/min` : '', r.tokensPerMinute !== undefined ? `${r.tokensPerMinute} tok/min` : ''].filter(Boolean);
    const errors = r.timeouts + r.networkErrors > 0 ? `, ${r.timeouts} timeouts, ${r.networkErrors} network` : '';
    const share = r.share === 'member' ? ` (this run's share of its experiment; limit and rate: the process's, at this run's end)` : '';
    return (
      `${r.endpoint}: ${r.calls} calls, ${r.callsPerSecond.toFixed(1)} calls/s, ${r.rateLimited} 429s, ${r.serverErrors} 5xx${errors}, ` +
      `${r.retries} retries, waited ${(r.waitedMs / MS_PER_SECOND).toFixed(1)} s on limits, ${limit}${rates.length > 0 ? `, rate ${rates.join(' / ')}` : ''}${share}`
    );
  });
}
