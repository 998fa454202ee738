/**
 * The compare view in real headless Chromium, on a run whose two instructions were graded on both
 * the training and the held-out split: it opens on the held-out split, names the split above the
 * tally, offers the other one, and after switching shows that split's own tally and examples only.
 * Needs the built dashboard (npm run build).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chooseChromium } from '../helpers/chromium.js';
import { splitDashboard } from './split-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-artifacts', 'dashboard');
/** A Chromium on PATH or named by OPRO_CHROMIUM; without one, skipped outside CI and a failure under CI. */
const CHROMIUM = chooseChromium({ env: process.env });
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
/** Bounds each wait for the page (a hang, not a timing assertion). */
const WAIT_MS = 15_000;

if (CHROMIUM.kind === 'fail') test('a Chromium for the dashboard tests', () => assert.fail(CHROMIUM.reason));

describe('compare view: one split at a time, in Chromium', { skip: CHROMIUM.kind === 'use' ? false : CHROMIUM.reason }, () => {
  const served = splitDashboard();
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    if (CHROMIUM.kind !== 'use') throw new Error(CHROMIUM.reason);
    // Serves the built bundle (npm run build, which npm test runs first). Not rebuilt here: the build
    // replaces dist/web/assets, which would break a page another test file has open at the same time.
    browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
  });

  const open = async (query: string): Promise<void> => {
    await page.goto('about:blank');
    await page.goto(`http://127.0.0.1:${served.port}/#/run/${served.run.runId}?tab=compare&${query}`);
  };
  const splitPicker = () => page.locator('select[aria-label="compare split"]');
  const caption = () => page.locator('.compare-split');
  /** The tally as text (textContent: the stylesheet upper-cases labels on screen). */
  const tally = async (): Promise<string> => (await page.locator('.compare-tally').textContent()) ?? '';
  const indexCells = (): Promise<string[]> => page.locator('#compare-table tbody tr td:first-child').allTextContents();

  test('opens on the held-out split when both were graded on it, and says so', async () => {
    await open(`a=${served.run.a}&b=${served.run.b}`);
    await caption().filter({ hasText: 'Held-out (test) examples' }).waitFor();
    assert.equal(await caption().textContent(), 'Held-out (test) examples: 4 graded for both A and B · training: 6, compared separately (Split)');
    assert.equal(await splitPicker().inputValue(), 'test');
    assert.deepEqual(await splitPicker().locator('option').allTextContents(), ['training · 6 shared', 'held-out (test) · 4 shared']);
    await page.locator('select[aria-label="compare filter"]').selectOption('all');
    await page.waitForFunction(() => document.querySelectorAll('#compare-table tbody tr').length === 4);
    assert.deepEqual(await indexCells(), ['test 0', 'test 1', 'test 2', 'test 3']);
    const text = await tally();
    // Held-out has half credit: who scored higher, and the paired test on this split's scores.
    assert.ok(text.includes('shared examples4') && text.includes('A higher0') && text.includes('B higher3'), text);
    assert.match((await page.locator('.compare-p').textContent()) ?? '', /paired permutation/);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'instruction-compare-held-out.png'), fullPage: true });
  });

  test('switching to the training split shows its own tally and examples, and the choice is kept in the URL', async () => {
    await splitPicker().selectOption('train');
    await caption().filter({ hasText: 'Training examples' }).waitFor();
    assert.equal(await caption().textContent(), 'Training examples: 6 graded for both A and B · held-out (test): 4, compared separately (Split)');
    await page.waitForFunction(() => document.querySelectorAll('#compare-table tbody tr').length === 6);
    // Train #6 was graded for A only (test #6 for B only): no row pairs them.
    assert.deepEqual(await indexCells(), ['0', '1', '2', '3', '4', '5']);
    const text = await tally();
    assert.ok(text.includes('shared examples6') && text.includes('both correct1') && text.includes('only A3') && text.includes('only B1') && text.includes('neither1'), text);
    assert.match((await page.locator('.compare-p').textContent()) ?? '', /McNemar/);
    assert.match(page.url(), /[?&]split=train(&|$)/);
    await page.reload();
    await caption().filter({ hasText: 'Training examples' }).waitFor();
    assert.equal(await splitPicker().inputValue(), 'train');
  });

  test('with an instruction never graded on held-out data, the comparison is of train and offers no other split', async () => {
    await open(`a=${served.run.a}&b=${served.run.c}`);
    await caption().filter({ hasText: 'Training examples' }).waitFor();
    assert.equal(await caption().textContent(), 'Training examples: 6 graded for both A and B');
    assert.deepEqual(await splitPicker().locator('option').allTextContents(), ['training · 6 shared']);
    assert.deepEqual(pageErrors, []);
  });
});
