/**
 * The Cost & failures tab of an experiment's member run in real headless Chromium: its endpoint
 * figures are its share of the experiment process's, and the table says which ones (the limit and
 * the rates learned) are the process's. An optimize run's table carries no such note.
 * Needs the built dashboard (npm run build).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDashboardServer, type DashboardServer } from '../../src/web/server/dashboard-server.js';
import { RunStore } from '../../src/store/index.js';
import type { EndpointReport } from '../../src/models/rate-limits/endpoint-report.js';
import { chooseChromium } from '../helpers/chromium.js';
import { tempStorePath } from './fixtures.js';

/** A Chromium on PATH or named by OPRO_CHROMIUM; without one, skipped outside CI and a failure under CI. */
const CHROMIUM = chooseChromium({ env: process.env });
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
/** Bounds each wait for the page (a hang, not a timing assertion). */
const WAIT_MS = 15_000;

if (CHROMIUM.kind === 'fail') test('a Chromium for the dashboard tests', () => assert.fail(CHROMIUM.reason));

const FIGURES: EndpointReport = {
  endpoint: 'openai http://127.0.0.1:9/v1', calls: 7, callsPerSecond: 3.5, rateLimited: 2, windowSpent: 0, concurrencyRefusals: 2,
  serverErrors: 0, timeouts: 0, networkErrors: 0, retries: 0, waitedMs: 40, limit: 2, maxConcurrency: 4, limitLearned: true,
};

describe('endpoint figures of an experiment member, in Chromium', { skip: CHROMIUM.kind === 'use' ? false : CHROMIUM.reason }, () => {
  let server: DashboardServer;
  let store: RunStore;
  let cleanup: () => void;
  let browser: Browser;
  let page: Page;
  const runs: { member: string; optimize: string } = { member: '', optimize: '' };

  before(async () => {
    if (CHROMIUM.kind !== 'use') throw new Error(CHROMIUM.reason);
    const tmp = tempStorePath();
    cleanup = tmp.cleanup;
    store = RunStore.open(tmp.file);
    runs.member = store.createRun({ kind: 'linear-regression', dataset: 'w=15, b=14, rep 1', optimizer: 'openai:gpt-4o', config: { command: 'linreg', group: 'x-1', member: 'w=15,b=14#0' } });
    store.setStatus(runs.member, 'completed', 'ran 3 steps', { endpoints: [{ ...FIGURES, share: 'member' }] });
    runs.optimize = store.createRun({ kind: 'instructions', dataset: 'gsm8k', optimizer: 'openai:gpt-4o', config: { command: 'optimize' } });
    store.setStatus(runs.optimize, 'completed', 'ran 3 steps', { endpoints: [FIGURES] });
    server = await startDashboardServer({ storePath: tmp.file, host: '127.0.0.1', port: 0, pollIntervalMs: 100 });
    browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    store?.close();
    cleanup?.();
  });

  const caption = async (runId: string): Promise<string> => {
    await page.goto('about:blank');
    await page.goto(`http://127.0.0.1:${server.port}/#/run/${runId}?tab=usage`);
    await page.locator('.endpoint-table tbody tr').first().waitFor();
    assert.match((await page.locator('.endpoint-table tbody tr').first().textContent()) ?? '', /^openai http:\/\/127\.0\.0\.1:9\/v173\.52/);
    return (await page.locator('.endpoint-table caption').textContent()) ?? '';
  };

  test("a member's table says its figures are its share, and which are the process's", async () => {
    assert.equal(
      await caption(runs.member),
      "By endpoint · this run's share of its experiment: its own calls, 429s, errors, retries, waits and calls/s; the limit and rates learned are the experiment process's, at this run's end",
    );
  });

  test("an optimize run's table has no such note", async () => {
    assert.equal(await caption(runs.optimize), 'By endpoint');
  });
});
