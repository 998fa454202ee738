import type { RunResponse } from '../shared/api-types.js';

/** What every panel of a run page shares: the run as last fetched, and how to move between tabs. */
export interface RunContext {
  run: RunResponse;
  params: URLSearchParams;
  /** Opens a tab, recording `changes` (e.g. the selected instruction) in the URL. */
  show(tab: string, changes?: Record<string, string | null>): void;
}

/** A tab's content: mounted when its tab opens, refreshed when the run changes while it is open. */
export interface Panel {
  mount(target: HTMLElement): void;
  refresh(): Promise<void>;
}
