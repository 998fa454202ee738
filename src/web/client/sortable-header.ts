import { h } from './dom.js';

export interface Column {
  /** Sort key sent to the server, or null for a column that does not sort. */
  sort: string | null;
  label: string;
  className?: string;
}

/**
 * A table head whose sortable columns are buttons; the current one carries aria-sort, so screen
 * readers announce the order. Clicking the current column flips its direction.
 */
export function sortableHead(columns: Column[], current: { sort: string; dir: 'asc' | 'desc' }, onSort: (sort: string, dir: 'asc' | 'desc') => void, defaultDir: (sort: string) => 'asc' | 'desc'): HTMLTableSectionElement {
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...columns.map((column) => {
        if (column.sort === null) return h('th', { scope: 'col', class: column.className }, column.label);
        const sort = column.sort;
        const active = current.sort === sort;
        const arrow = active ? (current.dir === 'asc' ? ' ▲' : ' ▼') : '';
        return h(
          'th',
          { scope: 'col', class: column.className, 'aria-sort': active ? (current.dir === 'asc' ? 'ascending' : 'descending') : 'none' },
          h(
            'button',
            {
              type: 'button',
              class: 'sort-btn',
              'data-sort': sort,
              onclick: () => onSort(sort, active ? (current.dir === 'asc' ? 'desc' : 'asc') : defaultDir(sort)),
            },
            `${column.label}${arrow}`,
          ),
        );
      }),
    ),
  );
}
