import { EXAMPLE_FILTERS, type ExampleFilter, type ExampleItem, type ExamplesResponse } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { candidatePicker, topCandidates } from './candidate-picker.js';
import { copyButton } from './clipboard.js';
import { h, replace } from './dom.js';
import { formatCount, formatScore } from './format.js';
import { renderPager } from './pager.js';
import type { Panel, RunContext } from './run-context.js';
import { updateParams } from './router.js';

const PAGE_SIZE = 25;
const SPLITS = ['', 'train', 'test'] as const;

/** Full marks, none, or a part (a metric's partial credit); a failed call is not a wrong answer. */
export function verdict(score: number | null, outcome: string): HTMLElement {
  if (outcome !== 'answered') return h('span', { class: 'verdict verdict-failed', title: outcome }, `⚠ ${outcome}`);
  if (score === null) return h('span', { class: 'verdict' }, '–');
  if (score === 1) return h('span', { class: 'verdict verdict-ok' }, '✓ correct');
  if (score === 0) return h('span', { class: 'verdict verdict-bad' }, '✗ wrong');
  return h('span', { class: 'verdict verdict-partial' }, `◐ ${Math.round(score * 100)}%`);
}

/** The metric's feedback under a verdict (the failed check, the judge's reason), or nothing. */
export function feedbackNote(feedback: string | null | undefined): HTMLElement | null {
  return feedback ? h('div', { class: 'feedback small' }, feedback) : null;
}

/** A kind's own per-example value, as text. */
const fieldText = (value: unknown): string => (value === null || value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value));

/** Characters of a folded prompt's start and end shown in its summary. */
const PROMPT_HEAD = 60;
const PROMPT_TAIL = 100;

/** A long prompt's summary: its start and its end, which is where a chat template's example input sits. */
export function promptSummary(prompt: string): string {
  return prompt.length > PROMPT_HEAD + PROMPT_TAIL + 20 ? `${prompt.slice(0, PROMPT_HEAD)} … ${prompt.slice(-PROMPT_TAIL)}` : prompt;
}

/**
 * A long prompt folds away; the question is at its start or its end (a task's instruction usually
 * comes first, the example's own input last), so both ends stay readable.
 */
export function promptCell(prompt: string): HTMLElement {
  return h('details', { class: 'prompt-cell' }, h('summary', {}, promptSummary(prompt)), h('pre', { class: 'prompt-text' }, prompt));
}

/**
 * One solution on each example it was evaluated on: the input (the scorer's prompt), output, the
 * kind's own fields (the parsed prediction), expected answer, verdict with any feedback, and outcome
 * (an API failure is not a wrong answer). Paginated.
 */
export class ExamplesPanel implements Panel {
  private readonly head = h('div', { class: 'panel-head' });
  private readonly summary = h('div', { class: 'example-summary' });
  private readonly table = h('table', { class: 'data examples-table', id: 'examples-table' });
  private readonly pager = h('div', { class: 'pager' });
  private key: string | null;
  private filter: ExampleFilter = 'all';
  private split = '';
  private offset = 0;
  /** The last page drawn: a live refresh that brings nothing new leaves the table (and open prompts) alone. */
  private drawn = '';

  constructor(private readonly context: RunContext) {
    this.key = context.params.get('key') ?? context.run.summary.bestKey;
  }

