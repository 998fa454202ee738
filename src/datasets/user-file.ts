/**
 * The user's own examples from a JSONL, CSV or JSON file. Every problem is reported with the file,
 * the row (and line where there is one) and the field, because these files are hand-made and the
 * first load is where mistakes show up.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';

import { parse as parseCsv } from 'csv-parse/sync';

import { sha256Hex } from './download-cache.js';
import { DatasetError } from './errors.js';
import { isPlainObject, parseJsonDocument, parseJsonLines } from './json-lines.js';
import { ANSWER_TYPES, type AnswerType, type Dataset, type DatasetExample } from './types.js';

export type UserFileFormat = 'jsonl' | 'csv' | 'json';

export interface UserFileOptions {
  /** Field (column) holding the question. */
  inputField: string;
  /** Field (column) holding the gold answer; numbers are turned into strings. */
  targetField: string;
  /** Allow examples without the target field (an open-ended task scored by a judge): their target is ''. */
  targetOptional?: boolean;
  /** Keep every field of each record on its example (`fields`), for prompt templates and metrics. */
  keepFields?: boolean;
  answerType: AnswerType;
  /** Overrides the format implied by the extension. */
  format?: UserFileFormat;
  /** Phrase for the instructions-only meta-prompt; defaults to the file name without extension. */
  taskDescription?: string;
}

const FORMAT_BY_EXTENSION: Readonly<Record<string, UserFileFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.json': 'json',
};

export const USER_FILE_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION);

/** A record before field extraction, with where it sits in the file for error messages. */
interface RawRow {
  /** e.g. "line 4" or "row 3 (line 5)". */
  where: string;
  value: unknown;
}

export function userFileFormat(path: string, format?: UserFileFormat): UserFileFormat {
  if (format) {
    if (!Object.values(FORMAT_BY_EXTENSION).includes(format)) {
      throw new DatasetError(`Unknown dataset file format '${String(format)}'; use jsonl, csv or json.`);
    }
    return format;
  }
  const found = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (!found) {
    throw new DatasetError(
      `Cannot tell the format of ${path} from its extension; use one of ${USER_FILE_EXTENSIONS.join(', ')} ` +
        'or pass the format explicitly (jsonl, csv or json).',
    );
  }
  return found;
}

function jsonlRows(text: string, label: string): RawRow[] {
  return parseJsonLines(text, label).map(({ line, value }) => ({ where: `line ${line}`, value }));
}

function csvRows(text: string, label: string): RawRow[] {
  let parsed: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    parsed = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, info: true });
  } catch (error) {
    throw new DatasetError(`${label}: invalid CSV (${(error as Error).message}).`);
  }
  // csv-parse reports the line on which a record ends; row numbers count data rows after the header.
  return parsed.map(({ record, info }, i) => ({ where: `row ${i + 1} (line ${info.lines})`, value: record }));
}

function jsonRows(text: string, label: string): RawRow[] {
  const document = parseJsonDocument(text, label);
  const examples = Array.isArray(document) ? document : isPlainObject(document) ? document['examples'] : undefined;
  if (!Array.isArray(examples)) {
    throw new DatasetError(`${label} must hold a JSON array of examples or an object with an 'examples' array.`);
  }
  return examples.map((value, i) => ({ where: `example ${i + 1}`, value }));
}

const ROW_READERS: Readonly<Record<UserFileFormat, (text: string, label: string) => RawRow[]>> = {
  jsonl: jsonlRows,
  csv: csvRows,
  json: jsonRows,
};

function fieldText(row: Record<string, unknown>, field: string, role: string, where: string): string {
  if (!Object.hasOwn(row, field)) {
    const present = Object.keys(row);
    const listing = present.length > 0 ? present.map((name) => `'${name}'`).join(', ') : 'none';
    throw new DatasetError(`${where} has no ${role} field '${field}'; its fields are: ${listing}.`);
  }
  const value = row[field];
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    throw new DatasetError(
      `${where}: the ${role} field '${field}' must be a string or a number, not ${describe(value)}.`,
    );
  }
  // An empty gold answer would be "contained" in every prediction and grade everything correct.
  if (text.trim() === '') throw new DatasetError(`${where}: the ${role} field '${field}' is empty.`);
  return text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function toExample(row: RawRow, index: number, options: UserFileOptions, label: string): DatasetExample {
  const where = `${label} ${row.where}`;
  if (!isPlainObject(row.value)) throw new DatasetError(`${where} is not an object with named fields.`);
  const hasTarget = Object.hasOwn(row.value, options.targetField) && row.value[options.targetField] !== null && row.value[options.targetField] !== '';
  return {
    index,
    question: fieldText(row.value, options.inputField, 'input', where),
    target: options.targetOptional && !hasTarget ? '' : fieldText(row.value, options.targetField, 'target', where),
    ...(options.keepFields ? { fields: recordFields(row.value) } : {}),
  };
}

/** Scalar fields as text; objects and arrays as their JSON (a template can still show them). */
function recordFields(row: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(row)) {
    if (value === null || value === undefined) continue;
    fields[name] = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  }
  return fields;
}

function defaultTaskDescription(path: string): string {
  return basename(path, extname(path)).replace(/[_-]+/g, ' ').trim();
}

/** Load a user file (.jsonl, .csv or .json) into a Dataset whose held-out split is the rest of the pool. */
/**
 * The file as text. Bytes that are not UTF-8 (a Latin-1 or UTF-16 export) would silently become
 * U+FFFD and change questions and answers: refused, naming the line and byte where they are.
 */
function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        strict.decode(bytes.subarray(lineStart, i));
      } catch {
        throw new DatasetError(`${file} is not valid UTF-8: line ${line} (byte ${lineStart}) holds bytes that are not UTF-8 text; save the file as UTF-8.`);
      }
      lineStart = i + 1;
      line += 1;
    }
    throw new DatasetError(`${file} is not valid UTF-8; save the file as UTF-8.`);
  }
}

export async function loadUserDataset(path: string, options: UserFileOptions): Promise<Dataset> {
  if (!ANSWER_TYPES.includes(options.answerType)) {
    throw new DatasetError(
      `Unknown answer type '${String(options.answerType)}' for ${path}; use one of ${ANSWER_TYPES.join(', ')}.`,
    );
  }
  const absolute = resolve(path);
  const format = userFileFormat(absolute, options.format);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetError(`Dataset file not found: ${absolute}.`);
    throw new DatasetError(`Cannot read dataset file ${absolute} (${(error as Error).message}).`);
  }
  const rows = ROW_READERS[format](decodeUtf8(bytes, absolute), absolute);
  if (rows.length === 0) throw new DatasetError(`${absolute} holds no examples.`);
  const pool = rows.map((row, index) => toExample(row, index, options, absolute));
  return {
    id: `file:${basename(absolute)}`,
    answerType: options.answerType,
    multipleChoice: options.answerType === 'choice',
    forbidDigitsInInstructions: false,
    taskDescription: options.taskDescription ?? defaultTaskDescription(absolute),
    pool,
    heldOut: null,
    contentHash: sha256Hex(bytes),
    source: absolute,
  };
}
