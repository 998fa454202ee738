/**
 * Fixed mode, step 1: find the part of a reply that states the answer. Unlike the reference, markers
 * are matched case-insensitively ("Answer:", "ANSWER IS"), a following question is cut only where it
 * starts a new line, and a `\boxed{...}` (balanced braces, the last one) takes precedence.
 */
import { pyStrip } from '../../../util/python-str.js';
import { NEXT_QUESTION_DELIMITERS, STEP_BY_STEP_ANSWER_DELIMITERS } from './reference-delimiters.js';

/**
 * How the span was found, which tells the parsers where the answer sits inside it:
 * after a marker (or in a box) it comes first; before an "is the answer" marker, or in an
 * unmarked reply, it comes last.
 */
export type AnswerCue = 'boxed' | 'after-marker' | 'before-marker' | 'none';

export interface AnswerSpan {
  text: string;
  cue: AnswerCue;
}

const BOXED_OPENING = '\\boxed{';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A new question at the start of a later line ("\n\nQ: ...", "\nQuestion: ..."): the model kept going. */
const NEXT_QUESTION = new RegExp(
  `\\n[ \\t]*(?:${[...new Set(NEXT_QUESTION_DELIMITERS.map((marker) => pyStrip(marker)))]
    .map(escapeRegExp)
    .join('|')})`,
  'iu',
);

/** "the answer is", "answer:", "final answer is:", "####", and the multilingual step-by-step markers. */
const PRIMARY_MARKER = new RegExp(
  [
    String.raw`\banswer\s+is\b\s*:?`,
    String.raw`\banswer\s*:`,
    '####',
    ...[...new Set(STEP_BY_STEP_ANSWER_DELIMITERS.map((marker) => pyStrip(marker)))].map(escapeRegExp),
  ].join('|'),
  'giu',
);
/** Weaker "X is: answer" markers, used only when no primary marker occurs (as in the reference). */
const SECONDARY_MARKER = /\b(?:is|are)\s*:/giu;
/** "18 is the answer", "(B) is the correct answer". */
const AHEAD_MARKER = /\s+is\s+the\s+(?:correct\s+|right\s+|final\s+)?answer\b/iu;

/** The content of the last `\boxed{...}`, braces balanced; null when there is none (or it never closes). */
export function lastBoxedContent(text: string): string | null {
  const start = text.lastIndexOf(BOXED_OPENING);
  if (start === -1) return null;
  let depth = 1;
  for (let i = start + BOXED_OPENING.length; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') depth -= 1;
    if (depth === 0) return text.slice(start + BOXED_OPENING.length, i);
  }
  return null;
}

/** The reply without any new question the model went on to write. */
export function cutNextQuestion(text: string): string {
  const match = NEXT_QUESTION.exec(text);
  return match === null ? text : text.slice(0, match.index);
}

function textAfterLastMatch(text: string, marker: RegExp): string | null {
  let end: number | null = null;
  for (const match of text.matchAll(marker)) end = match.index + match[0].length;
  return end === null ? null : text.slice(end);
}

function firstNonEmptyLine(text: string): string {
  return pyStrip(text).split('\n')[0] ?? '';
}

function lastNonEmptyLine(text: string): string {
  const lines = pyStrip(text).split('\n');
  return lines[lines.length - 1] ?? '';
}

/** The answer-bearing part of a reply and how it was found. */
export function findAnswerSpan(output: string): AnswerSpan {
  const reply = cutNextQuestion(output);
  const boxed = lastBoxedContent(reply);
  if (boxed !== null) return { text: pyStrip(boxed), cue: 'boxed' };

  const afterMarker = textAfterLastMatch(reply, PRIMARY_MARKER) ?? textAfterLastMatch(reply, SECONDARY_MARKER);
  const scope = afterMarker === null ? reply : firstNonEmptyLine(afterMarker);
  const ahead = AHEAD_MARKER.exec(scope);
  if (ahead !== null) {
    const before = scope.slice(0, ahead.index);
    return afterMarker === null
      ? { text: lastNonEmptyLine(before), cue: 'before-marker' }
      : { text: pyStrip(before), cue: 'after-marker' };
  }
  return afterMarker === null ? { text: pyStrip(reply), cue: 'none' } : { text: scope, cue: 'after-marker' };
}
