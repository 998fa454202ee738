/**
 * The optional feedback block of the meta-prompt (off by default, never in `--preset paper`): a few
 * training examples the best instruction so far scored lowest, each with the model's output and the
 * metric's feedback, so the optimizer sees why points were lost, not only how many. It goes right
 * before the closing request of the meta-prompt, beside the paper's exemplars.
 */
import { BRACKET_FOOTER, TAGGED_FOOTER, TAGGED_FOOTER_A_BEGIN } from './meta-prompt-wording.js';

export interface FeedbackNote {
  exampleIndex: number;
  /** The example's input as the optimizer sees it (inputAsShown). */
  input: string;
  output: string;
  /** In [0, 1]. */
  score: number;
  feedback: string | null;
}

/** Longest output shown; long answers are cut in the middle of nothing important (their end). */
export const MAX_OUTPUT_CHARS = 600;

export const FEEDBACK_BLOCK_INTRO =
  '\n\nBelow are inputs on which the best text so far scored lowest, with the output it led to and what was wrong with it.\n';

function clipped(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > MAX_OUTPUT_CHARS ? `${trimmed.slice(0, MAX_OUTPUT_CHARS - 1)}…` : trimmed;
}

/** The worst `count` notes, lowest score first, ties by example index (deterministic). */
export function worstNotes(notes: readonly FeedbackNote[], count: number): FeedbackNote[] {
  return [...notes].filter((note) => note.score < 1).sort((a, b) => a.score - b.score || a.exampleIndex - b.exampleIndex).slice(0, count);
}

export function renderFeedbackBlock(notes: readonly FeedbackNote[]): string {
  if (notes.length === 0) return '';
  const entries = notes.map(
    (note) =>
      `\ninput:\n${note.input.trim()}\noutput:\n${clipped(note.output)}\nscore: ${Math.round(note.score * 100)}\n` +
      (note.feedback ? `feedback: ${note.feedback.trim()}\n` : ''),
  );
  return FEEDBACK_BLOCK_INTRO + entries.join('');
}

const FOOTERS = [TAGGED_FOOTER_A_BEGIN, TAGGED_FOOTER, BRACKET_FOOTER];

/** Insert the block before the meta-prompt's closing request (or at the end when it has none). */
export function withFeedbackBlock(metaPrompt: string, block: string): string {
  if (block === '') return metaPrompt;
  const footer = FOOTERS.find((candidate) => metaPrompt.endsWith(candidate));
  if (!footer) return metaPrompt + block;
  return metaPrompt.slice(0, metaPrompt.length - footer.length) + block.replace(/\n+$/, '') + footer;
}
