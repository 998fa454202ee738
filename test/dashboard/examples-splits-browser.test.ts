/**
 * The Examples tab in real headless Chromium, on a run whose instruction was graded on both the
 * training and the held-out split: it opens on the held-out split, names it above the tally with
 * the other split's count, tallies that split alone (with the score `opro runs show` prints for it),
 * keeps a switch of split in the URL, and lists both splits only on request, with one tally each.
 * Needs the built dashboard (npm run build).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunStore } from '../../src/store/index.js';
import { chooseChromium } from '../helpers/chromium.js';
import { md5 } from './fixtures.js';
import { splitDashboard } from './split-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-artifacts', 'dashboard');
/** A Chromium on PATH or named by OPRO_CHROMIUM; without one, skipped outside CI and a failure under CI. */
const CHROMIUM = chooseChromium({ env: process.env });
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
/** Bounds each wait for the page (a hang, not a timing assertion). */
const WAIT_MS = 15_000;
/** Markup in an instruction, a model's output and a split's example: it must show as text. */
const HOSTILE = '<img src=x onerror="window.__pwned=1"><b>bold</b>';

if (CHROMIUM.kind === 'fail') test('a Chromium for the dashboard tests', () => assert.fail(CHROMIUM.reason));

/** A run whose one instruction and its example carry markup. */
function seedHostileRun(store: RunStore): { runId: string; key: string } {
  const runId = store.createRun({ kind: 'instructions', dataset: 'gsm8k', scorer: 'openai:gpt-4o-mini', optimizer: 'openai:gpt-4o', config: {} });
  const record = store.recorder(runId);
  const key = md5(HOSTILE);
  record({
    type: 'problem', step: 0,
    event: {
      type: 'example-evaluated', key, split: 'train', exampleIndex: 0, input: HOSTILE, expected: '1', output: HOSTILE, score: 0, feedback: HOSTILE,
      outcome: 'answered', errorMessage: null, fields: { prediction: null },
      usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 }, cached: false, latencyMs: 1,
    },
  });
  record({ type: 'candidate-scored', step: 0, entry: { solution: HOSTILE, key, score: 0, step: 0 } });
  record.close();
  return { runId, key };
}

describe('examples view: one split at a time, in Chromium', { skip: CHROMIUM.kind === 'use' ? false : CHROMIUM.reason }, () => {
  const served = splitDashboard();
  let browser: Browser;
  let page: Page;
  let hostile: ReturnType<typeof seedHostileRun>;
  const pageErrors: string[] = [];

  before(async () => {
    if (CHROMIUM.kind !== 'use') throw new Error(CHROMIUM.reason);
    // Serves the built bundle (npm run build, which npm test runs first).
    hostile = seedHostileRun(served.store);
    browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
  });

  const open = async (runId: string, query: string): Promise<void> => {
    await page.goto('about:blank');
    await page.goto(`http://127.0.0.1:${served.port}/#/run/${runId}?tab=examples&${query}`);
  };
  const splitPicker = () => page.locator('select[aria-label="split"]');
  const caption = () => page.locator('.examples-split');
  const tallies = (): Promise<string[]> => page.locator('.example-summary p.example-tally').allTextContents();
  const splitCells = (): Promise<string[]> => page.locator('#examples-table tbody tr td:nth-child(2)').allTextContents();

  test('opens on the held-out split, names it with the training count, and tallies it alone', async () => {
    await open(served.run.runId, `key=${served.run.a}`);
    await caption().filter({ hasText: 'Held-out (test) examples' }).waitFor();
    assert.equal(await caption().textContent(), 'Held-out (test) examples: 4 graded for this instruction · training: 7, tallied separately (Split)');
    assert.equal(await splitPicker().inputValue(), 'test');
    assert.deepEqual(await splitPicker().locator('option').allTextContents(), ['training · 7 graded', 'held-out (test) · 4 graded', 'both splits, tallied separately']);
    // Held-out: #0 right, #1-3 wrong; the figure is the run's held-out accuracy (TEST in `opro runs show`).
    assert.deepEqual(await tallies(), ['4 graded · 1 correct · 3 wrong · 0 failed calls · held-out accuracy 25.0% (n=4)']);
    await page.waitForFunction(() => document.querySelectorAll('#examples-table tbody tr').length === 4);
    assert.deepEqual(await splitCells(), ['test', 'test', 'test', 'test']);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'instruction-examples-held-out.png'), fullPage: true });
  });

  test('switching to training shows its own tally and rows, and the choice is kept in the URL', async () => {
    await splitPicker().selectOption('train');
    await caption().filter({ hasText: 'Training examples' }).waitFor();
    assert.equal(await caption().textContent(), 'Training examples: 7 graded for this instruction · held-out (test): 4, tallied separately (Split)');
    assert.deepEqual(await tallies(), ['7 graded · 5 correct · 2 wrong · 0 failed calls · training accuracy 71.4% (n=7)']);
    await page.waitForFunction(() => document.querySelectorAll('#examples-table tbody tr').length === 7);
    assert.ok((await splitCells()).every((split) => split === 'train'));
    assert.match(page.url(), /[?&]examples-split=train(&|$)/);
    await page.reload();
    await caption().filter({ hasText: 'Training examples' }).waitFor();
    assert.equal(await splitPicker().inputValue(), 'train');
  });

  test('both splits on request: every row listed, one tally per split, no figure over both', async () => {
    await splitPicker().selectOption('all');
    await caption().filter({ hasText: 'Both splits' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.example-summary p.example-tally').length === 2);
    assert.deepEqual(await tallies(), [
      'Training: 7 graded · 5 correct · 2 wrong · 0 failed calls · training accuracy 71.4% (n=7)',
      'Held-out (test): 4 graded · 1 correct · 3 wrong · 0 failed calls · held-out accuracy 25.0% (n=4)',
    ]);
    await page.waitForFunction(() => document.querySelectorAll('#examples-table tbody tr').length === 11);
    assert.deepEqual(new Set(await splitCells()), new Set(['train', 'test']));
    assert.match(page.url(), /[?&]examples-split=all(&|$)/);
  });

  test('an instruction never graded on held-out data opens on training and offers no other split', async () => {
    await open(served.run.runId, `key=${served.run.c}`);
    await caption().filter({ hasText: 'Training examples' }).waitFor();
    assert.equal(await caption().textContent(), 'Training examples: 6 graded for this instruction');
    assert.deepEqual(await splitPicker().locator('option').allTextContents(), ['training · 6 graded']);
  });

  test('markup in an instruction, a prompt, an output and feedback is shown as text', async () => {
    await open(hostile.runId, `key=${hostile.key}`);
    await caption().filter({ hasText: 'Training examples' }).waitFor();
    await page.locator('#examples-table tbody tr').first().waitFor();
    assert.equal(await page.locator('.example-summary img, #examples-table img, .example-summary b, #examples-table b').count(), 0);
    assert.ok(((await page.locator('.example-summary blockquote').textContent()) ?? '').includes(HOSTILE));
    assert.ok(((await page.locator('#examples-table pre.answer').textContent()) ?? '').includes(HOSTILE));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(pageErrors, []);
  });
});
