import type { CurveResponse, RunResponse } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { CandidatesPanel } from './candidates-panel.js';
import { ComparePanel } from './compare-panel.js';
import { CurveChart, type Baseline } from './curve-chart.js';
import { h, replace } from './dom.js';
import { ExamplesPanel } from './examples-panel.js';
import { LinregFigure } from './linreg-figure.js';
import { coalesce, onChange } from './live.js';
import { updateParams } from './router.js';
import type { Panel, RunContext } from './run-context.js';
import { renderRunHeader } from './run-header.js';
import { StepsPanel } from './steps-panel.js';
import { renderTabs, type Tab } from './tabs.js';
import { TspFigure } from './tsp-figure.js';
import { UsagePanel } from './usage-panel.js';

interface TabSpec {
  id: string;
  label: string;
  create(context: RunContext): Panel;
}

/** The tabs each kind of run gets; per-example views exist only where examples are recorded. */
function tabsFor(kind: string): TabSpec[] {
  const solutions = kind === 'instructions' ? 'Instructions' : kind === 'tsp' ? 'Tours' : kind === 'linear-regression' ? 'Pairs' : 'Solutions';
  return [
    { id: 'candidates', label: solutions, create: (c) => new CandidatesPanel(c) },
    { id: 'steps', label: 'Steps', create: (c) => new StepsPanel(c) },
    ...(kind === 'instructions'
      ? [
          { id: 'examples', label: 'Examples', create: (c: RunContext) => new ExamplesPanel(c) },
          { id: 'compare', label: 'Compare', create: (c: RunContext) => new ComparePanel(c) },
        ]
      : []),
    { id: 'usage', label: 'Cost & failures', create: (c) => new UsagePanel(c) },
  ];
}

const Y_LABELS: Record<string, string> = { instructions: 'training accuracy', tsp: 'tour length', 'linear-regression': 'loss (log)' };

/** One run: header figures, the kind's picture (tour, landscape), the curve, and the tabs. Returns its cleanup. */
export function renderRunPage(root: HTMLElement, runId: string, params: URLSearchParams): () => void {
  const header = h('header', { class: 'run-header' });
  const figureHost = h('div', { class: 'figure-host' });
  const curveHost = h('div', { id: 'curve', class: 'curve' });
  const tabsHost = h('div', { class: 'run-tabs' });
  const error = h('p', { class: 'error', role: 'alert' });
  replace(root, header, error, h('div', { class: 'visuals' }, figureHost, h('section', { class: 'curve-section', 'aria-label': 'optimization curve' }, h('h2', {}, 'Optimization curve'), curveHost)), tabsHost);

  let chart: CurveChart | null = null;
  let figure: TspFigure | LinregFigure | null = null;
  let panel: Panel | null = null;
  let context: RunContext | null = null;
  let selectTab: ((id: string) => void) | null = null;
  let disposed = false;
  let lastCurve: CurveResponse | null = null;

  const setup = async (run: RunResponse): Promise<void> => {
    let baselines: Baseline[] = [];
    if (run.kind === 'tsp') {
      const tsp = new TspFigure(run.id);
      figure = tsp;
      figureHost.append(tsp.element);
      const instance = (await tsp.refresh()).instance;
      if (instance) {
        const b = instance.baselines;
        baselines = [
          { label: 'NN', value: b.nearestNeighbour.length, colorVar: '--c-nn' },
          { label: 'FI', value: b.farthestInsertion.length, colorVar: '--c-fi' },
          { label: b.reference.kind === 'exact' ? 'optimum' : 'reference', value: b.reference.length, colorVar: '--c-ref' },
        ];
      }
    } else if (run.kind === 'linear-regression') {
      const linreg = new LinregFigure(run.id);
      figure = linreg;
      figureHost.append(linreg.element);
      await linreg.refresh();
    }
    chart = new CurveChart(curveHost, {
      kind: run.kind,
      yLabel: Y_LABELS[run.kind] ?? 'score',
      log: run.kind === 'linear-regression',
      baselines,
      onPick: (index) => {
        const key = lastCurve?.keys[index];
        if (key && run.kind === 'instructions') context?.show('examples', { key });
      },
    });
    const ctx: RunContext = {
      run,
      params,
      show: (tab, changes = {}) => {
        updateParams({ tab, ...changes });
        for (const [name, value] of Object.entries(changes)) {
          if (value === null) params.delete(name);
          else params.set(name, value);
        }
        selectTab?.(tab);
        tabsHost.scrollIntoView({ behavior: 'smooth', block: 'start' });
      },
    };
    context = ctx;
    const specs = tabsFor(run.kind);
    const tabs: Tab[] = specs.map((spec) => ({
      id: spec.id,
      label: spec.label,
      open: (target) => {
        panel = spec.create(ctx);
        panel.mount(target);
      },
    }));
    selectTab = renderTabs(tabsHost, tabs, params.get('tab') ?? 'candidates', (id) => updateParams({ tab: id }));
  };

  const load = async (): Promise<void> => {
    let run: RunResponse;
    try {
      run = await getJson<RunResponse>(runPath(runId));
      error.textContent = '';
    } catch (e) {
      error.textContent = `Could not load run ${runId}: ${(e as Error).message}`;
      return;
    }
    if (disposed) return;
    renderRunHeader(header, run);
    document.title = `${run.dataset ?? run.kind} · ${run.id} · opro`;
    if (!context) await setup(run);
    else {
      context.run = run;
      await Promise.all([figure?.refresh(), panel?.refresh()]);
    }
    lastCurve = await getJson<CurveResponse>(runPath(runId, '/curve'));
    if (!disposed) chart?.update(lastCurve);
  };

  const refresh = coalesce(load);
  const unsubscribe = onChange((change) => {
    if (change.changed.includes(runId)) refresh();
    if (change.removed.includes(runId)) error.textContent = 'This run was deleted from the store.';
  });
  void load();
  return () => {
    disposed = true;
    unsubscribe();
    chart?.destroy();
  };
}
