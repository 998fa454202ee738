import type { Baseline } from './curve-chart.js';
import type { LinregInstanceData, LinregPair, LinregResponse } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { h, replace, svg } from './dom.js';
import { formatScore } from './format.js';
import { niceTicks, quantile, ramp } from './plot-scale.js';
import { stepLabel } from '../../engine/step-label.js';

/** Drawing units: on a phone a smaller viewBox keeps the axis labels readable once scaled down. */
const WIDE = { w: 640, h: 480 };
const NARROW = { w: 420, h: 340 };
const NARROW_BELOW_PX = 520;
const PAD = { left: 56, right: 14, top: 14, bottom: 44 };
/** Heatmap cells; the image is stretched to the plot area. */
const GRID_W = 192;
const GRID_H = 144;
/** Colour bands of the heatmap (log loss), which read as filled contours. */
const BANDS = 16;
/** Explored pairs outside these quantiles do not stretch the window (an optimizer's wild guess would). */
const WINDOW_QUANTILES: [number, number] = [0.03, 0.97];
const WINDOW_MARGIN = 0.15;
const MIN_SPAN = 4;

interface Box {
  w0: number;
  w1: number;
  b0: number;
  b1: number;
}

/** Σ(y − (w·x + b))² from sufficient statistics, so each heatmap cell costs O(1). */
function lossFunction(instance: LinregInstanceData): (w: number, b: number) => number {
  let sx = 0, sxx = 0, sy = 0, sxy = 0, syy = 0;
  instance.x.forEach((x, i) => {
    const y = instance.y[i] as number;
    sx += x; sxx += x * x; sy += y; sxy += x * y; syy += y * y;
  });
  const n = instance.x.length;
  return (w, b) => syy - 2 * w * sxy - 2 * b * sy + w * w * sxx + 2 * w * b * sx + n * b * b;
}

function leastSquares(instance: LinregInstanceData): { w: number; b: number } {
  const n = instance.x.length;
  const xm = instance.x.reduce((s, x) => s + x, 0) / n;
  const ym = instance.y.reduce((s, y) => s + y, 0) / n;
  let sxy = 0, sxx = 0;
  instance.x.forEach((x, i) => {
    sxy += (x - xm) * ((instance.y[i] as number) - ym);
    sxx += (x - xm) ** 2;
  });
  const w = sxx === 0 ? 0 : sxy / sxx;
  return { w, b: ym - w * xm };
}

function windowOf(pairs: LinregPair[], anchors: { w: number; b: number }[]): Box {
  const ws = pairs.map((p) => p.w);
  const bs = pairs.map((p) => p.b);
  const wIn = ws.length ? [quantile(ws, WINDOW_QUANTILES[0]), quantile(ws, WINDOW_QUANTILES[1])] : [];
  const bIn = bs.length ? [quantile(bs, WINDOW_QUANTILES[0]), quantile(bs, WINDOW_QUANTILES[1])] : [];
  const allW = [...wIn, ...anchors.map((a) => a.w)];
  const allB = [...bIn, ...anchors.map((a) => a.b)];
  const span = (lo: number, hi: number): [number, number] => {
    const pad = Math.max(MIN_SPAN - (hi - lo), 0) / 2 + (hi - lo) * WINDOW_MARGIN;
    return [lo - pad, hi + pad];
  };
  // Nothing explored yet and no data: any window will do until the first pair arrives.
  const [w0, w1] = allW.length ? span(Math.min(...allW), Math.max(...allW)) : [0, MIN_SPAN];
  const [b0, b1] = allB.length ? span(Math.min(...allB), Math.max(...allB)) : [0, MIN_SPAN];
  return { w0, w1, b0, b1 };
}

/**
 * The loss landscape of the linear-regression run: the squared loss over a (w, b) window as colour
 * bands (log scale, bright = low), every explored pair, and the path of running-best pairs to the
 * optimum. Without recorded data (manifest.instance) only the explored pairs and the path are drawn.
 */
export class LinregFigure {
  readonly element = h('section', { class: 'figure linreg-figure', 'aria-label': 'loss landscape' });

  constructor(private readonly runId: string) {}

  /** No reference lines: the landscape itself shows where the optimum is. */
  baselines(): Baseline[] {
    return [];
  }

