import type { Page, ReplyItem, StepDetailResponse, StepItem } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { h, replace } from './dom.js';
import { formatCount, formatScore, formatTime } from './format.js';
import { renderPager } from './pager.js';
import type { Panel, RunContext } from './run-context.js';
import { updateParams } from './router.js';
import { stepLabel } from '../../engine/step-label.js';

const PAGE_SIZE = 20;
/** Reply outcomes, in the order they are listed. */
const DISPOSITIONS = ['accepted', 'duplicate', 'rejected', 'unparsable', 'failed'] as const;

function dispositionBadges(counts: Record<string, number>): HTMLElement {
  return h(
    'span',
    { class: 'badges' },
    ...DISPOSITIONS.filter((d) => (counts[d] ?? 0) > 0).map((d) => h('span', { class: `badge badge-${d}`, title: d }, `${counts[d]} ${d}`)),
  );
}

/**
 * The steps of the run, newest first, and for the chosen step the exact meta-prompt the optimizer
 * saw and every raw reply with what was parsed from it or why it was rejected.
 */
export class StepsPanel implements Panel {
  private readonly table = h('table', { class: 'data steps-table', id: 'steps-table' });
  private readonly pager = h('div', { class: 'pager' });
  private readonly detail = h('div', { class: 'step-detail', id: 'step-detail', 'aria-live': 'polite' });
  private offset = 0;
  private selected: number | null;

  constructor(private readonly context: RunContext) {
    const step = context.params.get('step');
    this.selected = step !== null && /^-?\d+$/.test(step) ? Number(step) : null;
  }

  mount(target: HTMLElement): void {
    replace(target, h('div', { class: 'table-wrap' }, this.table), this.pager, this.detail);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const { run } = this.context;
    let page: Page<StepItem>;
    try {
      page = await getJson(runPath(run.id, '/steps'), { dir: 'desc', limit: PAGE_SIZE, offset: this.offset });
    } catch (error) {
      replace(this.detail, h('p', { class: 'error' }, `Could not load the steps: ${(error as Error).message}`));
      return;
    }
    replace(
      this.table,
      h('thead', {}, h('tr', {}, ...[['Step', 'num'], ['Replies', ''], ['Scored', 'num'], ['Best', 'num'], ['Finished', ''], ['', '']].map(([label, className]) => h('th', { scope: 'col', class: className || null }, label ?? '')))),
      h('tbody', {}, ...page.rows.map((step) => this.row(step))),
    );
    if (page.total === 0) replace(this.detail, h('p', { class: 'muted' }, 'No steps recorded yet.'));
    renderPager(this.pager, { total: page.total, offset: page.offset, limit: page.limit, shown: page.rows.length }, (offset) => {
      this.offset = offset;
      void this.refresh();
    });
    if (this.selected !== null) await this.loadDetail(this.selected);
  }

  private row(step: StepItem): HTMLTableRowElement {
    const format = this.context.run.view.scoreFormat;
    const isSelected = step.step === this.selected;
    return h(
      'tr',
      { class: isSelected ? 'selected' : null, 'data-step': step.step },
      h('td', { class: 'num' }, stepLabel(step.step)),
      h('td', {}, step.step === -1 ? h('span', { class: 'muted' }, 'starting solutions') : dispositionBadges(step.replies)),
      h('td', { class: 'num' }, formatCount(step.scored)),
      h('td', { class: 'num' }, formatScore(step.bestScore, format)),
      h('td', { class: 'small' }, step.finishedAt ? formatTime(step.finishedAt) : this.unfinished()),
      h(
        'td',
        {},
        step.step === -1
          ? null
          : h('button', { type: 'button', class: 'btn btn-small open-step', 'aria-pressed': String(isSelected), onclick: () => this.select(step.step) }, 'Meta-prompt & replies'),
      ),
    );
  }

  /**
   * A step without a finish time is in progress only while the run goes on; in a run that ended it
   * was cut short (or, for init in runs recorded before the initial step was marked finished, is just undated).
   */
  private unfinished(): HTMLElement {
    return this.context.run.status === 'running'
      ? h('span', { class: 'status status-running' }, 'in progress')
      : h('span', { class: 'muted' }, 'not finished');
  }

  private select(step: number): void {
    this.selected = step;
    updateParams({ step: String(step) });
    for (const tr of this.table.querySelectorAll('tr[data-step]')) tr.classList.toggle('selected', tr.getAttribute('data-step') === String(step));
    void this.loadDetail(step).then(() => this.detail.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  }

  private async loadDetail(step: number): Promise<void> {
    let detail: StepDetailResponse;
    try {
      detail = await getJson(runPath(this.context.run.id, `/steps/${step}`));
    } catch (error) {
      replace(this.detail, h('p', { class: 'error' }, `Could not load step ${step}: ${(error as Error).message}`));
      return;
    }
    // A live refresh must not collapse what the reader opened: keep the open state of each block.
    const open = new Set([...this.detail.querySelectorAll('details[open]')].map((d) => d.getAttribute('data-id')));
    const first = this.detail.childElementCount === 0;
    replace(
      this.detail,
      h('h2', {}, `Step ${detail.step}`),
      h(
        'details',
        { class: 'meta-prompt', 'data-id': 'meta', open: first || open.has('meta') },
        h('summary', {}, `Meta-prompt (${formatCount(detail.metaPrompt?.length ?? 0)} characters)`),
        h('pre', { class: 'prompt-text', id: 'meta-prompt-text' }, detail.metaPrompt ?? '(not recorded)'),
      ),
      detail.details ? h('details', { 'data-id': 'details', open: open.has('details') }, h('summary', {}, 'Step details'), h('pre', { class: 'prompt-text' }, JSON.stringify(detail.details, null, 2))) : null,
      h('h3', {}, `Optimizer replies (${detail.replies.length})`),
      h('ol', { class: 'replies' }, ...detail.replies.map((reply) => this.reply(reply, open))),
    );
  }

  private reply(reply: ReplyItem, open: Set<string | null>): HTMLLIElement {
    const format = this.context.run.view.scoreFormat;
    const parsed = reply.candidate === null ? null : typeof reply.candidate === 'string' ? reply.candidate : JSON.stringify(reply.candidate);
    const id = `reply-${reply.sampleIndex}`;
    return h(
      'li',
      { class: `reply reply-${reply.disposition}` },
      h(
        'div',
        { class: 'reply-head' },
        h('span', { class: `badge badge-${reply.disposition}` }, reply.disposition),
        ` sample ${reply.sampleIndex}`,
        reply.score !== null ? h('span', { class: 'reply-score' }, ` · scored ${formatScore(reply.score, format)}`) : null,
      ),
      reply.reason ? h('div', { class: 'reply-reason' }, `Why: ${reply.reason}`) : null,
      reply.error ? h('div', { class: 'reply-reason error' }, `${reply.error.kind}: ${reply.error.message}`) : null,
      parsed !== null ? h('div', { class: 'reply-parsed' }, h('span', { class: 'muted' }, 'Parsed: '), h('span', { class: 'candidate-text' }, parsed)) : null,
      reply.text !== null
        ? h('details', { 'data-id': id, open: open.has(id) }, h('summary', {}, 'Raw reply'), h('pre', { class: 'prompt-text' }, reply.text))
        : null,
    );
  }
}
