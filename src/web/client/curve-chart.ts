import uPlot from 'uplot';
import type { CurveResponse, ScoreFormat } from '../shared/api-types.js';
import { cssVar, h, replace } from './dom.js';
import { formatScore } from './format.js';
import { stepLabel } from '../../engine/step-label.js';

/** Pointer distance (CSS px) within which a dot counts as hovered or tapped. */
const HIT_RADIUS_PX = 12;
const DOT_SIZE = 7;
/** Approximate width of one tick-label character (12px system font) and the room for ticks, gap and title. */
const TICK_CHAR_PX = 7.5;
const Y_AXIS_ROOM_PX = 34;
const Y_AXIS_MIN_PX = 50;

export function yAxisSize(values: readonly string[] | null | undefined): number {
  const longest = Math.max(0, ...(values ?? []).map((v) => [...v].length));
  return Math.max(Y_AXIS_MIN_PX, Math.ceil(longest * TICK_CHAR_PX) + Y_AXIS_ROOM_PX);
}

/** Tick spacings of the step axis: whole steps only. */
const STEP_INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
const TEST_DOT_SIZE = 11;
const MIN_HEIGHT = 220;
const MAX_HEIGHT = 380;
/** Chart height as a share of its width, between the bounds above. */
const ASPECT = 0.45;

export interface Baseline {
  label: string;
  value: number;
  /** A CSS custom property holding its colour. */
  colorVar: string;
}

export interface CurveOptions {
  format: ScoreFormat;
  /** The run records held-out scores: draw them and say so in the legend. */
  heldOut: boolean;
  yLabel: string;
  /** A log y axis (linear-regression losses span orders of magnitude). */
  log?: boolean;
  baselines?: Baseline[];
  /** A dot was clicked or tapped (index into the curve's arrays). */
  onPick?: (index: number) => void;
}

function powersOfTen(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(Math.max(min, 1e-300))); 10 ** e <= max; e++) if (10 ** e >= min) out.push(10 ** e);
  return out.length > 0 ? out : [min, max];
}

interface Hit {
  index: number;
  test: boolean;
}

/**
 * The paper's optimization curve (Figures 1 and 5): every scored candidate a dot at its step, the
 * running best a step line, held-out scores as rings, optional baselines as dashed lines. Hovering
 * (or tapping) a dot shows its text. The container's `data-points` is the number of dots drawn.
 */
export class CurveChart {
  private plot: uPlot | null = null;
  private data: CurveResponse | null = null;
  private drawn = '';
  private readonly plotHost = h('div', { class: 'chart-plot' });
  private readonly tip = h('div', { class: 'chart-tip', role: 'tooltip', hidden: true });
  private readonly note = h('p', { class: 'chart-note muted' });
  private readonly resize = new ResizeObserver(() => this.fit());
  private readonly themeQuery = matchMedia('(prefers-color-scheme: dark)');
  private readonly onTheme = (): void => this.rebuild();

  constructor(readonly container: HTMLElement, private readonly options: CurveOptions) {
    container.classList.add('chart');
    container.setAttribute('role', 'figure');
    replace(container, this.plotHost, this.tip, this.legend(), this.note);
    this.resize.observe(container);
    this.themeQuery.addEventListener('change', this.onTheme);
  }

  update(data: CurveResponse): void {
    // Redrawing resets a zoom the reader made; only redraw when there is something new.
    const signature = JSON.stringify([data.scores, data.tests, data.bestSoFar]);
    if (this.plot && signature === this.drawn) return;
    this.drawn = signature;
    this.data = data;
    const count = data.scores.length;
    this.container.dataset.points = String(count);
    this.container.setAttribute('aria-label', this.describe(data));
    this.note.textContent =
      count === 0 ? 'No scored candidates yet.' : data.truncated ? `Showing the first ${count.toLocaleString()} of ${data.totalScored.toLocaleString()} scored candidates.` : '';
    if (!this.plot) this.rebuild();
    else this.plot.setData(this.columns(data));
  }

  destroy(): void {
    this.resize.disconnect();
    this.themeQuery.removeEventListener('change', this.onTheme);
    this.plot?.destroy();
    this.plot = null;
  }

  private describe(data: CurveResponse): string {
    const last = data.bestSoFar[data.bestSoFar.length - 1];
    const best = last ? `best ${formatScore(last.best, this.options.format)} by ${last.step < 0 ? 'init' : `step ${stepLabel(last.step)}`}` : 'nothing scored yet';
    return `Optimization curve: ${data.scores.length} scored candidates, ${best}.`;
  }

