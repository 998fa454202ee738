import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { formatScore } from '../../src/cli/views/run-views.js';
import { runOptimization, type EngineResult } from '../../src/engine/run.js';
import { builtinKinds } from '../../src/kinds/builtin.js';
import { RunStore } from '../../src/store/index.js';
import { startDashboardServer, type DashboardServer } from '../../src/web/server/dashboard-server.js';
import type { CandidateItem, ExamplesResponse, Page, RunResponse, RunsResponse } from '../../src/web/shared/api-types.js';
import { chooseChromium } from '../helpers/chromium.js';
import { scriptedOptimizer } from '../problems/helpers/scripted-optimizer.js';
import { LETTERS_KIND, lettersKind, lettersProblem, TARGETS } from './letters-kind/kind.js';

/**
 * The plug-in shape, proven with a kind that lives only in test/kinds/letters-kind: registered with
 * one line, its runs appear in `opro runs`, `runs show`, the exports and the dashboard (API and
 * Chromium) with its own labels, score format, per-example fields, export column and data endpoint.
 */

const kinds = builtinKinds().with(lettersKind);

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LETTERS_CLI = path.join(import.meta.dirname, 'letters-kind', 'cli.ts');
/** A Chromium on PATH or named by OPRO_CHROMIUM; without one, skipped outside CI and a failure under CI. */
const CHROMIUM = chooseChromium({ env: process.env });
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
/** Bounds each wait for the page (a hang, not a timing assertion). */
const WAIT_MS = 15_000;
const WORDS = ['pro', 'prompt', 'optimizer', 'zzz'];

let dir: string;
let file: string;
let runId: string;
let result: EngineResult<string>;

