import type { CandidateItem, CandidateSortKey, Page, ScoreFormat, SortDir } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { copyButton } from './clipboard.js';
import { h, replace } from './dom.js';
import { formatScore, formatScoreInterval } from './format.js';
import { renderPager } from './pager.js';
import type { Panel, RunContext } from './run-context.js';
import { sortableHead, type Column } from './sortable-header.js';
import { stepLabel } from '../../engine/step-label.js';

const PAGE_SIZE = 25;
const FILTER_DEBOUNCE_MS = 250;

/**
 * Every candidate of the run: text, step, train score and (kinds with held-out data) test score;
 * sortable, filterable, paginated on the server. Where the kind records per-example results, each
 * links to its examples and can be picked as A or B for the side-by-side comparison.
 */
/** The score's 95% Wilson interval beside it, small, with n in its tooltip (nothing for non-percent scores). */
function withInterval(score: number | null, n: number | null | undefined, format: ScoreFormat): HTMLElement | null {
  const interval = formatScoreInterval(score, n, format);
  return interval ? h('span', { class: 'muted small score-interval', title: `95% Wilson interval over ${n} answered examples` }, ` ${interval}`) : null;
}

export class CandidatesPanel implements Panel {
  private readonly table = h('table', { class: 'data candidates-table', id: 'candidates-table' });
  private readonly pager = h('div', { class: 'pager' });
  private readonly message = h('p', { class: 'muted', role: 'status' });
  private sort: CandidateSortKey = 'score';
  private dir: SortDir | null = null;
  private offset = 0;
  /** The last page drawn: a live refresh that brings nothing new leaves the table (and open prompts) alone. */
  private drawn = '';
  private text = '';

  constructor(private readonly context: RunContext) {}

  private get view(): RunContext['run']['view'] {
    return this.context.run.view;
  }

  mount(target: HTMLElement): void {
    const filter = h('input', { type: 'search', class: 'filter', placeholder: `Filter ${this.view.solutionLabel.toLowerCase()}s`, 'aria-label': 'filter candidates', value: this.text });
    let timer: number | undefined;
    filter.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        this.text = filter.value;
        this.offset = 0;
        void this.refresh();
      }, FILTER_DEBOUNCE_MS);
    });
    replace(target, h('div', { class: 'panel-head' }, filter), this.message, h('div', { class: 'table-wrap' }, this.table), this.pager);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const { run } = this.context;
    let page: Page<CandidateItem> & { sort: string; dir: SortDir };
    try {
      page = await getJson(runPath(run.id, '/candidates'), { sort: this.sort, dir: this.dir, q: this.text, limit: PAGE_SIZE, offset: this.offset });
    } catch (error) {
      this.message.textContent = `Could not load the candidates: ${(error as Error).message}`;
      return;
    }
    const signature = JSON.stringify(page);
    if (signature === this.drawn) return;
    this.drawn = signature;
    this.message.textContent = page.total === 0 ? 'No candidates yet.' : '';
    const best = run.direction === 'maximize' ? 'desc' : 'asc';
    const columns: Column[] = [
      { sort: 'step', label: 'Step', className: 'num' },
      { sort: null, label: this.view.solutionLabel },
      { sort: 'score', label: this.view.heldOut ? 'Train' : 'Score', className: 'num' },
      ...(this.view.heldOut ? [{ sort: 'test', label: 'Test', className: 'num' }] : []),
      ...(this.view.examples ? [{ sort: null, label: 'Examples · compare' }] : []),
    ];
    replace(
      this.table,
      sortableHead(columns, { sort: page.sort, dir: page.dir }, (sort, dir) => {
        this.sort = sort as CandidateSortKey;
        this.dir = dir;
        this.offset = 0;
        void this.refresh();
      }, (sort) => (sort === 'step' ? 'asc' : best)),
      h('tbody', {}, ...page.rows.map((candidate) => this.row(candidate))),
    );
    renderPager(this.pager, { total: page.total, offset: page.offset, limit: page.limit, shown: page.rows.length }, (offset) => {
      this.offset = offset;
      void this.refresh();
    });
  }

  private row(c: CandidateItem): HTMLTableRowElement {
    const format = this.view.scoreFormat;
    const score = c.score === null ? h('span', { class: 'muted', title: c.unscoredReason ?? '' }, 'unscored') : formatScore(c.score, format);
    const show = this.context.show;
    return h(
      'tr',
      { 'data-key': c.key },
      h('td', { class: 'num' }, stepLabel(c.step)),
      h('td', { class: 'text-cell' }, h('span', { class: 'candidate-text' }, c.label), ' ', copyButton(c.text)),
      h('td', { class: 'num' }, score, withInterval(c.score, c.stats?.['answered'], format)),
      this.view.heldOut ? h('td', { class: 'num', title: c.testN ? `on ${c.testN} examples` : '' }, formatScore(c.testScore, format), withInterval(c.testScore, c.testN, format)) : null,
      ...(this.view.examples
        ? [
            h(
              'td',
              { class: 'actions' },
              h('button', { type: 'button', class: 'btn btn-small', onclick: () => show('examples', { key: c.key }) }, 'Examples'),
              h('button', { type: 'button', class: 'btn btn-small', title: 'compare as A', onclick: () => show('compare', { a: c.key }) }, 'A'),
              h('button', { type: 'button', class: 'btn btn-small', title: 'compare as B', onclick: () => show('compare', { b: c.key }) }, 'B'),
            ),
          ]
        : []),
    );
  }
}
