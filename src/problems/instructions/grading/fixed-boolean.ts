/**
 * Fixed mode for boolean answers (BBH's True/False, Yes/No, valid/invalid). The answer is a whole word
 * of that vocabulary, or a reply that is only "0"/"1"; it is compared by meaning, so "True" answers gold
 * "Yes". A word inside another word earns nothing: "invalid" is not "valid", and "not valid" means invalid.
 */
import { pyRemovePunctuation, pyStrip } from '../../../util/python-str.js';
import { BOOLEAN_PAIRS } from './reference-delimiters.js';
import type { AnswerCue } from './fixed-span.js';

/** A boolean word, with a directly preceding "not" captured: "not valid" means invalid. */
const BOOLEAN_WORD = new RegExp(`\\b(not\\s+)?(${BOOLEAN_PAIRS.flat().join('|')})\\b`, 'giu');
const DIGIT_MEANINGS: Readonly<Record<string, string>> = { '0': 'false', '1': 'true' };

/** The meaning of a boolean word: 'true' or 'false'; null for anything else. */
export function booleanMeaning(word: string): 'true' | 'false' | null {
  const lowered = word.trim().toLowerCase();
  const pair = BOOLEAN_PAIRS.find((candidate) => candidate.includes(lowered));
  if (pair === undefined) return null;
  return pair[1] === lowered ? 'true' : 'false';
}

/** The other word of a word's pair: valid <-> invalid, true <-> false, yes <-> no. */
function opposite(word: string): string {
  const pair = BOOLEAN_PAIRS.find((candidate) => candidate.includes(word));
  if (pair === undefined) return word;
  return pair[0] === word ? (pair[1] as string) : (pair[0] as string);
}

/**
 * The boolean word a span states, lower-cased ("0"/"1" become "false"/"true"): the first such word after
 * an answer marker or in a box, the last one otherwise (a chain of thought concludes at its end).
 */
export function extractBoolean(spanText: string, cue: AnswerCue): string | null {
  const bare = pyStrip(pyRemovePunctuation(spanText));
  const digitMeaning = DIGIT_MEANINGS[bare];
  if (digitMeaning !== undefined) return digitMeaning;
  const words = [...spanText.matchAll(BOOLEAN_WORD)].map((match) => {
    const word = (match[2] ?? '').toLowerCase();
    return match[1] ? opposite(word) : word;
  });
  const chosen = cue === 'boxed' || cue === 'after-marker' ? words[0] : words[words.length - 1];
  return chosen ?? null;
}
