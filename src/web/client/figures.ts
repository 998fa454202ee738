import type { Baseline } from './curve-chart.js';
import { LinregFigure } from './linreg-figure.js';
import { TspFigure } from './tsp-figure.js';

/** A kind's picture above the curve (a tour, a loss landscape): what the run page needs of it. */
export interface Figure {
  readonly element: HTMLElement;
  refresh(): Promise<unknown>;
  /** Reference lines for the curve, known after the first refresh. */
  baselines(): Baseline[];
}

/**
 * The figures this bundle can draw, by the id a kind's view names (KindView.figures). A kind whose
 * figures are not here still gets every generic panel.
 */
export const FIGURES: Readonly<Record<string, (runId: string) => Figure>> = {
  'tsp-tour': (runId) => new TspFigure(runId),
  'linreg-landscape': (runId) => new LinregFigure(runId),
};
