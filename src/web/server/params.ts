import { HttpError } from './http-util.js';

/** Input validation of path segments and query parameters: anything unexpected is a 400, never a guess. */

/** Run ids are `r-YYYYMMDD-hex`; this accepts any short id of that alphabet (older or hand-made ones). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Candidate keys: md5 hex for instructions, `w,b` pairs, comma-joined tours. */
const MAX_KEY_CHARS = 4096;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const INTEGER = /^-?\d{1,15}$/;

export const DEFAULT_LIMIT = 50;
/** The largest page any endpoint returns: big enough for a table, small enough for a phone. */
export const MAX_LIMIT = 500;

export function runId(value: string): string {
  if (!RUN_ID.test(value)) throw new HttpError(400, `not a run id: "${value.slice(0, 80)}"`);
  return value;
}

export function integer(value: string, name: string, min: number, max: number): number {
  if (!INTEGER.test(value)) throw new HttpError(400, `${name} must be an integer, got "${value.slice(0, 40)}"`);
  const n = Number(value);
  if (n < min || n > max) throw new HttpError(400, `${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function optionalInteger(params: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const value = params.get(name);
  return value === null || value === '' ? fallback : integer(value, name, min, max);
}

export function page(params: URLSearchParams, defaultLimit = DEFAULT_LIMIT): { limit: number; offset: number } {
  return {
    limit: optionalInteger(params, 'limit', 1, MAX_LIMIT, defaultLimit),
    offset: optionalInteger(params, 'offset', 0, Number.MAX_SAFE_INTEGER, 0),
  };
}

export function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const value = params.get(name);
  if (value === null || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new HttpError(400, `${name} must be one of ${allowed.join(', ')}, got "${value.slice(0, 40)}"`);
  return value as T;
}

export function key(value: string | null, name: string): string {
  if (value === null || value === '') throw new HttpError(400, `${name} is required`);
  if (value.length > MAX_KEY_CHARS || CONTROL_CHARS.test(value)) throw new HttpError(400, `${name} is not a candidate key`);
  return value;
}

export function optionalText(params: URLSearchParams, name: string, maxChars: number): string {
  const value = params.get(name) ?? '';
  if (value.length > maxChars || CONTROL_CHARS.test(value)) throw new HttpError(400, `${name} must be at most ${maxChars} printable characters`);
  return value;
}

/** Splits must be short names ('train', 'test'); absent means every split. */
export function optionalSplit(params: URLSearchParams): string | undefined {
  const value = params.get('split');
  if (value === null || value === '') return undefined;
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(value)) throw new HttpError(400, `split must be a short name like train or test`);
  return value;
}
