import type { ScoreFormat } from '../shared/api-types.js';
import { wilsonIntervalOfMean } from '../../stats/wilson.js';

/** How numbers, times and statuses are written everywhere on the dashboard. */

/** A score as its kind writes it: accuracies as percentages, other figures as plain numbers. */
export function formatScore(score: number | null | undefined, format: ScoreFormat): string {
  if (score === null || score === undefined) return '–';
  if (format === 'percent') return `${(score * 100).toFixed(1)}%`;
  if (Number.isInteger(score)) return score.toLocaleString('en-US');
  return Math.abs(score) >= 1000 ? Math.round(score).toLocaleString('en-US') : String(Number(score.toPrecision(5)));
}

/**
 * `[69.3, 74.2]`: the 95% Wilson interval of an accuracy or mean score over n answered examples, the
 * interval the CLI report, `opro runs show` and the export card print; null when it does not apply.
 */
export function formatScoreInterval(score: number | null | undefined, n: number | null | undefined, format: ScoreFormat): string | null {
  if (format !== 'percent' || score === null || score === undefined || !n || !Number.isInteger(n) || n <= 0) return null;
  const { lower, upper } = wilsonIntervalOfMean(Math.min(1, Math.max(0, score)), n);
  return `[${(lower * 100).toFixed(1)}, ${(upper * 100).toFixed(1)}]`;
}

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '–';
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : n.toLocaleString('en-US'));

/** Local time, to the minute; the full ISO time is in the element's title. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `Nov 23, 14:05` (the year only when it is not this one): fits a small figure box. */
export function formatShortTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameYear = date.getFullYear() === new Date().getFullYear();
  const day = date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time}`;
}

export function formatDuration(fromIso: string | null, toIso: string | null): string {
  if (!fromIso) return '–';
  const ms = (toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export function taskLabel(kind: string, dataset: string | null, runName?: string | null): string {
  const label = dataset ? `${kind} · ${dataset}` : kind;
  return runName ? `${runName} · ${label}` : label;
}

/** Statuses by how they should look: a CSS class per family. */
export function statusClass(status: string): string {
  if (status === 'running') return 'status status-running';
  if (status === 'completed' || status === 'optimum-reached') return 'status status-done';
  if (status === 'failed' || status === 'stalled') return 'status status-bad';
  return 'status status-other';
}
