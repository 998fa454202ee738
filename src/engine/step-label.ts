/**
 * How a step is named to people, in the CLI, reports and the dashboard alike. The engine counts
 * optimization steps from 0 and gives the initial solutions step -1; people read "init" and steps
 * 1..N, so "optimum at step 29" in the terminal and in the browser is the same step.
 */
export const INITIAL_STEP = -1;

export function stepLabel(step: number): string {
  return step <= INITIAL_STEP ? 'init' : String(step + 1);
}

/** "1 step", "2 steps". */
export function stepCount(count: number): string {
  return `${count} step${count === 1 ? '' : 's'}`;
}
