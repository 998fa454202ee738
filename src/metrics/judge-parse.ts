/**
 * Reading an LLM judge's reply robustly: JSON (bare, fenced or inside prose) with a score and a
 * reason; else "Score: 7", "Rating: 4/5", "7/10"; else a reply that starts with PASS or FAIL.
 * Reasoning blocks (<think>...</think>) are ignored. A reply with no score, two different scores or
 * a score off the scale is unparsable: a counted failure, never a zero.
 */
import { readJsonOutput } from './json-output.js';

export interface JudgeScale {
  min: number;
  max: number;
}

export type JudgeVerdict =
  | { ok: true; /** On the judge's scale. */ raw: number; /** In [0, 1]. */ score: number; reason: string }
  | { ok: false; reason: string };

const MAX_REASON_CHARS = 500;
const SCORE_KEYS = ['score', 'rating', 'grade'] as const;
const REASON_KEYS = ['reason', 'reasoning', 'explanation', 'feedback', 'rationale', 'justification'] as const;
const LABELLED_SCORE = /\b(?:score|rating|grade)\b\**\s*(?:is|of)?\s*[:=]?\s*\**\s*(-?\d+(?:\.\d+)?)\s*(?:(?:\/|out of)\s*(\d+(?:\.\d+)?))?/gi;
const FRACTION = /(?<![\d.])(\d+(?:\.\d+)?)\s*(?:\/|out of)\s*(\d+(?:\.\d+)?)(?![\d.])/gi;
const VERDICT = /^\W*(?:verdict\W*)?(pass|fail)(?:ed)?\b/i;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_REASON_CHARS ? `${oneLine.slice(0, MAX_REASON_CHARS - 1)}…` : oneLine;
}

function withoutReasoning(reply: string): string {
  return reply.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*(?:\/\s*\d+(?:\.\d+)?)?\s*$/.test(value)) return Number.parseFloat(value);
  return null;
}

function onScale(raw: number, scale: JudgeScale, reason: string): JudgeVerdict {
  if (raw < scale.min || raw > scale.max) return { ok: false, reason: `the judge gave ${raw}, outside its scale ${scale.min}-${scale.max}` };
  return { ok: true, raw, score: (raw - scale.min) / (scale.max - scale.min), reason: clip(reason) };
}

function fromJson(value: unknown, scale: JudgeScale): JudgeVerdict | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const scoreKey = SCORE_KEYS.find((key) => key in record);
  const reasonKey = REASON_KEYS.find((key) => typeof record[key] === 'string');
  const reason = reasonKey ? (record[reasonKey] as string) : '';
  if (scoreKey === undefined) {
    if (typeof record['pass'] === 'boolean') return onScale(record['pass'] ? scale.max : scale.min, scale, reason);
    return null;
  }
  const raw = numberOf(record[scoreKey]);
  if (raw === null) return { ok: false, reason: `the judge's ${scoreKey} ${JSON.stringify(record[scoreKey])} is not a number` };
  return onScale(raw, scale, reason);
}

/** Every labelled or fractional score in prose; fractions only count when their denominator is the scale's top. */
function scoresInProse(text: string, scale: JudgeScale): number[] {
  const found: number[] = [];
  for (const match of text.matchAll(LABELLED_SCORE)) {
    const denominator = match[2] === undefined ? null : Number(match[2]);
    if (denominator === null || denominator === scale.max) found.push(Number(match[1]));
  }
  if (found.length > 0) return found;
  for (const match of text.matchAll(FRACTION)) {
    if (Number(match[2]) === scale.max) found.push(Number(match[1]));
  }
  return found;
}

function reasonFromProse(text: string): string {
  const labelled = /\b(?:reason(?:ing)?|explanation|rationale)\b\s*[:=]\s*([\s\S]+)/i.exec(text);
  if (labelled?.[1]) return labelled[1];
  return text.replace(LABELLED_SCORE, '').trim();
}

export function parseJudgeReply(reply: string, scale: JudgeScale): JudgeVerdict {
  const text = withoutReasoning(reply);
  if (text === '') return { ok: false, reason: 'the judge replied with nothing' };
  const json = readJsonOutput(text);
  if (json.ok) {
    const verdict = fromJson(json.value, scale);
    if (verdict) return verdict;
  }
  const scores = [...new Set(scoresInProse(text, scale))];
  if (scores.length > 1) return { ok: false, reason: `the judge's reply gives several scores (${scores.join(', ')})` };
  if (scores.length === 1) return onScale(scores[0] as number, scale, reasonFromProse(text));
  const verdict = VERDICT.exec(text);
  if (verdict?.[1]) return onScale(verdict[1].toLowerCase() === 'pass' ? scale.max : scale.min, scale, text.slice(verdict[0].length));
  return { ok: false, reason: `no score in the judge's reply: ${JSON.stringify(clip(text).slice(0, 120))}` };
}
