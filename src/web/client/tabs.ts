import { h, replace } from './dom.js';

export interface Tab {
  id: string;
  label: string;
  /** Renders the panel's content into `panel` (called when the tab is opened). */
  open(panel: HTMLElement): void;
}

/**
 * WAI-ARIA tabs: a tablist of buttons, one visible panel, arrow keys move between tabs.
 * Returns a function that selects a tab by id (e.g. from the URL).
 */
export function renderTabs(target: HTMLElement, tabs: Tab[], initial: string, onSelect: (id: string) => void): (id: string) => void {
  const list = h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'run views' });
  const panel = h('section', { role: 'tabpanel', class: 'tab-panel', tabindex: '0' });
  const buttons = tabs.map((tab) =>
    h('button', { type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': 'tab-panel', 'data-tab': tab.id, onclick: () => select(tab.id, true) }, tab.label),
  );
  panel.id = 'tab-panel';
  const select = (id: string, fromUser = false): void => {
    const tab = tabs.find((t) => t.id === id) ?? tabs[0];
    if (!tab) return;
    buttons.forEach((button, i) => {
      const selected = tabs[i] === tab;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', `tab-${tab.id}`);
    panel.replaceChildren();
    tab.open(panel);
    if (fromUser) onSelect(tab.id);
  };
  list.addEventListener('keydown', (event) => {
    const index = buttons.findIndex((b) => b === document.activeElement);
    if (index < 0 || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    const next = buttons[(index + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
    next?.focus();
    next?.click();
  });
  list.append(...buttons);
  replace(target, list, panel);
  select(initial);
  return (id) => select(id);
}
