/**
 * Per-example feedback in the dashboard, in real headless Chromium: a task run recorded by the CLI
 * (the ticket example, scored by its JS metric) shows each example's feedback in the per-example
 * view and on both sides of the comparison view; its curve names the task's measure, while a paper
 * run's still says accuracy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDashboardServer, type DashboardServer } from '../../src/web/server/dashboard-server.js';
import { RunStore } from '../../src/store/index.js';
import { seedFinishedInstructionRun } from '../dashboard/fixtures.js';
import { chooseChromium } from '../helpers/chromium.js';
import { formatRunShow } from '../../src/cli/views/run-views.js';
import { builtinKinds } from '../../src/kinds/builtin.js';
import { comparePairedScores, formatPValue, formatPoints } from '../../src/stats/index.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const TASK = fileURLToPath(new URL('../../examples/ticket-classification/task.yaml', import.meta.url));
/** A judged task whose data has no expected output. */
const JUDGED_TASK = fileURLToPath(new URL('../../examples/support-replies/task.yaml', import.meta.url));
const CHROMIUM = chooseChromium({ env: process.env });
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
/** Bounds each wait for the page (a hang, not a timing assertion). */
const WAIT_MS = 15_000;

if (CHROMIUM.kind === 'fail') test('a Chromium for the dashboard tests', () => assert.fail(CHROMIUM.reason));

