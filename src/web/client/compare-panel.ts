import { COMPARE_FILTERS, type CandidateItem, type CompareFilter, type CompareResponse, type CompareRow, type CompareSplit } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { candidatePicker, topCandidates } from './candidate-picker.js';
import { h, replace } from './dom.js';
import { formatCount, formatScore } from './format.js';
import { feedbackNote, promptCell, verdict } from './examples-panel.js';
import { renderPager } from './pager.js';
import type { Panel, RunContext } from './run-context.js';
import { updateParams } from './router.js';
import { capitalize, splitName } from './splits.js';
import { mcnemarTest, SIGNIFICANCE_LEVEL } from '../../stats/mcnemar.js';
import { formatPValue, formatPoints, methodLabel } from '../../stats/format.js';
import { comparePairedScores } from '../../stats/paired.js';

const PAGE_SIZE = 25;
const FILTER_LABELS: Record<CompareFilter, string> = { all: 'all shared examples', differ: 'where they differ', onlyA: 'only A correct', onlyB: 'only B correct' };
/** With partial scores (a judge's 3/5, token F1) the same filters read as who scored higher. */
const SCORE_FILTER_LABELS: Record<CompareFilter, string> = { all: 'all shared examples', differ: 'where the scores differ', onlyA: 'A scored higher', onlyB: 'B scored higher' };

/**
 * Two instructions side by side on the examples of one split both were graded on: the tally of who
 * got what right, and each example's two answers. A and B default to the best and the second best;
 * the split to the held-out one when both were graded on it (the server decides), else training.
 * Splits are never mixed: example 3 of train and example 3 of test are different examples.
 */
/** McNemar's test on the examples only one of the two got right: is the difference more than noise? */
function significance(onlyA: number, onlyB: number): HTMLElement {
  const label = h('div', { class: 'stat-label' }, 'difference (McNemar)');
  if (onlyA + onlyB === 0) return h('div', { class: 'stat compare-p' }, label, h('div', { class: 'stat-value' }, 'none'));
  const test = mcnemarTest(onlyA, onlyB);
  const verdict = test.pValue < SIGNIFICANCE_LEVEL ? 'significant' : 'within noise';
  return h(
    'div',
    { class: 'stat compare-p', title: `${methodLabel(test.method)} on ${onlyA + onlyB} discordant examples` },
    label,
    h('div', { class: 'stat-value' }, formatPValue(test.pValue)),
    h('div', { class: 'stat-label' }, verdict),
  );
}

/**
 * Partial scores (a judge, token F1...): the paired permutation test on the score differences, with
 * the mean difference A − B and its 95% interval, the same test and figures as the CLI report.
 */
function scoreSignificance(scores: { a: number[]; b: number[] }): HTMLElement {
  const label = h('div', { class: 'stat-label' }, 'difference (paired permutation)');
  const asMap = (values: number[]): Map<number, number> => new Map(values.map((score, i) => [i, score]));
  const c = comparePairedScores(asMap(scores.a), asMap(scores.b));
  const d = c.scores;
  if (!d || d.nonzero === 0) return h('div', { class: 'stat compare-p' }, label, h('div', { class: 'stat-value' }, 'none'));
  const interval = d.interval ? ` [${(d.interval.low * 100).toFixed(1)}, ${(d.interval.high * 100).toFixed(1)}]` : '';
  const verdict = c.significant ? 'significant' : 'within noise';
  return h(
    'div',
    { class: 'stat compare-p', title: `${methodLabel(c.method)} on ${c.first.n} examples both answered (${d.nonzero} differ); mean score A ${(d.firstMean * 100).toFixed(1)}%, B ${(d.secondMean * 100).toFixed(1)}%; 95% t interval of the difference` },
    label,
    h('div', { class: 'stat-value' }, formatPValue(c.pValue)),
    h('div', { class: 'stat-label' }, `A − B ${formatPoints(d.difference)}${interval} · ${verdict}`),
  );
}

export class ComparePanel implements Panel {
  private readonly head = h('div', { class: 'compare-head' });
  /** Names the split the tally and the rows below are of. */
  private readonly caption = h('h3', { class: 'compare-split' });
  private readonly tally = h('div', { class: 'stats compare-tally' });
  private readonly table = h('table', { class: 'data compare-table', id: 'compare-table' });
  private readonly pager = h('div', { class: 'pager' });
  private a: string | null;
  private b: string | null;
  private filter: CompareFilter = 'differ';
  /** The split asked for; null lets the server choose (held-out when both were graded on it). */
  private split: string | null;
  private offset = 0;
  /** The last page drawn: a live refresh that brings nothing new leaves the table (and open prompts) alone. */
  private drawn = '';
  private top: CandidateItem[] = [];

  constructor(private readonly context: RunContext) {
    this.a = context.params.get('a');
    this.b = context.params.get('b');
    this.split = context.params.get('split');
  }

