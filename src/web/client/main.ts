import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { connectLive } from './live.js';
import { parseRoute } from './router.js';
import { renderRunPage } from './run-page.js';
import { renderRunsPage } from './runs-page.js';

/** The dashboard's entry: one page at a time, chosen by the URL's hash. */
const root = document.getElementById('app') as HTMLElement;
let cleanup: (() => void) | null = null;

function render(): void {
  cleanup?.();
  const route = parseRoute();
  cleanup = route.page === 'run' ? renderRunPage(root, route.runId, route.params) : renderRunsPage(root, route.params);
  document.title = route.page === 'run' ? `${route.runId} · opro` : 'Runs · opro';
}

window.addEventListener('hashchange', render);
connectLive();
render();
