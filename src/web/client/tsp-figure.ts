import type { Baseline } from './curve-chart.js';
import type { TspInstanceData, TspResponse } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { h, replace, svg } from './dom.js';
import { formatScore } from './format.js';
import { stepLabel } from '../../engine/step-label.js';

/** Drawing units of the SVG's viewBox; it scales to any screen width. */
const VIEW = 600;
const MARGIN = 28;
const POINT_RADIUS = 5;

interface BaselineStyle {
  key: keyof TspInstanceData['baselines'];
  label: string;
  className: string;
}

const BASELINES: BaselineStyle[] = [
  { key: 'nearestNeighbour', label: 'Nearest neighbour', className: 'tour-nn' },
  { key: 'farthestInsertion', label: 'Farthest insertion', className: 'tour-fi' },
  { key: 'reference', label: 'Reference', className: 'tour-ref' },
];

const gap = (length: number, reference: number): string => `${(((length - reference) / reference) * 100).toFixed(1)}%`;

/**
 * The TSP instance drawn as the paper draws it: the points, the best tour found so far, and the
 * baseline tours (nearest neighbour, farthest insertion, the exact or heuristic reference), each
 * toggleable. A slider replays how the best tour improved step by step.
 */
export class TspFigure {
  readonly element = h('section', { class: 'figure tsp-figure', 'aria-label': 'tour' });
  data: TspResponse | null = null;
  private readonly shown = new Set<string>(['reference']);
  private position: number | null = null;

  constructor(private readonly runId: string) {}

  async refresh(): Promise<TspResponse> {
    const data = await getJson<TspResponse>(runPath(this.runId, '/tsp'));
    const atEnd = this.position === null || this.position >= (this.data?.improvements.length ?? 0) - 1;
    this.data = data;
    if (atEnd) this.position = null; // follow the newest best while the reader has not scrubbed back
    this.render();
    return data;
  }

  /** The baselines' lengths as reference lines on the curve (none until the instance is known). */
  baselines(): Baseline[] {
    const instance = this.data?.instance;
    if (!instance) return [];
    const b = instance.baselines;
    return [
      { label: 'NN', value: b.nearestNeighbour.length, colorVar: '--c-nn' },
      { label: 'FI', value: b.farthestInsertion.length, colorVar: '--c-fi' },
      { label: b.reference.kind === 'exact' ? 'optimum' : 'reference', value: b.reference.length, colorVar: '--c-ref' },
    ];
  }

  private render(): void {
    const data = this.data;
    if (!data) return;
    const { instance, improvements } = data;
    const index = this.position ?? improvements.length - 1;
    const current = improvements[index] ?? null;
    if (!instance) {
      replace(
        this.element,
        h('h2', {}, 'Tour'),
        h('p', { class: 'muted' }, 'This run did not record its points (manifest.instance), so tours cannot be drawn; the lengths per step are below.'),
        current ? h('p', {}, `Best length ${formatScore(current.length, 'number')} at ${current.step < 0 ? 'init' : `step ${stepLabel(current.step)}`}: `, h('span', { class: 'mono small' }, current.tour.join(' → '))) : null,
      );
      return;
    }
    const reference = instance.baselines.reference.length;
    const toggles = BASELINES.map((b) => {
      const baseline = instance.baselines[b.key];
      const box = h('input', { type: 'checkbox', checked: this.shown.has(b.key), 'data-baseline': b.key });
      box.addEventListener('change', () => {
        if (box.checked) this.shown.add(b.key);
        else this.shown.delete(b.key);
        this.render();
      });
      const kindNote = b.key === 'reference' ? ` (${instance.baselines.reference.kind})` : ` · gap ${gap(baseline.length, reference)}`;
      return h('label', { class: `toggle ${b.className}` }, box, h('span', { class: 'swatch-line', 'aria-hidden': 'true' }), ` ${b.label} ${formatScore(baseline.length, 'number')}${kindNote}`);
    });
    const slider = improvements.length > 1 ? h('input', { type: 'range', min: 0, max: improvements.length - 1, value: index, 'aria-label': 'best tour after step' }) : null;
    slider?.addEventListener('input', () => {
      this.position = Number(slider.value);
      this.render();
      (this.element.querySelector('input[type=range]') as HTMLInputElement | null)?.focus();
    });
    replace(
      this.element,
      h('h2', {}, 'Tour'),
      h(
        'p',
        { class: 'figure-caption' },
        current
          ? `Best tour after ${current.step < 0 ? 'init' : `step ${stepLabel(current.step)}`}: length ${formatScore(current.length, 'number')}, gap ${gap(current.length, reference)} to the ${instance.baselines.reference.kind} reference.`
          : 'No tour scored yet.',
      ),
      h('div', { class: 'figure-body' }, this.drawing(instance, current?.tour ?? null), h('div', { class: 'figure-side' }, ...toggles, slider ? h('label', { class: 'slider' }, `Improvement ${index + 1} of ${improvements.length}`, slider) : null)),
    );
  }

  private drawing(instance: TspInstanceData, best: number[] | null): SVGSVGElement {
    const xs = instance.points.map((p) => p[0]);
    const ys = instance.points.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const scale = (VIEW - 2 * MARGIN) / Math.max(maxX - minX, maxY - minY, 1);
    // SVG's y grows downward; the paper's plots (and people) expect y up.
    const at = (i: number): [number, number] => {
      const [x, y] = instance.points[i] ?? [0, 0];
      return [MARGIN + (x - minX) * scale, VIEW - MARGIN - (y - minY) * scale];
    };
    const polygon = (tour: number[], className: string): SVGPolygonElement =>
      svg('polygon', { class: className, points: tour.map((i) => at(i).join(',')).join(' ') });
    const layers: SVGElement[] = [];
    for (const b of BASELINES) if (this.shown.has(b.key)) layers.push(polygon(instance.baselines[b.key].tour, `tour ${b.className}`));
    if (best) layers.push(polygon(best, 'tour tour-best'));
    instance.points.forEach((_, i) => {
      const [x, y] = at(i);
      layers.push(svg('circle', { class: i === 0 ? 'node node-start' : 'node', cx: x, cy: y, r: POINT_RADIUS }, svg('title', {}, `node ${i} (${instance.points[i]?.join(', ')})`)));
    });
    return svg(
      'svg',
      { viewBox: `0 0 ${VIEW} ${VIEW}`, class: 'tour-svg', role: 'img', 'aria-label': `${instance.points.length} points${best ? ' and the best tour' : ''}`, 'data-nodes': instance.points.length },
      ...layers,
    );
  }
}
