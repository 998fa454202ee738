import type { CurveResponse, KindView, RunResponse } from '../shared/api-types.js';
import { getJson, runPath } from './api.js';
import { CandidatesPanel } from './candidates-panel.js';
import { ComparePanel } from './compare-panel.js';
import { CurveChart } from './curve-chart.js';
import { h, replace } from './dom.js';
import { ExamplesPanel } from './examples-panel.js';
import { FIGURES, type Figure } from './figures.js';
import { coalesce, onChange } from './live.js';
import { updateParams } from './router.js';
import type { Panel, RunContext } from './run-context.js';
import { renderRunHeader } from './run-header.js';
import { StepsPanel } from './steps-panel.js';
import { renderTabs, type Tab } from './tabs.js';
import { UsagePanel } from './usage-panel.js';

interface TabSpec {
  id: string;
  label: string;
  create(context: RunContext): Panel;
}

/** The tabs a run's kind gets; per-example views exist only where examples are recorded. */
function tabsFor(view: KindView): TabSpec[] {
  return [
    { id: 'candidates', label: view.solutionsLabel, create: (c) => new CandidatesPanel(c) },
    { id: 'steps', label: 'Steps', create: (c) => new StepsPanel(c) },
    ...(view.examples
      ? [
          { id: 'examples', label: 'Examples', create: (c: RunContext) => new ExamplesPanel(c) },
          { id: 'compare', label: 'Compare', create: (c: RunContext) => new ComparePanel(c) },
        ]
      : []),
    { id: 'usage', label: 'Cost & failures', create: (c) => new UsagePanel(c) },
  ];
}

/** One run: header figures, the kind's picture (tour, landscape), the curve, and the tabs. Returns its cleanup. */
export function renderRunPage(root: HTMLElement, runId: string, params: URLSearchParams): () => void {
  const header = h('header', { class: 'run-header' });
  const figureHost = h('div', { class: 'figure-host' });
  const curveHost = h('div', { id: 'curve', class: 'curve' });
  const tabsHost = h('div', { class: 'run-tabs' });
  const error = h('p', { class: 'error', role: 'alert' });
  replace(root, header, error, h('div', { class: 'visuals' }, figureHost, h('section', { class: 'curve-section', 'aria-label': 'optimization curve' }, h('h2', {}, 'Optimization curve'), curveHost)), tabsHost);

  let chart: CurveChart | null = null;
  let figures: Figure[] = [];
  let panel: Panel | null = null;
  let context: RunContext | null = null;
  let selectTab: ((id: string) => void) | null = null;
  let disposed = false;
  let lastCurve: CurveResponse | null = null;

  const setup = async (run: RunResponse): Promise<void> => {
    const view = run.view;
    figures = view.figures.flatMap((id) => FIGURES[id]?.(run.id) ?? []);
    for (const figure of figures) figureHost.append(figure.element);
    await Promise.all(figures.map((figure) => figure.refresh()));
    chart = new CurveChart(curveHost, {
      format: view.scoreFormat,
      heldOut: view.heldOut,
      yLabel: view.scoreLabel,
      log: view.logScale,
      baselines: figures.flatMap((figure) => figure.baselines()),
      onPick: (index) => {
        const key = lastCurve?.keys[index];
        if (key && view.examples) context?.show('examples', { key });
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
    const specs = tabsFor(view);
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
      await Promise.all([...figures.map((figure) => figure.refresh()), panel?.refresh()]);
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
