import { h, replace } from './dom.js';
import { formatCount } from './format.js';

/** Previous / next buttons and "41–60 of 1,234" under a paginated table. */
export function renderPager(target: HTMLElement, page: { total: number; offset: number; limit: number; shown: number }, go: (offset: number) => void): void {
  const { total, offset, limit, shown } = page;
  if (total <= limit && offset === 0) {
    replace(target, total === 0 ? '' : h('span', { class: 'muted' }, `${formatCount(total)} ${total === 1 ? 'row' : 'rows'}`));
    return;
  }
  const first = shown === 0 ? 0 : offset + 1;
  replace(
    target,
    h('button', { type: 'button', class: 'btn', disabled: offset === 0, onclick: () => go(Math.max(0, offset - limit)), 'aria-label': 'previous page' }, '‹ Prev'),
    h('span', { class: 'pager-range' }, `${formatCount(first)}–${formatCount(offset + shown)} of ${formatCount(total)}`),
    h('button', { type: 'button', class: 'btn', disabled: offset + limit >= total, onclick: () => go(offset + limit), 'aria-label': 'next page' }, 'Next ›'),
  );
}