  async refresh(): Promise<LinregResponse> {
    const data = await getJson<LinregResponse>(runPath(this.runId, '/linreg'));
    this.render(data);
    return data;
  }

  private render(data: LinregResponse): void {
    const { instance, pairs, bestPath } = data;
    const width = this.element.clientWidth;
    const view = width > 0 && width < NARROW_BELOW_PX ? NARROW : WIDE;
    const viewW = view.w;
    const viewH = view.h;
    const loss = instance ? lossFunction(instance) : null;
    const fit = instance ? leastSquares(instance) : null;
    const truth = instance ? { w: instance.wTrue, b: instance.bTrue } : null;
    const anchors = [...bestPath, ...(truth ? [truth] : []), ...(fit ? [fit] : [])];
    const box = windowOf(pairs, anchors);
    const plotW = viewW - PAD.left - PAD.right;
    const plotH = viewH - PAD.top - PAD.bottom;
    const px = (w: number): number => PAD.left + ((w - box.w0) / (box.w1 - box.w0)) * plotW;
    const py = (b: number): number => PAD.top + (1 - (b - box.b0) / (box.b1 - box.b0)) * plotH;
    const inside = (p: { w: number; b: number }): boolean => p.w >= box.w0 && p.w <= box.w1 && p.b >= box.b0 && p.b <= box.b1;

    const layers: SVGElement[] = [];
    if (loss) layers.push(svg('image', { href: this.heatmap(loss, box), x: PAD.left, y: PAD.top, width: plotW, height: plotH, preserveAspectRatio: 'none' }));
    else layers.push(svg('rect', { class: 'plot-bg', x: PAD.left, y: PAD.top, width: plotW, height: plotH }));
    layers.push(...this.axes(box, px, py, viewW, viewH));
    const shown = pairs.filter(inside);
    const losses = pairs.map((p) => Math.log(p.loss));
    const [lo, hi] = [Math.min(...losses), Math.max(...losses)];
    for (const p of shown) {
      // Without the landscape behind them, the dots carry the loss themselves (a style beats the stylesheet's fill).
      const fill = loss ? undefined : `fill: rgb(${ramp(1 - (Math.log(p.loss) - lo) / (hi - lo || 1)).join(',')})`;
      layers.push(svg('circle', { class: 'pair', cx: px(p.w), cy: py(p.b), r: loss ? 3.5 : 5, ...(fill ? { style: fill } : {}) }, svg('title', {}, `${p.step < 0 ? 'init' : `step ${stepLabel(p.step)}`}: w=${p.w}, b=${p.b}, loss ${formatScore(p.loss, 'number')}`)));
    }
    if (bestPath.length > 0) {
      layers.push(svg('polyline', { class: 'best-path', points: bestPath.map((p) => `${px(p.w)},${py(p.b)}`).join(' ') }));
      for (const p of bestPath) layers.push(svg('circle', { class: 'best-pair', cx: px(p.w), cy: py(p.b), r: 5 }, svg('title', {}, `best at ${p.step < 0 ? 'init' : `step ${stepLabel(p.step)}`}: w=${p.w}, b=${p.b}, loss ${formatScore(p.loss, 'number')}`)));
    }
    if (fit && inside(fit)) layers.push(this.marker(px(fit.w), py(fit.b), 'marker-fit', `least squares w=${fit.w.toFixed(2)}, b=${fit.b.toFixed(2)}`));
    if (truth && inside(truth)) layers.push(this.star(px(truth.w), py(truth.b), `true w=${truth.w}, b=${truth.b}`));

    const last = bestPath[bestPath.length - 1];
    const outside = pairs.length - shown.length;
    replace(
      this.element,
      h('h2', {}, 'Loss landscape'),
      h(
        'p',
        { class: 'figure-caption' },
        last ? `Best (w, b) = (${last.w}, ${last.b}), loss ${formatScore(last.loss, 'number')} at ${last.step < 0 ? 'init' : `step ${stepLabel(last.step)}`}. ` : 'No pair scored yet. ',
        truth ? `True (w, b) = (${truth.w}, ${truth.b}). ` : '',
        `${pairs.length} pairs explored${outside > 0 ? `, ${outside} outside this window` : ''}.`,
      ),
      instance ? null : h('p', { class: 'muted small' }, 'This run did not record its data (manifest.instance), so the landscape cannot be drawn: dots are coloured by their loss (bright = low).'),
      svg('svg', { viewBox: `0 0 ${viewW} ${viewH}`, class: 'landscape-svg', role: 'img', 'aria-label': `loss landscape with ${shown.length} explored pairs`, 'data-pairs': pairs.length }, ...layers),
      h(
        'div',
        { class: 'chart-legend' },
        h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch-pair', 'aria-hidden': 'true' }), 'explored pair'),
        h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch-best', 'aria-hidden': 'true' }), 'running best path'),
        truth ? h('span', { class: 'legend-item' }, '★ true (w, b)') : null,
        fit ? h('span', { class: 'legend-item' }, '+ least squares') : null,
      ),
    );
  }

