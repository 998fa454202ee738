import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { CSV_COLUMNS, exportRun, RunNotFoundError, RunStore, StoreError, type ExportFormat } from '../../src/store/index.js';
import { exampleEvent, RUN_INPUT, syntheticRun, tempDir } from './synthetic-run.js';

/** Collects everything written, as the CLI's stdout would receive it. */
class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function exportText(store: RunStore, runId: string, format: ExportFormat, best = false): Promise<string> {
  const out = new Collect();
  await exportRun(store, runId, format, out, { best });
  return out.text;
}

/**
 * A slow destination with a small buffer that counts records without keeping them, and notes the
 * most it ever had buffered: an export that ignored backpressure would pile up the whole run here.
 */
class SlowCounter extends Writable {
  maxBuffered = 0;
  counts: Record<string, number> = {};
  chunks = 0;
  private partial = '';
  onChunk: (() => void) | null = null;

  constructor() {
    super({ highWaterMark: 16 * 1024, decodeStrings: false });
  }

  override _write(chunk: string, _encoding: BufferEncoding, done: () => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    this.chunks += 1;
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const record = /^\{"record":"(\w+)"/.exec(line)?.[1] ?? 'unparsed';
      this.counts[record] = (this.counts[record] ?? 0) + 1;
    }
    this.onChunk?.();
    setImmediate(done);
  }
}

describe('export', () => {
  const tmp = tempDir();
  const store = RunStore.open(tmp.file());
  const { events, expected } = syntheticRun({ steps: 4 });
  const runId = store.createRun(RUN_INPUT);
  const record = store.recorder(runId);
  for (const event of events) record(event);
  record.close();

  test('jsonl: one typed record per line, run first, every row of the run', async () => {
    const lines = (await exportText(store, runId, 'jsonl')).trimEnd().split('\n').map((line) => JSON.parse(line) as { record: string; runId: string } & Record<string, unknown>);
    assert.equal(lines[0]?.record, 'run');
    assert.deepEqual(lines[0]?.['manifest'], RUN_INPUT.manifest);
    const count = (type: string): number => lines.filter((line) => line.record === type).length;
    assert.equal(count('step'), expected.steps + 1);
    assert.equal(count('reply'), expected.replies);
    assert.equal(count('candidate'), expected.candidates);
    assert.equal(count('example'), expected.examples);
    assert.ok(lines.every((line) => line.runId === runId));
    const step0 = lines.find((line) => line.record === 'step' && line['step'] === 0);
    assert.match(String(step0?.['metaPrompt']), /Step 0\./);
    const best = lines.find((line) => line.record === 'candidate' && line['key'] === expected.best.key);
    assert.equal(best?.['testScore'], expected.testScore);
  });

  test('json: one document with steps (replies nested), candidates and examples', async () => {
    const doc = JSON.parse(await exportText(store, runId, 'json')) as {
      format: string; run: { id: string }; steps: { replies: unknown[] }[]; candidates: unknown[]; examples: unknown[];
    };
    assert.equal(doc.format, 'opro-run');
    assert.equal(doc.run.id, runId);
    assert.equal(doc.steps.length, expected.steps + 1);
    assert.equal(doc.steps.reduce((n, step) => n + step.replies.length, 0), expected.replies);
    assert.equal(doc.candidates.length, expected.candidates);
    assert.equal(doc.examples.length, expected.examples);
  });

  test('csv: a header and one row per candidate; quotes, commas and line breaks survive', async () => {
    const rows = parseCsv(await exportText(store, runId, 'csv'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...CSV_COLUMNS]);
    assert.equal(rows.length, expected.candidates);
    const best = rows.find((row) => row['key'] === expected.best.key);
    assert.equal(best?.['solution'], expected.best.solution);
    assert.match(expected.best.solution, /"quoted", with commas/);
    assert.equal(Number(best?.['train_score']), expected.best.score);
    assert.equal(Number(best?.['test_n']), expected.testN);
  });

  test('best: just the winning solution text', async () => {
    assert.equal(await exportText(store, runId, 'jsonl', true), `${expected.best.solution}\n`);
    const empty = store.createRun(RUN_INPUT);
    await assert.rejects(exportText(store, empty, 'csv', true), (e: unknown) => e instanceof StoreError && /has no scored solution/.test(e.message));
    await assert.rejects(exportText(store, 'r-missing', 'json'), RunNotFoundError);
  });

  test('100,000 example rows stream with bounded buffering while the run keeps recording', async () => {
    const big = store.createRun(RUN_INPUT);
    const TOTAL = 100_000;
    const bigRecord = store.recorder(big);
    for (let i = 0; i < TOTAL; i++) {
      bigRecord({ type: 'problem', step: 0, event: { ...exampleEvent(`k${i % 8}`, 'Solve it.', 'train', i, i % 3 === 0) } });
    }
    bigRecord.close();

    const sink = new SlowCounter();
    const live = store.recorder(big, { maxBatchRows: 1 });
    let written = 0;
    // Recording goes on during the export: the export reads a snapshot on its own connection.
    sink.onChunk = () => {
      if (written < 10) live({ type: 'problem', step: 1, event: { ...exampleEvent('late', 'Later.', 'train', written++, true) } });
    };
    const stats = await exportRun(store, big, 'jsonl', sink);
    live.close();

    assert.equal(stats.examples, TOTAL);
    assert.equal(sink.counts['example'], TOTAL);
    assert.equal(sink.counts['run'], 1);
    assert.equal(written, 10, 'the recorder wrote during the export');
    assert.ok(sink.chunks > 100, 'written in many chunks, not one');
    // Buffered at most the writable's high-water mark plus one ~64 KiB chunk of rows.
    assert.ok(sink.maxBuffered < 200 * 1024, `buffered ${sink.maxBuffered} bytes`);
    assert.equal(store.getRun(big).summary.examples.evaluated, TOTAL + 10);
  });

  test.after(() => {
    store.close();
    tmp.cleanup();
  });
});