  private legend(): HTMLElement {
    const item = (swatch: string, label: string): HTMLElement => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${swatch}`, 'aria-hidden': 'true' }), label);
    return h(
      'div',
      { class: 'chart-legend' },
      item('swatch-dot', 'candidate'),
      item('swatch-best', 'best so far'),
      this.options.heldOut ? item('swatch-test', 'held-out (test)') : null,
      ...(this.options.baselines ?? []).map((b) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch-dash', style: `border-color: var(${b.colorVar})`, 'aria-hidden': 'true' }), `${b.label} ${formatScore(b.value, this.options.format)}`)),
    );
  }

  private columns(data: CurveResponse): uPlot.AlignedData {
    const bestAt = new Map(data.bestSoFar.map((s) => [s.step, s.best]));
    const best = data.steps.map((step) => bestAt.get(step) ?? null);
    const baselines = (this.options.baselines ?? []).map((b) => data.steps.map(() => b.value));
    return [data.steps, data.scores, best, data.tests, ...baselines];
  }

  private size(): { width: number; height: number } {
    const width = Math.max(200, this.container.clientWidth);
    return { width, height: Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, width * ASPECT))) };
  }

  private fit(): void {
    if (!this.plot) return;
    const size = this.size();
    if (size.width !== this.plot.width || size.height !== this.plot.height) this.plot.setSize(size);
  }

  private rebuild(): void {
    if (!this.data) return;
    this.plot?.destroy();
    const format = this.options.format;
    const accuracy = format === 'percent';
    const axis = cssVar('--c-axis', '#666');
    const grid = cssVar('--c-grid', 'rgba(128,128,128,0.2)');
    const dot = cssVar('--c-dot', 'rgba(70,110,200,0.55)');
    const bestColor = cssVar('--c-best', '#d4572a');
    const test = cssVar('--c-test', '#2a9d5c');
    const bg = cssVar('--c-bg', '#fff');
    const fmt = (v: number): string => (accuracy ? `${Math.round(v * 100)}%` : formatScore(v, format));
    const options: uPlot.Options = {
      ...this.size(),
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: true, y: false, setScale: true } },
      scales: {
        x: { time: false, range: (_u, min, max) => [(min ?? 0) - 0.5, (max ?? 1) + 0.5] },
        y: this.options.log
          ? { distr: 3, log: 10 }
          : accuracy
            ? { range: (_u, min, max) => [Math.max(0, (min ?? 0) - 0.05), Math.min(1, (max ?? 1) + 0.05)] }
            : {},
      },
      axes: [
        // Steps are whole numbers; step -1 holds the starting solutions.
        { label: 'step', stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, incrs: STEP_INCREMENTS, values: (_u, values) => values.map((v) => (v < -1 ? '' : stepLabel(v))) },
        {
          // Wide enough for the widest tick label ("1,000,000" on a log loss axis) plus the axis title,
          // which a fixed width let the two overlap.
          label: this.options.yLabel, stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: (_u, values) => yAxisSize(values),
          values: (_u, values) => values.map(fmt),
          // On a log axis only powers of ten get a line; uPlot's 2..9 minor lines turn into a wall.
          ...(this.options.log ? { splits: (_u: uPlot, _i: number, min: number, max: number) => powersOfTen(min, max) } : {}),
        },
      ],
      series: [
        {},
        { label: 'candidate', stroke: dot, paths: () => null, points: { show: true, size: DOT_SIZE, fill: dot, stroke: dot, width: 0 } },
        { label: 'best so far', stroke: bestColor, width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false }, spanGaps: true },
        { label: 'held-out', stroke: test, paths: () => null, points: { show: true, size: TEST_DOT_SIZE, fill: bg, stroke: test, width: 2.5 } },
        ...(this.options.baselines ?? []).map((b) => ({ label: b.label, stroke: cssVar(b.colorVar, '#888'), width: 1.5, dash: [6, 4], points: { show: false } })),
      ],
      hooks: { setCursor: [(u: uPlot) => this.hover(u)] },
    };
    this.plot = new uPlot(options, this.columns(this.data), this.plotHost);
    // Reachable from the element (browser tests, the devtools console) to map values to pixels.
    (this.container as HTMLElement & { uplot?: uPlot }).uplot = this.plot;
    this.plot.over.addEventListener('click', () => {
      const hit = this.plot ? this.nearest(this.plot) : null;
      if (hit) this.options.onPick?.(hit.index);
    });
    this.plot.over.addEventListener('mouseleave', () => (this.tip.hidden = true));
  }

  private nearest(u: uPlot): Hit | null {
    const data = this.data;
    const left = u.cursor.left ?? -1;
    const top = u.cursor.top ?? -1;
    if (!data || left < 0 || top < 0) return null;
    let best: Hit | null = null;
    let bestDistance = HIT_RADIUS_PX * HIT_RADIUS_PX;
    const consider = (index: number, value: number | null, test: boolean): void => {
      if (value === null) return;
      const dx = u.valToPos(data.steps[index] as number, 'x') - left;
      const dy = u.valToPos(value, 'y') - top;
      const distance = dx * dx + dy * dy;
      if (distance <= bestDistance) {
        bestDistance = distance;
        best = { index, test };
      }
    };
    for (let i = 0; i < data.steps.length; i++) {
      consider(i, data.scores[i] ?? null, false);
      consider(i, data.tests[i] ?? null, true);
    }
    return best;
  }

  private hover(u: uPlot): void {
    const data = this.data;
    const hit = this.nearest(u);
    if (!data || !hit) {
      this.tip.hidden = true;
      return;
    }
    const format = this.options.format;
    const i = hit.index;
    const score = hit.test ? `held-out ${formatScore(data.tests[i] ?? null, format)} (train ${formatScore(data.scores[i] ?? null, format)})` : formatScore(data.scores[i] ?? null, format);
    replace(this.tip, h('div', { class: 'tip-head' }, `${(data.steps[i] ?? 0) < 0 ? 'init' : `step ${stepLabel(data.steps[i] ?? 0)}`} · ${score}`), h('div', { class: 'tip-text' }, data.texts[i] ?? ''));
    this.tip.hidden = false;
    const x = u.valToPos(data.steps[i] as number, 'x') + u.over.offsetLeft;
    const y = u.valToPos((hit.test ? data.tests[i] : data.scores[i]) ?? 0, 'y') + u.over.offsetTop;
    const width = this.container.clientWidth;
    const tipWidth = this.tip.offsetWidth;
    this.tip.style.left = `${Math.max(0, Math.min(width - tipWidth, x - tipWidth / 2))}px`;
    this.tip.style.top = `${Math.max(0, y - this.tip.offsetHeight - 14)}px`;
  }
}
