/**
 * JSON Lines reading shared by the GSM8K / AQuA parsers and user .jsonl files: one JSON value per
 * non-blank line, with the 1-based line number kept so errors can point at the exact line.
 */
import { DatasetError } from './errors.js';

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

const BYTE_ORDER_MARK = '\uFEFF';

export function stripByteOrderMark(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text;
}

/** Parse every non-blank line; `label` names the file in error messages. */
export function parseJsonLines(text: string, label: string): JsonLine[] {
  const records: JsonLine[] = [];
  const lines = stripByteOrderMark(text).split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    try {
      records.push({ line, value: JSON.parse(raw) });
    } catch (error) {
      throw new DatasetError(`${label} line ${line}: invalid JSON (${(error as Error).message}).`);
    }
  });
  return records;
}

/** Parse a whole file as one JSON value, with the file named in the error. */
export function parseJsonDocument(text: string, label: string): unknown {
  try {
    return JSON.parse(stripByteOrderMark(text));
  } catch (error) {
    throw new DatasetError(`${label}: invalid JSON (${(error as Error).message}).`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
