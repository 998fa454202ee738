import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CurveResponse } from '../../src/web/shared/api-types.js';
import { seedLinregRun, seedTspRun } from './fixtures.js';
import { startHarness, type Harness } from './server-harness.js';
import { chooseChromium } from '../helpers/chromium.js';

/**
 * The dashboard in real headless Chromium: every page renders, the curve has one dot per scored
 * candidate, a step's meta-prompt opens, and a run written by another connection updates the open
 * page without a reload. Screenshots go to test-artifacts/dashboard/ for a human to look at.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-artifacts', 'dashboard');
/** A Chromium on PATH or named by OPRO_CHROMIUM; without one, skipped outside CI and a failure under CI. */
const CHROMIUM = chooseChromium({ env: process.env });
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Bounds each wait for the page (a hang, not a timing assertion). */
const WAIT_MS = 15_000;
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let h: Harness;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

async function open(hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${h.base}/${hash}`);
}

const dots = (): Promise<number> => page.locator('#curve').getAttribute('data-points').then(Number);

// Under CI a missing browser is one failing test with the reason, not a skipped suite.
if (CHROMIUM.kind === 'fail') test('a Chromium for the dashboard tests', () => assert.fail(CHROMIUM.reason));

describe('dashboard in Chromium', { skip: CHROMIUM.kind === 'use' ? false : CHROMIUM.reason }, () => {
  before(async () => {
    if (CHROMIUM.kind !== 'use') throw new Error(CHROMIUM.reason); // unreachable: the suite is skipped
    // The bundle is part of what is tested: always build it fresh (esbuild takes well under a second).
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], { cwd: ROOT, stdio: 'pipe' });
    fs.mkdirSync(SHOTS, { recursive: true });
    h = await startHarness();
    browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: LAPTOP, colorScheme: 'light' });
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  test('the runs list shows the finished and the running run', async () => {
    await open('#/');
    await page.locator(`#runs-table tr[data-run-id="${h.running.runId}"]`).waitFor();
    const ids = await page.locator('#runs-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
    assert.ok(ids.includes(h.finished.runId) && ids.includes(h.running.runId));
    assert.equal(ids.length, 4);
    assert.match(await page.locator(`tr[data-run-id="${h.running.runId}"] .status`).innerText(), /running/);
    await shot('runs-list');
  });

  test('sorting and filtering the list', async () => {
    await open('#/');
    await page.locator('#runs-table tbody tr').first().waitFor();
    await page.locator('button.sort-btn[data-sort="steps"]').click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"] [data-sort="steps"]') !== null);
    await page.locator('input.filter').fill('tsp');
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr').length === 1);
    assert.equal(await page.locator('#runs-table tbody tr').getAttribute('data-run-id'), h.tsp.runId);
  });

  test('the instruction run page: a curve with one dot per scored candidate', async () => {
    await open(`#/run/${h.finished.runId}`);
    await page.locator('#curve[data-points]').waitFor();
    await page.locator('#curve canvas').waitFor();
    assert.equal(await dots(), h.finished.scored);
    const rows = await page.locator('#candidates-table tbody tr').count();
    assert.equal(rows, Math.min(25, h.finished.scored));
    await shot('instruction-run');
  });

  test('hovering a dot shows its instruction', async () => {
    const curve = (await (await fetch(`${h.base}/api/runs/${h.finished.runId}/curve`)).json()) as CurveResponse;
    const best = curve.scores.indexOf(Math.max(...curve.scores));
    const point = await page.evaluate(
      ([step, score]) => {
        const chart = document.querySelector('#curve') as HTMLElement & { uplot?: { valToPos(v: number, s: string): number } };
        const box = (document.querySelector('#curve .u-over') as HTMLElement).getBoundingClientRect();
        return chart.uplot ? { x: box.left + chart.uplot.valToPos(step as number, 'x'), y: box.top + chart.uplot.valToPos(score as number, 'y') } : null;
      },
      [curve.steps[best], curve.scores[best]],
    );
    assert.ok(point, 'the chart element exposes its uPlot instance');
    await page.mouse.move(point.x, point.y);
    const tip = page.locator('#curve .chart-tip');
    await tip.waitFor({ state: 'visible' });
    assert.ok((await tip.innerText()).includes((curve.texts[best] ?? '').slice(0, 30)));
    await shot('instruction-curve-hover', false);
  });

  test("a step's meta-prompt and replies open", async () => {
    await page.locator('[role="tab"][data-tab="steps"]').click();
    await page.locator('#steps-table tr[data-step="1"] button.open-step').click();
    const meta = page.locator('#meta-prompt-text');
    await meta.waitFor();
    assert.match(await meta.innerText(), /^Your task is to generate the instruction <INS>/);
    assert.equal(await page.locator('#step-detail .reply').count(), 4);
    assert.match(await page.locator('#step-detail .reply-unparsable').innerText(), /no <INS> tags/);
    await shot('instruction-steps');
  });

  test('per-example view and side-by-side comparison', async () => {
    await page.locator('[role="tab"][data-tab="candidates"]').click();
    await page.locator('#candidates-table tbody tr').first().locator('button', { hasText: 'Examples' }).click();
    await page.locator('#examples-table tbody tr').first().waitFor();
    // The best instruction was measured on held-out data: its 24 held-out examples, its 24 training ones tallied apart.
    assert.equal(await page.locator('#examples-table tbody tr').count(), 24);
    assert.match((await page.locator('.examples-split').textContent()) ?? '', /^Held-out \(test\) examples: 24 graded for this instruction · training: 24, tallied separately/);
    await shot('instruction-examples');
    await page.locator('[role="tab"][data-tab="compare"]').click();
    await page.locator('#compare-table tbody tr').first().waitFor();
    assert.match(await page.locator('.compare-tally').innerText(), /SHARED EXAMPLES\s*24/i);
    // The paired test of the two, as in the CLI report: a p-value and whether it is more than noise.
    assert.match(await page.locator('.compare-p').innerText(), /(p [=<] [\d.]+\s*(significant|within noise))|none/i);
    await shot('instruction-compare');
    await page.locator('[role="tab"][data-tab="usage"]').click();
    await page.locator('.usage-table').first().waitFor();
    const endpoints = await page.locator('.endpoint-table').innerText();
    assert.match(endpoints, /openai https:\/\/api\.example\/v1/);
    assert.match(endpoints, /6 of 16 \(learned\)/);
    assert.match(endpoints, /1,?200 req\/min/);
    await shot('instruction-usage');
  });

  test('a running run updates live: a new evaluation appears without reload', async () => {
    await open(`#/run/${h.running.runId}`);
    await page.locator('#curve[data-points]').waitFor();
    const before = await dots();
    assert.equal(before, h.running.scored);
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    const expected = h.running.addEvaluation(3, 'Think about each turn, then count the steps.');
    await page.waitForFunction((n) => document.querySelector('#curve')?.getAttribute('data-points') === String(n), expected);
    assert.equal(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true, 'the page was not reloaded');
    await shot('running-run-live');
  });

  test('a finished run never shows a step "in progress", even an initial step recorded without its finish', async () => {
    // As runs recorded before the engine finished its initial step: initial-started, never step-finished -1.
    const id = h.store.createRun({ kind: 'instructions', dataset: 'bbh/navigate', scorer: 'scripted:echo', optimizer: 'scripted:echo', config: {}, manifest: {} });
    const record = h.store.recorder(id);
    record({ type: 'run-started', problem: 'instructions', steps: 1, candidatesPerStep: 1 });
    record({ type: 'initial-started', count: 1 });
    record({ type: 'candidate-scored', step: -1, entry: { solution: 'Start.', key: 'k0', score: 0.5, step: -1 } });
    record({ type: 'step-started', step: 0, metaPrompt: { text: 'meta', details: {} } });
    record({ type: 'step-finished', step: 0, best: null, scored: 0, optimizerCalls: 1 });
    record({ type: 'run-finished', status: 'completed', reason: 'ran 1 step', best: null, stepsCompleted: 1 });
    record.close();
    await open(`#/run/${id}?tab=steps`);
    await page.locator('[role="tab"][data-tab="steps"]').click();
    const init = page.locator('#steps-table tr[data-step="-1"]');
    await init.waitFor();
    assert.doesNotMatch(await page.locator('#steps-table').innerText(), /in progress/);
    assert.match(await init.innerText(), /^init\b[\s\S]*not finished/);
    assert.match(await page.locator('#steps-table tr[data-step="0"]').innerText(), /^1\b/, 'steps count from 1, as in the CLI');
    await shot('steps-finished-run-init-row');
    h.store.deleteRun(id);
  });

  test('the usage tab names the call and token caps a run was started with, not "no budget cap"', async () => {
    const id = h.store.createRun({ kind: 'instructions', dataset: 'gsm8k', scorer: 'scripted:echo', optimizer: 'scripted:echo', config: { command: 'optimize', flags: { maxCalls: 500, maxTokens: 100000 } }, manifest: {} });
    await open(`#/run/${id}`);
    await page.locator('[role="tab"][data-tab="usage"]').click();
    await page.locator('#cap-calls').waitFor();
    assert.match(await page.locator('#cap-calls').innerText(), /Call cap \(--max-calls\): 0 of 500 model calls/);
    assert.match(await page.locator('#cap-tokens').innerText(), /of 100,000 tokens/);
    assert.equal(await page.getByText('No cap was set').count(), 0);
    await shot('usage-with-max-calls');
    h.store.deleteRun(id);
  });

  test('a run started elsewhere appears in the open list', async () => {
    await open('#/');
    await page.locator('#runs-table tbody tr').first().waitFor();
    const id = h.store.createRun({ kind: 'instructions', dataset: 'bbh/date_understanding', scorer: 'ollama:qwen2.5:7b', optimizer: 'ollama:qwen2.5:7b', config: {}, manifest: {} });
    await page.locator(`#runs-table tr[data-run-id="${id}"]`).waitFor();
    h.store.deleteRun(id);
    await page.locator(`#runs-table tr[data-run-id="${id}"]`).waitFor({ state: 'detached' });
  });

  test('the TSP page draws the points, the best tour and toggleable baselines', async () => {
    await open(`#/run/${h.tsp.runId}`);
    const drawing = page.locator('svg.tour-svg[data-nodes="12"]');
    await drawing.waitFor();
    assert.equal(await drawing.locator('circle.node').count(), 12);
    assert.equal(await drawing.locator('polygon.tour-best').count(), 1);
    assert.equal(await drawing.locator('polygon.tour-nn').count(), 0);
    await page.locator('input[data-baseline="nearestNeighbour"]').check();
    await drawing.locator('polygon.tour-nn').waitFor();
    await page.locator('#curve[data-points]').waitFor();
    assert.equal(await dots(), h.tsp.scored);
    await shot('tsp-run');
  });

  test('the linear-regression page draws the loss landscape, the explored pairs and the path', async () => {
    await open(`#/run/${h.linreg.runId}`);
    const landscape = page.locator('svg.landscape-svg');
    await landscape.waitFor();
    assert.equal(await landscape.getAttribute('data-pairs'), String(h.linreg.scored));
    assert.equal(await landscape.locator('image').count(), 1, 'the heatmap');
    assert.ok((await landscape.locator('circle.best-pair').count()) >= 2);
    assert.equal(await landscape.locator('polygon.marker-true').count(), 1);
    await page.locator('#curve[data-points]').waitFor();
    // The loss axis's tick labels (up to "1,000,000") fit beside its title: the axis is as wide as they need.
    const axis = await page.evaluate(() => {
      const chart = document.querySelector('#curve') as HTMLElement & { uplot?: { axes: { _size?: number; _values?: string[]; font?: string[] }[] } };
      const y = chart.uplot?.axes[1];
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      context.font = y?.font?.[0] ?? '12px system-ui';
      return { size: y?._size ?? 0, widest: Math.max(...(y?._values ?? []).map((v) => context.measureText(v).width)) };
    });
    assert.ok(axis.widest > 0, 'the axis has tick labels');
    assert.ok(axis.size >= axis.widest + 24, `axis ${axis.size}px wide for ${axis.widest.toFixed(0)}px labels plus the title`);
    assert.match(await page.locator('.linreg-figure').innerText(), /at step \d+\./, 'steps named as in the tables');
    await shot('linreg-run');
  });

  test('TSP and linear-regression runs without a recorded instance still show what the rows hold', async () => {
    const tsp = seedTspRun(h.store, false);
    await open(`#/run/${tsp.runId}`);
    await page.locator('.tsp-figure', { hasText: 'did not record its points' }).waitFor();
    await page.locator('#curve[data-points]').waitFor();
    assert.equal(await dots(), tsp.scored);
    const linreg = seedLinregRun(h.store, false);
    await open(`#/run/${linreg.runId}`);
    await page.locator('.linreg-figure', { hasText: 'did not record its data' }).waitFor();
    const landscape = page.locator('svg.landscape-svg');
    assert.equal(await landscape.locator('image').count(), 0, 'no heatmap without the data');
    assert.ok((await landscape.locator('circle.pair').count()) > 0);
    await shot('linreg-run-without-instance');
  });

  test('phone width, dark scheme', async () => {
    await page.setViewportSize(PHONE);
    await page.emulateMedia({ colorScheme: 'dark' });
    await open(`#/run/${h.finished.runId}`);
    await page.locator('#curve canvas').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page must not scroll sideways on a phone (overflow ${overflow}px)`);
    await shot('phone-dark-instruction-run', false);
    await open(`#/run/${h.linreg.runId}`);
    await page.locator('svg.landscape-svg').waitFor();
    await shot('phone-dark-linreg', false);
    await open('#/');
    await page.locator('#runs-table tbody tr').first().waitFor();
    await shot('phone-dark-runs-list', false);
    await page.setViewportSize(LAPTOP);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('a ".." path is refused', async () => {
    const response = await page.goto(`${h.base}/assets/..%2f..%2fpackage.json`);
    assert.equal(response?.status(), 400);
    assert.ok(!(await page.content()).includes('"dependencies"'));
  });

  test('no script errors on any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