  /** The loss over the window as a PNG data URL, banded on a log scale (bright = low loss). */
  private heatmap(loss: (w: number, b: number) => number, box: Box): string {
    const canvas = document.createElement('canvas');
    canvas.width = GRID_W;
    canvas.height = GRID_H;
    const context = canvas.getContext('2d');
    if (!context) return '';
    const values = new Float64Array(GRID_W * GRID_H);
    for (let j = 0; j < GRID_H; j++) {
      const b = box.b1 - ((j + 0.5) / GRID_H) * (box.b1 - box.b0);
      for (let i = 0; i < GRID_W; i++) values[j * GRID_W + i] = Math.log(Math.max(loss(box.w0 + ((i + 0.5) / GRID_W) * (box.w1 - box.w0), b), 1e-12));
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const image = context.createImageData(GRID_W, GRID_H);
    values.forEach((v, k) => {
      const band = Math.floor(((v - lo) / (hi - lo || 1)) * BANDS);
      const [r, g, b] = ramp(1 - Math.min(band, BANDS - 1) / (BANDS - 1));
      image.data.set([r, g, b, 255], k * 4);
    });
    context.putImageData(image, 0, 0);
    return canvas.toDataURL('image/png');
  }

  private axes(box: Box, px: (w: number) => number, py: (b: number) => number, viewW: number, viewH: number): SVGElement[] {
    const out: SVGElement[] = [svg('rect', { class: 'plot-frame', x: PAD.left, y: PAD.top, width: viewW - PAD.left - PAD.right, height: viewH - PAD.top - PAD.bottom })];
    for (const w of niceTicks(box.w0, box.w1)) {
      out.push(svg('line', { class: 'tick', x1: px(w), x2: px(w), y1: viewH - PAD.bottom, y2: viewH - PAD.bottom + 5 }));
      out.push(svg('text', { class: 'tick-label', x: px(w), y: viewH - PAD.bottom + 18, 'text-anchor': 'middle' }, String(w)));
    }
    for (const b of niceTicks(box.b0, box.b1)) {
      out.push(svg('line', { class: 'tick', x1: PAD.left - 5, x2: PAD.left, y1: py(b), y2: py(b) }));
      out.push(svg('text', { class: 'tick-label', x: PAD.left - 8, y: py(b) + 4, 'text-anchor': 'end' }, String(b)));
    }
    out.push(svg('text', { class: 'axis-label', x: PAD.left + (viewW - PAD.left - PAD.right) / 2, y: viewH - 6, 'text-anchor': 'middle' }, 'w'));
    out.push(svg('text', { class: 'axis-label', x: 14, y: PAD.top + (viewH - PAD.top - PAD.bottom) / 2, 'text-anchor': 'middle' }, 'b'));
    return out;
  }

  private marker(x: number, y: number, className: string, title: string): SVGElement {
    const size = 7;
    return svg('path', { class: className, d: `M${x - size},${y}H${x + size}M${x},${y - size}V${y + size}` }, svg('title', {}, title));
  }

  private star(x: number, y: number, title: string): SVGElement {
    const points = Array.from({ length: 10 }, (_, k) => {
      const r = k % 2 === 0 ? 10 : 4.2;
      const a = (Math.PI / 5) * k - Math.PI / 2;
      return `${x + r * Math.cos(a)},${y + r * Math.sin(a)}`;
    });
    return svg('polygon', { class: 'marker-true', points: points.join(' ') }, svg('title', {}, title));
  }
}