  mount(target: HTMLElement): void {
    replace(target, this.head, this.summary, h('div', { class: 'table-wrap' }, this.table), this.pager);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    if (this.key === null) {
      replace(this.summary, h('p', { class: 'muted' }, 'No instruction scored yet.'));
      return;
    }
    let page: ExamplesResponse;
    try {
      page = await getJson(runPath(this.context.run.id, '/examples'), { key: this.key, filter: this.filter, split: this.split, limit: PAGE_SIZE, offset: this.offset });
    } catch (error) {
      replace(this.summary, h('p', { class: 'error' }, `Could not load the examples: ${(error as Error).message}`));
      return;
    }
    const signature = JSON.stringify(page);
    if (signature === this.drawn) return;
    this.drawn = signature;
    await this.renderHead(page);
    const format = this.context.run.view.scoreFormat;
    const t = page.tally;
    const words = this.filterWords();
    replace(
      this.summary,
      page.candidate ? h('blockquote', { class: 'instruction' }, page.candidate.text, ' ', copyButton(page.candidate.text)) : null,
      h(
        'p',
        { class: 'small' },
        `${formatCount(t.total)} graded · ${formatCount(t.correct)} ${words.correct} · ${formatCount(t.wrong)} ${words.wrong} · ${formatCount(t.failed)} failed calls`,
        page.candidate ? ` · train ${formatScore(page.candidate.score, format)} · test ${formatScore(page.candidate.testScore, format)}` : '',
      ),
    );
    // Data without expected outputs (a judged task; stored as '') would leave an empty column.
    const withExpected = page.rows.some((row) => row.expected !== null && row.expected !== '');
    replace(
      this.table,
      h('thead', {}, h('tr', {}, ...this.columnTitles(withExpected).map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, ...page.rows.map((row) => this.row(row, withExpected))),
    );
    renderPager(this.pager, { total: page.total, offset: page.offset, limit: page.limit, shown: page.rows.length }, (offset) => {
      this.offset = offset;
      void this.refresh();
    });
  }

  private async renderHead(page: ExamplesResponse): Promise<void> {
    if (this.head.childElementCount > 0) return;
    const format = this.context.run.view.scoreFormat;
    const top = await topCandidates(this.context.run.id).catch(() => []);
    const words: Record<ExampleFilter, string> = { all: 'all', failed: 'failed', ...this.filterWords() };
    const filter = h('select', { 'aria-label': 'show examples', class: 'picker-small' }, ...EXAMPLE_FILTERS.map((f) => h('option', { value: f, selected: f === this.filter }, words[f])));
    const split = h('select', { 'aria-label': 'split', class: 'picker-small' }, ...SPLITS.map((s) => h('option', { value: s, selected: s === this.split }, s || 'all splits')));
    const reset = (): void => {
      this.offset = 0;
      void this.refresh();
    };
    filter.addEventListener('change', () => {
      this.filter = filter.value as ExampleFilter;
      reset();
    });
    split.addEventListener('change', () => {
      this.split = split.value;
      reset();
    });
    replace(
      this.head,
      candidatePicker('instruction', top, page.candidate, format, (key) => {
        this.key = key;
        updateParams({ key });
        reset();
      }),
      filter,
      split,
    );
  }

  /** Full marks and below: 'correct' and 'wrong' for accuracies, plain words for a task metric's scores. */
  private filterWords(): { correct: string; wrong: string } {
    return this.context.run.view.measure ? { correct: 'full score', wrong: 'below full' } : { correct: 'correct', wrong: 'wrong' };
  }

  private columnTitles(withExpected: boolean): string[] {
    const view = this.context.run.view;
    const labels = view.exampleLabels;
    return ['#', 'Split', labels.input, labels.output, ...view.exampleFields.map((field) => field.label), ...(withExpected ? [labels.expected] : []), 'Verdict'];
  }

  private row(row: ExampleItem, withExpected: boolean): HTMLTableRowElement {
    return h(
      'tr',
      { class: row.outcome !== 'answered' ? 'row-failed' : row.correct === false ? 'row-wrong' : null },
      h('td', { class: 'num' }, String(row.exampleIndex)),
      h('td', {}, row.split),
      h('td', { class: 'text-cell' }, promptCell(row.input)),
      h('td', { class: 'text-cell' }, row.output === null ? h('span', { class: 'muted' }, row.errorMessage ?? 'no answer') : h('pre', { class: 'answer' }, row.output)),
      ...this.context.run.view.exampleFields.map((field) => h('td', { class: 'mono' }, fieldText(row.fields?.[field.name]))),
      withExpected ? h('td', { class: 'mono' }, row.expected ?? '–') : null,
      h(
        'td', {},
        verdict(row.score, row.outcome),
        row.cached ? h('span', { class: 'muted small' }, ' cached') : null,
        feedbackNote(row.feedback),
      ),
    );
  }
}
