/**
 * Turn the upstream benchmark files into examples, building questions and gold answers the way the
 * reference does (spec sections 3 and 6.4). Each parser gets the file text and a label for errors.
 */
import type { BuiltinFormat } from './builtin-catalog.js';
import { DatasetError } from './errors.js';
import { isPlainObject, parseJsonDocument, parseJsonLines } from './json-lines.js';
import type { DatasetExample } from './types.js';

const GSM8K_ANSWER_MARKER = '####';
const AQUA_CLOSING_QUESTION = "What's the answer in (A) (B) (C) (D) (E)?";

function stringField(record: unknown, field: string, where: string): string {
  if (!isPlainObject(record)) throw new DatasetError(`${where}: expected a JSON object.`);
  const value = record[field];
  if (typeof value !== 'string') throw new DatasetError(`${where}: field '${field}' is missing or not a string.`);
  return value;
}

/** GSM8K: the gold answer is the text after '####', trimmed, with thousands separators removed. */
export function parseGsm8k(text: string, label: string): DatasetExample[] {
  return parseJsonLines(text, label).map(({ line, value }, index) => {
    const where = `${label} line ${line}`;
    const answer = stringField(value, 'answer', where);
    const marker = answer.lastIndexOf(GSM8K_ANSWER_MARKER);
    if (marker < 0) throw new DatasetError(`${where}: the answer has no '${GSM8K_ANSWER_MARKER}' line.`);
    const target = answer.slice(marker + GSM8K_ANSWER_MARKER.length).trim().replaceAll(',', '');
    return { index, question: stringField(value, 'question', where), target };
  });
}

/** BBH: `{canary, examples: [{input, target}]}`; the input already holds any "Options:" block. */
export function parseBbh(text: string, label: string): DatasetExample[] {
  const document = parseJsonDocument(text, label);
  const examples = isPlainObject(document) ? document['examples'] : undefined;
  if (!Array.isArray(examples)) throw new DatasetError(`${label}: expected an object with an 'examples' array.`);
  return examples.map((record, index) => {
    const where = `${label} example ${index + 1}`;
    return { index, question: stringField(record, 'input', where), target: stringField(record, 'target', where) };
  });
}

/** MultiArith: question = sQuestion trimmed; gold = int(lSolutions[0]) (truncation, as Python's int()). */
export function parseMultiArith(text: string, label: string): DatasetExample[] {
  const document = parseJsonDocument(text, label);
  if (!Array.isArray(document)) throw new DatasetError(`${label}: expected a JSON array of problems.`);
  return document.map((record, index) => {
    const where = `${label} problem ${index + 1}`;
    const solutions = isPlainObject(record) ? record['lSolutions'] : undefined;
    const first: unknown = Array.isArray(solutions) ? solutions[0] : undefined;
    if (typeof first !== 'number' || !Number.isFinite(first)) {
      throw new DatasetError(`${where}: 'lSolutions' must start with a number.`);
    }
    return { index, question: stringField(record, 'sQuestion', where).trim(), target: String(Math.trunc(first)) };
  });
}

/**
 * AQuA (JSON Lines): the question followed by one line per option written as "(" + option
 * (e.g. "(A)5(√3 + 1)", no space), then the closing question; gold = the `correct` letter.
 */
export function parseAqua(text: string, label: string): DatasetExample[] {
  return parseJsonLines(text, label).map(({ line, value }, index) => {
    const where = `${label} line ${line}`;
    const options = isPlainObject(value) ? value['options'] : undefined;
    if (!Array.isArray(options) || !options.every((option) => typeof option === 'string')) {
      throw new DatasetError(`${where}: 'options' must be an array of strings.`);
    }
    const optionLines = options.map((option) => `\n(${option}`).join('');
    const question = `${stringField(value, 'question', where)}${optionLines}\n${AQUA_CLOSING_QUESTION}`;
    return { index, question, target: stringField(value, 'correct', where) };
  });
}

export const BUILTIN_PARSERS: Readonly<Record<BuiltinFormat, (text: string, label: string) => DatasetExample[]>> = {
  gsm8k: parseGsm8k,
  bbh: parseBbh,
  multiarith: parseMultiArith,
  aqua: parseAqua,
};
