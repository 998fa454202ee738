/**
 * Fixed mode for free-form answers (dyck_languages, word_sorting): the stated answer must equal the gold
 * after trimming, whitespace collapsing and case-folding. No substring credit, so a reply that merely
 * contains the gold sequence among other text is wrong.
 */
import { PY_WHITESPACE } from '../../../util/python-str.js';

const WHITESPACE_RUN = new RegExp(`[${PY_WHITESPACE}]+`, 'gu');
/** Markdown emphasis, code ticks and quotes wrapped around an answer are presentation, not content. */
const WRAPPING_MARKUP = /^[*_`"“”]+|[*_`"“”]+$/gu;
/** A sentence-ending period (or several) after the answer. */
const TRAILING_PERIODS = /\.+$/u;

/** Trim, drop wrapping markup and final periods, collapse whitespace to one space, lower-case. */
export function normalizeFreeText(text: string): string {
  const collapsed = text.replace(WHITESPACE_RUN, ' ').trim();
  return collapsed.replace(WRAPPING_MARKUP, '').replace(TRAILING_PERIODS, '').trim().toLowerCase();
}