  mount(target: HTMLElement): void {
    replace(target, this.head, this.caption, this.tally, h('div', { class: 'table-wrap' }, this.table), this.pager);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    if (this.top.length === 0) this.top = await topCandidates(this.context.run.id).catch(() => []);
    this.a ??= this.top[0]?.key ?? null;
    this.b ??= this.top.find((c) => c.key !== this.a)?.key ?? null;
    if (this.a === null || this.b === null || this.a === this.b) {
      replace(this.head, h('p', { class: 'muted' }, 'Pick two different instructions (buttons A and B in the Instructions tab).'));
      replace(this.caption);
      this.renderPickers(null);
      return;
    }
    let page: CompareResponse;
    try {
      page = await getJson(runPath(this.context.run.id, '/compare'), { a: this.a, b: this.b, split: this.split ?? '', filter: this.filter, limit: PAGE_SIZE, offset: this.offset });
    } catch (error) {
      replace(this.tally, h('p', { class: 'error' }, `Could not compare: ${(error as Error).message}`));
      return;
    }
    const signature = JSON.stringify([page, this.top.length]);
    if (signature === this.drawn) return;
    this.drawn = signature;
    this.renderPickers(page);
    replace(this.caption, `${capitalize(splitName(page.split))} examples: ${formatCount(page.tally.shared)} graded for both A and B`, h('span', { class: 'muted small' }, this.otherSplits(page)));
    const t = page.tally;
    const cell = (label: string, n: number): HTMLElement => h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, formatCount(n)));
    const tallies = page.scores
      ? [cell('both full score', t.both), cell('A higher', t.onlyA), cell('B higher', t.onlyB), cell('same, below full', t.neither)]
      : [cell('both correct', t.both), cell('only A', t.onlyA), cell('only B', t.onlyB), cell('neither', t.neither)];
    replace(this.tally, cell('shared examples', t.shared), ...tallies, cell('failed calls', t.failed), page.scores ? scoreSignificance(page.scores) : significance(t.onlyA, t.onlyB));
    replace(
      this.table,
      h('thead', {}, h('tr', {}, ...['#', 'Prompt (A)', this.context.run.view.exampleLabels.expected, 'A answer', 'A', 'B answer', 'B'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, ...page.rows.map((row) => this.row(row))),
    );
    if (page.total === 0) this.table.append(h('caption', {}, t.shared === 0 ? `These two were never graded on the same ${splitName(page.split)} examples.` : 'No example matches the filter.'));
    renderPager(this.pager, { total: page.total, offset: page.offset, limit: page.limit, shown: page.rows.length }, (offset) => {
      this.offset = offset;
      void this.refresh();
    });
  }

  private renderPickers(page: CompareResponse | null): void {
    const format = this.context.run.view.scoreFormat;
    const reset = (): void => {
      this.offset = 0;
      void this.refresh();
    };
    const pickA = candidatePicker('instruction A', this.top, page?.a ?? null, format, (key) => {
      this.a = key;
      updateParams({ a: key });
      reset();
    });
    const pickB = candidatePicker('instruction B', this.top, page?.b ?? null, format, (key) => {
      this.b = key;
      updateParams({ b: key });
      reset();
    });
    const labels = page?.scores ? SCORE_FILTER_LABELS : FILTER_LABELS;
    const filter = h('select', { 'aria-label': 'compare filter', class: 'picker-small' }, ...COMPARE_FILTERS.map((f) => h('option', { value: f, selected: f === this.filter }, labels[f])));
    filter.addEventListener('change', () => {
      this.filter = filter.value as CompareFilter;
      reset();
    });
    const splits = page ? this.splitChoices(page) : [];
    const split = h('select', { 'aria-label': 'compare split', class: 'picker-small' }, ...splits.map((s) => h('option', { value: s.split, selected: s.split === page?.split }, `${splitName(s.split)} · ${formatCount(s.shared)} shared`)));
    split.addEventListener('change', () => {
      this.split = split.value;
      updateParams({ split: split.value });
      reset();
    });
    const score = (c: CandidateItem | null | undefined): string => (c ? ` train ${formatScore(c.score, format)} · test ${formatScore(c.testScore, format)}` : '');
    replace(
      this.head,
      h('label', { class: 'pick' }, h('span', { class: 'side side-a' }, 'A'), pickA, h('span', { class: 'muted small' }, score(page?.a))),
      h('label', { class: 'pick' }, h('span', { class: 'side side-b' }, 'B'), pickB, h('span', { class: 'muted small' }, score(page?.b))),
      h('label', { class: 'pick' }, 'Split ', split),
      h('label', { class: 'pick' }, 'Show ', filter),
    );
  }

  /** The splits worth offering: those both were graded on, and the one shown (even when empty). */
  private splitChoices(page: CompareResponse): CompareSplit[] {
    return page.splits.filter((s) => s.shared > 0 || s.split === page.split);
  }

  /** A pointer to the other split's comparison, which the tally above never includes. */
  private otherSplits(page: CompareResponse): string {
    const others = page.splits.filter((s) => s.split !== page.split && s.shared > 0);
    if (others.length === 0) return '';
    return ` · ${others.map((s) => `${splitName(s.split)}: ${formatCount(s.shared)}`).join(', ')}, compared separately (Split)`;
  }

  private row(row: CompareRow): HTMLTableRowElement {
    const answer = (raw: string | null): HTMLElement => (raw === null ? h('span', { class: 'muted' }, 'no answer') : h('pre', { class: 'answer' }, raw));
    return h(
      'tr',
      {},
      h('td', { class: 'num' }, `${row.split === 'train' ? '' : `${row.split} `}${row.exampleIndex}`),
      h('td', { class: 'text-cell' }, promptCell(row.input)),
      h('td', { class: 'mono' }, row.expected ?? '–'),
      h('td', { class: 'text-cell' }, answer(row.a.output)),
      h('td', {}, verdict(row.a.score, row.a.outcome), feedbackNote(row.a.feedback)),
      h('td', { class: 'text-cell' }, answer(row.b.output)),
      h('td', {}, verdict(row.b.score, row.b.outcome), feedbackNote(row.b.feedback)),
    );
  }
}