describe('feedback in the dashboard', { skip: CHROMIUM.kind === 'use' ? false : CHROMIUM.reason }, () => {
  let dir: string;
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;
  let runId: string;
  let paperRunId: string;
  let judgedRunId: string;

  before(async () => {
    if (CHROMIUM.kind !== 'use') throw new Error(CHROMIUM.reason);
    dir = mkdtempSync(join(tmpdir(), 'opro-feedback-ui-'));
    const store = join(dir, 'runs.sqlite');
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'optimize', '--task', TASK, '--store', store, '--no-cache', '--json', '-q'], { cwd: dir });
    runId = (JSON.parse(stdout) as { runId: string }).runId;
    const judged = await promisify(execFile)(process.execPath, [CLI, 'optimize', '--task', JUDGED_TASK, '--store', store, '--no-cache', '--json', '-q'], { cwd: dir });
    judgedRunId = (JSON.parse(judged.stdout) as { runId: string }).runId;
    // A paper run (no task) beside it, recorded as the engine records one.
    const runStore = RunStore.open(store);
    paperRunId = seedFinishedInstructionRun(runStore).runId;
    runStore.close();
    server = await startDashboardServer({ storePath: store, host: '127.0.0.1', port: 0, pollIntervalMs: 100 });
    browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the instructions table shows each mean score with the interval `opro runs show` prints for it', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/#/run/${runId}`);
    await page.locator('[role="tab"][data-tab="candidates"]').click();
    const row = page.locator('#candidates-table tbody tr', { hasText: 'Classify the support ticket.' });
    await row.locator('.score-interval').first().waitFor();
    const shown = (await row.locator('.score-interval').allTextContents()).map((text) => text.trim());
    const store = RunStore.open(join(dir, 'runs.sqlite'));
    const cli = formatRunShow(store.getRunDetail(runId), builtinKinds());
    store.close();
    const line = cli.split('\n').find((l) => l.includes('Classify the support ticket.')) ?? '';
    // Train and held-out, each as the CLI prints it (37.5% of 20 is a mean of partial scores, not k/n).
    assert.deepEqual(shown, [...line.matchAll(/\[\d+\.\d, \d+\.\d\]/g)].map((m) => m[0]));
    assert.equal(shown.length, 2);
  });

  /** The examples tab of a run's best instruction: its column titles and the tally line above them. */
  async function examplesTab(id: string): Promise<{ columns: string[]; tally: string }> {
    await page.goto(`http://127.0.0.1:${server.port}/#/run/${id}`);
    await page.locator('.crumbs .mono', { hasText: id }).waitFor();
    await page.locator('[role="tab"][data-tab="examples"]').click();
    await page.locator('#examples-table tbody tr').first().waitFor();
    return { columns: await page.locator('#examples-table thead th').allTextContents(), tally: await page.locator('.example-summary p.small').innerText() };
  }

  test('examples of a task run: no parsed-prediction column, no expected column without expected outputs, scores called scores', async () => {
    const ticket = await examplesTab(runId);
    assert.deepEqual(ticket.columns, ['#', 'Split', 'Prompt', 'Output', 'Expected', 'Verdict']);
    assert.match(ticket.tally, /graded · \d+ full score · \d+ below full · \d+ failed calls/);
    const judged = await examplesTab(judgedRunId);
    assert.deepEqual(judged.columns, ['#', 'Split', 'Prompt', 'Output', 'Verdict']);
    const paper = await examplesTab(paperRunId);
    assert.deepEqual(paper.columns, ['#', 'Split', 'Prompt', 'Raw answer', 'Parsed', 'Target', 'Verdict']);
    assert.match(paper.tally, /graded · \d+ correct · \d+ wrong · \d+ failed calls/);
  });

  test('the per-example view shows each example with its partial score and the metric feedback', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/#/run/${runId}`);
    await page.locator('[role="tab"][data-tab="candidates"]').click();
    // The starting instruction is the weakest: its examples carry feedback.
    const row = page.locator('#candidates-table tbody tr', { hasText: 'Classify the support ticket.' });
    await row.locator('button', { hasText: 'Examples' }).click();
    await page.locator('#examples-table tbody tr').first().waitFor();
    const feedback = await page.locator('#examples-table .feedback').allInnerTexts();
    assert.ok(feedback.length > 0);
    assert.ok(feedback.every((text) => /^(right label, but not as a single word|expected \w+, got)/.test(text)), feedback.join('\n'));
    assert.ok((await page.locator('#examples-table .verdict-partial').count()) > 0, 'half-credit answers show as partial');
    // A folded chat prompt shows its end too, where the example's own ticket is (its start is the same instruction in every row).
    const cell = page.locator('#examples-table .prompt-cell').first();
    const whole = (await cell.locator('pre.prompt-text').textContent()) ?? '';
    const summary = await cell.locator('summary').innerText();
    assert.ok(whole.length > summary.length, 'the prompt is long enough to be folded');
    assert.ok(summary.endsWith(whole.slice(-40).trim()), `${summary}\n---\n${whole}`);
  });

  test('the comparison view shows the feedback on both sides', async () => {
    await page.locator('[role="tab"][data-tab="compare"]').click();
    // A and B start as the two best, which agree everywhere; B becomes the weakest instruction.
    const pickB = page.locator('select[aria-label="instruction B"]');
    const weakest = await pickB.locator('option', { hasText: 'Classify the support ticket.' }).getAttribute('value');
    await pickB.selectOption(weakest ?? '');
    await page.locator('#compare-table .feedback').first().waitFor();
    const texts = await page.locator('#compare-table .feedback').allInnerTexts();
    assert.ok(texts.some((text) => /expected \w+, got|right label/.test(text)), texts.join('\n'));
  });

  test('with partial scores the comparison is the paired permutation test on the scores, not McNemar', async () => {
    // Still A = the best, B = the weakest. The expected figures come from the store's rows directly.
    const a = await page.locator('select[aria-label="instruction A"]').inputValue();
    const b = await page.locator('select[aria-label="instruction B"]').inputValue();
    // The view compares one split (held-out when both were graded on it): the figures are that split's.
    const split = await page.locator('select[aria-label="compare split"]').inputValue();
    const store = RunStore.open(join(dir, 'runs.sqlite'));
    const scores = store.read.pairedScores(runId, a, b, split);
    store.close();
    assert.ok(scores.b.some((score) => score > 0 && score < 1), 'the weakest instruction has half-credit answers');
    const asMap = (values: number[]): Map<number, number> => new Map(values.map((score, i) => [i, score]));
    const expected = comparePairedScores(asMap(scores.a), asMap(scores.b));
    const stat = page.locator('.compare-p');
    await stat.filter({ hasText: 'paired permutation' }).waitFor();
    // textContent: the stylesheet upper-cases the labels on screen.
    const text = (await stat.textContent()) ?? '';
    assert.match(text, /difference \(paired permutation\)/);
    assert.ok(text.includes(formatPValue(expected.pValue)), text);
    assert.ok(text.includes(`A − B ${formatPoints(expected.scores?.difference ?? NaN)}`), text);
    assert.match(text, expected.significant ? /· significant$/ : /· within noise$/);
    // The tally and the filters say who scored higher, not who was "correct" (no failed call here: both lists are complete).
    const higher = (x: number[], y: number[]): number => x.filter((score, i) => score > (y[i] ?? 0)).length;
    const tally = (await page.locator('.compare-tally').textContent()) ?? '';
    assert.ok(tally.includes(`A higher${higher(scores.a, scores.b)}`), tally);
    assert.ok(tally.includes(`B higher${higher(scores.b, scores.a)}`), tally);
    assert.doesNotMatch(tally, /only A|both correct/);
    const filters = await page.locator('select[aria-label="compare filter"] option').allTextContents();
    assert.deepEqual(filters, ['all shared examples', 'where the scores differ', 'A scored higher', 'B scored higher']);
  });

  /** The titles of the curve's axes, as drawn (uPlot draws them on its canvas; the chart element exposes the plot). */
  async function curveAxisLabels(id: string): Promise<string[]> {
    await page.goto(`http://127.0.0.1:${server.port}/#/run/${id}`);
    // This run's page, not the one before it: its header names it, then its chart is drawn.
    await page.locator('.crumbs .mono', { hasText: id }).waitFor();
    await page.waitForFunction(() => Boolean((document.getElementById('curve') as { uplot?: unknown } | null)?.uplot));
    return page.evaluate(() => ((document.getElementById('curve') as unknown as { uplot: { axes: { label?: string }[] } }).uplot.axes.map((axis) => axis.label ?? '')));
  }

  test("the curve of a task run names its measure; a paper run's says accuracy", async () => {
    assert.deepEqual(await curveAxisLabels(runId), ['step', 'training score (js)']);
    // The header names the task, and so does the runs list, whose filter finds the run by it.
    assert.match(await page.locator('.run-title h1').innerText(), /^support-ticket-labels · instructions · file:tickets\.jsonl$/);
    const api = await page.evaluate(async () => (await fetch('/api/runs?q=ticket-labels')).json() as Promise<{ rows: { id: string; runName: string | null }[] }>);
    assert.deepEqual(api.rows.map((row) => [row.id, row.runName]), [[runId, 'support-ticket-labels']]);
    await page.goto(`http://127.0.0.1:${server.port}/#/`);
    const link = page.locator(`tr[data-run-id="${runId}"] .run-link`);
    assert.equal(await link.innerText(), 'support-ticket-labels · instructions · file:tickets.jsonl');
    assert.deepEqual(await curveAxisLabels(paperRunId), ['step', 'training accuracy']);
  });
});
