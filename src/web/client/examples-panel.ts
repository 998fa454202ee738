import { ALL_SPLITS, EXAMPLE_FILTERS, type ExampleFilter, type ExampleItem, type ExamplesResponse, type ExampleTally } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { candidatePicker, topCandidates } from './candidate-picker.js';
import { copyButton } from './clipboard.js';
import { h, replace } from './dom.js';
import { formatCount, formatScore } from './format.js';
import { renderPager } from './pager.js';
import type { Panel, RunContext } from './run-context.js';
import { updateParams } from './router.js';
import { capitalize, splitName, splitScoreName } from './splits.js';

const PAGE_SIZE = 25;
/** The URL parameter keeping the split shown (the Compare tab has its own, `split`). */
const SPLIT_PARAM = 'examples-split';

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
 * One solution on each example of one split it was evaluated on: the input (the scorer's prompt),
 * output, the kind's own fields (the parsed prediction), expected answer, verdict with any feedback,
 * and outcome (an API failure is not a wrong answer). Paginated. The split defaults to the held-out
 * one when the instruction was graded on it (the server decides), else training; its name and the
 * other split's count head the tally, which is of that split alone and agrees with the score
 * `opro runs show` prints for it. "Both splits" lists every example with one tally per split.
 */
export class ExamplesPanel implements Panel {
  private readonly head = h('div', { class: 'panel-head' });
  /** Names the split the tally and the rows below are of. */
  private readonly caption = h('h3', { class: 'examples-split' });
  private readonly summary = h('div', { class: 'example-summary' });
  private readonly table = h('table', { class: 'data examples-table', id: 'examples-table' });
  private readonly pager = h('div', { class: 'pager' });
  /** Holds the split picker, redrawn with each page (its counts follow the instruction picked). */
  private readonly splitSlot = h('span', { class: 'split-slot' });
  private key: string | null;
  private filter: ExampleFilter = 'all';
  /** The split asked for ('all' for both); null lets the server choose (held-out when graded on it). */
  private split: string | null;
  private offset = 0;
  /** The last page drawn: a live refresh that brings nothing new leaves the table (and open prompts) alone. */
  private drawn = '';

  constructor(private readonly context: RunContext) {
    this.key = context.params.get('key') ?? context.run.summary.bestKey;
    this.split = context.params.get(SPLIT_PARAM);
  }

  mount(target: HTMLElement): void {
    replace(target, this.head, this.caption, this.summary, h('div', { class: 'table-wrap' }, this.table), this.pager);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    if (this.key === null) {
      replace(this.caption);
      replace(this.summary, h('p', { class: 'muted' }, 'No instruction scored yet.'));
      return;
    }
    let page: ExamplesResponse;
    try {
      page = await getJson(runPath(this.context.run.id, '/examples'), { key: this.key, filter: this.filter, split: this.split ?? '', limit: PAGE_SIZE, offset: this.offset });
    } catch (error) {
      replace(this.summary, h('p', { class: 'error' }, `Could not load the examples: ${(error as Error).message}`));
      return;
    }
    const signature = JSON.stringify(page);
    if (signature === this.drawn) return;
    this.drawn = signature;
    await this.renderHead(page);
    this.renderSplitPicker(page);
    replace(this.caption, this.captionText(page), h('span', { class: 'muted small' }, this.otherSplits(page)));
    replace(
      this.summary,
      page.candidate ? h('blockquote', { class: 'instruction' }, page.candidate.text, ' ', copyButton(page.candidate.text)) : null,
      ...page.tallies.map((tally) => h('p', { class: 'small example-tally', 'data-split': tally.split }, this.tallyText(tally, page.split === ALL_SPLITS))),
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
    const reset = (): void => {
      this.offset = 0;
      void this.refresh();
    };
    filter.addEventListener('change', () => {
      this.filter = filter.value as ExampleFilter;
      reset();
    });
    replace(
      this.head,
      candidatePicker('instruction', top, page.candidate, format, (key) => {
        this.key = key;
        updateParams({ key });
        reset();
      }),
      h('label', { class: 'pick' }, 'Show ', filter),
      h('label', { class: 'pick' }, 'Split ', this.splitSlot),
    );
  }

  /** The split picker: the splits graded for this instruction (and the one shown), and both listed apart. */
  private renderSplitPicker(page: ExamplesResponse): void {
    const graded = page.splits.filter((s) => s.graded > 0 || s.split === page.split);
    const options = graded.map((s) => h('option', { value: s.split, selected: s.split === page.split }, `${splitName(s.split)} · ${formatCount(s.graded)} graded`));
    if (page.splits.filter((s) => s.graded > 0).length > 1 || page.split === ALL_SPLITS) {
      options.push(h('option', { value: ALL_SPLITS, selected: page.split === ALL_SPLITS }, 'both splits, tallied separately'));
    }
    const select = h('select', { 'aria-label': 'split', class: 'picker-small' }, ...options);
    select.addEventListener('change', () => {
      this.split = select.value;
      updateParams({ [SPLIT_PARAM]: select.value });
      this.offset = 0;
      void this.refresh();
    });
    replace(this.splitSlot, select);
  }

  /** 'Held-out (test) examples: 4 graded for this instruction', or what the listing of both holds. */
  private captionText(page: ExamplesResponse): string {
    if (page.split === ALL_SPLITS) return 'Both splits listed, each tallied on its own';
    const graded = page.tallies[0]?.total ?? 0;
    return `${capitalize(splitName(page.split))} examples: ${graded > 0 ? `${formatCount(graded)} graded` : 'none graded'} for this instruction`;
  }

  /** A pointer to the other split, which the tally never includes. */
  private otherSplits(page: ExamplesResponse): string {
    if (page.split === ALL_SPLITS) return '';
    const others = page.splits.filter((s) => s.split !== page.split && s.graded > 0);
    if (others.length === 0) return '';
    return ` · ${others.map((s) => `${splitName(s.split)}: ${formatCount(s.graded)}`).join(', ')}, tallied separately (Split)`;
  }

  /**
   * One split's tally, ending with its score over the answered examples: the figure `opro runs show`
   * prints for the instruction on that split (TRAIN, TEST) with the same n.
   */
  private tallyText(t: ExampleTally, named: boolean): string {
    const view = this.context.run.view;
    const words = this.filterWords();
    const measure = view.measure ?? (view.scoreFormat === 'percent' ? 'accuracy' : 'score');
    const score = t.answered > 0 ? ` · ${splitScoreName(t.split)} ${measure} ${formatScore(t.mean, view.scoreFormat)} (n=${formatCount(t.answered)})` : '';
    return `${named ? `${capitalize(splitName(t.split))}: ` : ''}${formatCount(t.total)} graded · ${formatCount(t.correct)} ${words.correct} · ${formatCount(t.wrong)} ${words.wrong} · ${formatCount(t.failed)} failed calls${score}`;
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