/** Runs opro with the letters kind registered (letters-kind/cli.ts) in a child process; its stdout, or a failure with its stderr. */
function cli(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', LETTERS_CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opro-kind-'));
  file = path.join(dir, 'runs.sqlite');
  const store = RunStore.open(file);
  try {
    runId = store.createRun({ kind: LETTERS_KIND, dataset: 'targets', config: {}, manifest: { targets: TARGETS } });
    const record = store.recorder(runId);
    const optimizer = scriptedOptimizer(({ call }) => `<word>${WORDS[call % WORDS.length]}</word>`);
    result = await runOptimization({ problem: lettersProblem({ initial: ['op'] }), optimizer, steps: 2, candidatesPerStep: 2, onEvent: record });
    record.close();
  } finally {
    store.close();
  }
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a problem kind added in its own folder', () => {
  test('opro runs lists it with its score format', async () => {
    const text = cli('runs', '--store', file);
    const line = text.split('\n').find((l) => l.startsWith(runId)) ?? '';
    assert.match(line, /letters\/targets/);
    assert.ok(line.includes(formatScore(result.best?.score ?? null, 'percent')), `the best score as a percentage: ${line}`);
  });

  test('runs show has its best words with intervals and its per-example failures', async () => {
    const text = cli('runs', '--store', file, 'show', runId);
    assert.match(text, new RegExp(`^Run ${runId}  letters · targets`));
    assert.match(text, /Best solutions \(train \/ test; 95% Wilson intervals\)/);
    assert.ok(text.split('\n').some((l) => l.includes(result.best?.solution ?? '?') && l.includes('(n=3)')));
    assert.match(text, /scorer errors\s+none/);
  });

  test('exports carry its column and its per-example results', async () => {
    const csv = cli('runs', '--store', file, 'export', runId, '--format', 'csv');
    const [header, ...rows] = csv.trim().split('\r\n');
    assert.match(header ?? '', /,solution,word_length$/);
    const optimizerRow = rows.find((row) => row.includes(',optimizer,'));
    assert.match(optimizerRow ?? '', /,optimizer,9$/);
    const jsonl = cli('runs', '--store', file, 'export', runId, '--format', 'jsonl');
    const examples = jsonl.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.record === 'example');
    assert.equal(examples.length, result.history.length * TARGETS.length);
    const zzz = examples.find((e) => e.key === 'zzz' && e.input === 'opro');
    assert.deepEqual([zzz?.score, zzz?.feedback, zzz?.fields], [0, 'missing o, p, r', { missingLetters: 3 }]);
  });

  describe('the dashboard', () => {
    let server: DashboardServer;
    let base: string;
    before(async () => {
      server = await startDashboardServer({ storePath: file, host: '127.0.0.1', port: 0, kinds });
      base = `http://127.0.0.1:${server.port}`;
    });
    after(() => server.close());
    const get = async <T>(p: string): Promise<T> => {
      const response = await fetch(`${base}${p}`);
      assert.equal(response.status, 200, p);
      return (await response.json()) as T;
    };

    test('its API answers with the kind\'s view, figures, labels, examples and data endpoint', async () => {
      const runs = await get<RunsResponse>('/api/runs');
      assert.equal(runs.rows.find((r) => r.id === runId)?.scoreFormat, 'percent');
      const run = await get<RunResponse>(`/api/runs/${runId}`);
      assert.equal(run.view.solutionsLabel, 'Words');
      assert.deepEqual(run.figures, [{ label: 'Best coverage', score: result.best?.score, title: 'over 3 target words' }]);
      const candidates = await get<Page<CandidateItem>>(`/api/runs/${runId}/candidates?sort=step`);
      assert.equal(candidates.rows[0]?.label, '«op»');
      const examples = await get<ExamplesResponse>(`/api/runs/${runId}/examples?key=pro`);
      const mean = examples.rows.reduce((sum, row) => sum + (row.score ?? 0), 0) / examples.rows.length;
      assert.deepEqual(examples.tallies, [{ split: 'train', total: 3, correct: 1, wrong: 2, failed: 0, answered: 3, mean }]);
      assert.ok(examples.rows.every((row) => typeof row.fields?.missingLetters === 'number'));
      const own = await get<{ words: string[] }>(`/api/runs/${runId}/letters`);
      assert.deepEqual(own.words, result.history.map((entry) => entry.solution));
    });

    test('a dashboard that does not know the kind still shows its runs, generically', async () => {
      const plain = await startDashboardServer({ storePath: file, host: '127.0.0.1', port: 0 });
      try {
        const response = await fetch(`http://127.0.0.1:${plain.port}/api/runs/${runId}`);
        const run = (await response.json()) as RunResponse;
        assert.equal(run.view.solutionsLabel, 'Solutions');
        assert.equal((await fetch(`http://127.0.0.1:${plain.port}/api/runs/${runId}/letters`)).status, 404);
      } finally {
        await plain.close();
      }
    });

    test('Chromium draws its tabs, labels and per-example fields', { skip: CHROMIUM.kind === 'skip' ? CHROMIUM.reason : false }, async () => {
      if (CHROMIUM.kind === 'fail') assert.fail(CHROMIUM.reason);
      if (CHROMIUM.kind !== 'use') return;
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], { cwd: ROOT, stdio: 'pipe' });
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: CHROMIUM_ARGS });
        const page = await browser.newPage();
        page.setDefaultTimeout(WAIT_MS);
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${base}/#/run/${runId}`);
        await page.locator('[role="tab"][data-tab="candidates"]', { hasText: 'Words' }).waitFor();
        assert.match(await page.locator('.run-header').innerText(), /BEST COVERAGE/i);
        await page.locator('#candidates-table tbody tr').first().waitFor();
        assert.match(await page.locator('#candidates-table').innerText(), /«optimizer»/);
        await page.goto(`${base}/#/run/${runId}?tab=examples&key=pro`);
        await page.locator('#examples-table tbody tr').first().waitFor();
        const table = await page.locator('#examples-table').innerText();
        assert.match(table, /Missing letters/);
        assert.match(table, /missing t, i, m, z, e/);
        assert.match(table, /◐ \d+%/);
        assert.deepEqual(errors, []);
      } finally {
        await browser?.close();
      }
    });
  });
});
