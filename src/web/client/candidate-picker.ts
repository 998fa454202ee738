import type { CandidateItem, Page, ScoreFormat } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { h } from './dom.js';
import { formatScore } from './format.js';
import { stepLabel } from '../../engine/step-label.js';

/** Choices offered in a picker: the best ones; any other is reachable from the Instructions tab. */
const PICKER_SIZE = 100;
const LABEL_CHARS = 90;

const label = (c: CandidateItem, format: ScoreFormat): string => {
  const text = c.text.length > LABEL_CHARS ? `${c.text.slice(0, LABEL_CHARS)}…` : c.text;
  return `${formatScore(c.score, format)} · ${c.step === -1 ? 'init' : `step ${stepLabel(c.step)}`} · ${text}`;
};

/** The best candidates of a run, best first (one request shared by a page's pickers). */
export async function topCandidates(runId: string): Promise<CandidateItem[]> {
  const page = await getJson<Page<CandidateItem>>(runPath(runId, '/candidates'), { sort: 'score', limit: PICKER_SIZE });
  return page.rows.filter((c) => c.score !== null);
}

/**
 * A <select> of candidates by key. `current` is kept as an option even when it is not among the
 * best, so a link to any instruction shows it selected.
 */
export function candidatePicker(name: string, candidates: CandidateItem[], current: CandidateItem | null, format: ScoreFormat, onPick: (key: string) => void): HTMLSelectElement {
  const options = current && !candidates.some((c) => c.key === current.key) ? [current, ...candidates] : candidates;
  const select = h('select', { 'aria-label': name, class: 'picker' }, ...options.map((c) => h('option', { value: c.key, selected: c.key === current?.key }, label(c, format))));
  select.addEventListener('change', () => onPick(select.value));
  return select;
}
