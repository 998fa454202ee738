import { SHARED_DATASETS } from '../helpers/shared.js';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

import {
  BUILTIN_FILES,
  CachedFileHashMismatchError,
  DatasetDownloadError,
  DownloadedFileHashMismatchError,
  loadDataset,
  resolveDataDir,
  type DownloadProgress,
} from '../../src/datasets/index.js';

const SHARED = SHARED_DATASETS;
const NAVIGATE = 'bbh/navigate.json';
const navigateBytes = readFileSync(join(SHARED, NAVIGATE));

/** Serves /good/<cache path> from the shared folder, /tampered/<path> with one byte changed, else 404. */
let server: Server;
let base = '';
const requests: string[] = [];
let scratch = '';

before(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const [, kind, ...rest] = url.split('/');
    const path = join(SHARED, ...rest);
    if ((kind === 'good' || kind === 'tampered') && existsSync(path)) {
      const bytes = Buffer.from(readFileSync(path));
      if (kind === 'tampered') bytes[10] = (bytes[10] ?? 0) ^ 1;
      response.writeHead(200, { 'content-length': String(bytes.length) });
      response.end(bytes);
      return;
    }
    response.writeHead(404, 'Not Found');
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scratch = mkdtempSync(join(tmpdir(), 'opro-dataset-cache-'));
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
const freshDir = (): string => {
  const dir = join(scratch, `cache-${counter++}`);
  mkdirSync(dir);
  return dir;
};
/** Everything under a folder, recursively, to prove no temp file is left behind. */
const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));

describe('download, verify and cache', () => {
  test('a missing file is downloaded with progress, verified and reused without the network', async () => {
    const dataDir = freshDir();
    const urls = { [NAVIGATE]: `${base}/good/${NAVIGATE}` };
    const events: DownloadProgress[] = [];
    const before = requests.length;

    const first = await loadDataset('bbh/navigate', { dataDir, urls, onProgress: (event) => events.push(event) });
    assert.equal(requests.length - before, 1);
    assert.equal(first.pool.length, 250);
    assert.deepEqual(readFileSync(join(dataDir, NAVIGATE)), navigateBytes);
    assert.deepEqual(listFiles(dataDir), [NAVIGATE]);
    assert.match(first.source, new RegExp(`${base}/good/bbh/navigate.json \\(cached at .*navigate.json\\)`));

    assert.ok(events.length >= 2);
    assert.ok(events.every((event) => event.file === NAVIGATE && event.totalBytes === navigateBytes.length));
    assert.equal(events[0]?.receivedBytes, 0);
    assert.equal(events.at(-1)?.receivedBytes, navigateBytes.length);
    for (let i = 1; i < events.length; i++) {
      assert.ok((events[i]?.receivedBytes ?? 0) >= (events[i - 1]?.receivedBytes ?? 0));
    }

    const second = await loadDataset('bbh/navigate', { dataDir, urls, onProgress: () => assert.fail('no download expected') });
    assert.equal(requests.length - before, 1, 'the second load must not hit the network');
    assert.deepEqual(second.pool, first.pool);
    assert.equal(second.contentHash, first.contentHash);
  });

  test('GSM8K downloads both of its files', async () => {
    const dataDir = freshDir();
    const urls = {
      'gsm8k/train.jsonl': `${base}/good/gsm8k/train.jsonl`,
      'gsm8k/test.jsonl': `${base}/good/gsm8k/test.jsonl`,
    };
    const files = new Set<string>();
    const gsm8k = await loadDataset('gsm8k', { dataDir, urls, onProgress: (event) => files.add(event.file) });
    assert.equal(gsm8k.pool.length, 7473);
    assert.equal(gsm8k.heldOut?.length, 1319);
    assert.deepEqual([...files], ['gsm8k/train.jsonl', 'gsm8k/test.jsonl']);
    assert.deepEqual(listFiles(dataDir).sort(), ['gsm8k/test.jsonl', 'gsm8k/train.jsonl']);
  });

  test('a download with the wrong hash is rejected and nothing is left in the cache', async () => {
    const dataDir = freshDir();
    const url = `${base}/tampered/${NAVIGATE}`;
    await assert.rejects(loadDataset('bbh/navigate', { dataDir, urls: { [NAVIGATE]: url } }), (error: Error) => {
      assert.ok(error instanceof DownloadedFileHashMismatchError);
      assert.equal(error.url, url);
      assert.equal(error.expectedSha256, BUILTIN_FILES.get(NAVIGATE)?.sha256);
      assert.notEqual(error.actualSha256, error.expectedSha256);
      assert.ok(error.message.includes(url));
      assert.match(error.message, /discarded/);
      return true;
    });
    assert.deepEqual(listFiles(dataDir), []);
  });

  test('a corrupt cached file is reported, left alone, and replaced only on request', async () => {
    const dataDir = freshDir();
    const path = join(dataDir, NAVIGATE);
    mkdirSync(join(dataDir, 'bbh'));
    writeFileSync(path, navigateBytes.subarray(0, 1000)); // a truncated copy
    const urls = { [NAVIGATE]: `${base}/good/${NAVIGATE}` };
    const before = requests.length;

    await assert.rejects(loadDataset('bbh/navigate', { dataDir, urls }), (error: Error) => {
      assert.ok(error instanceof CachedFileHashMismatchError);
      assert.equal(error.path, path);
      assert.ok(error.message.includes(path));
      assert.match(error.message, /Delete it and load the dataset again/);
      return true;
    });
    assert.equal(requests.length, before, 'a corrupt file must not trigger a silent download');
    assert.equal(readFileSync(path).length, 1000);

    const repaired = await loadDataset('bbh/navigate', { dataDir, urls, replaceCorrupt: true });
    assert.equal(repaired.pool.length, 250);
    assert.deepEqual(readFileSync(path), navigateBytes);
    assert.equal(requests.length, before + 1);
  });

  test('an HTTP error names the URL and where to put the file by hand', async () => {
    const dataDir = freshDir();
    const url = `${base}/missing/${NAVIGATE}`;
    await assert.rejects(loadDataset('bbh/navigate', { dataDir, urls: { [NAVIGATE]: url } }), (error: Error) => {
      assert.ok(error instanceof DatasetDownloadError);
      assert.equal(error.url, url);
      assert.equal(error.destination, join(dataDir, NAVIGATE));
      assert.ok(error.message.includes(`Could not download ${url} (HTTP 404 Not Found)`));
      assert.ok(error.message.includes(`place it at ${join(dataDir, NAVIGATE)}`));
      assert.match(error.message, /OPRO_DATA_DIR/);
      return true;
    });
    assert.deepEqual(listFiles(dataDir), []);
  });

  test('an unreachable server (offline) gives the same clear error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dataDir = freshDir();
    const url = `http://127.0.0.1:${port}/${NAVIGATE}`;
    await assert.rejects(loadDataset('bbh/navigate', { dataDir, urls: { [NAVIGATE]: url } }), (error: Error) => {
      assert.ok(error instanceof DatasetDownloadError);
      assert.ok(error.message.includes(`Could not download ${url}`));
      assert.match(error.message, /ECONNREFUSED/);
      return true;
    });
  });

  test('the public URL table is used when no override is given', async () => {
    const dataDir = freshDir();
    const seen: string[] = [];
    const recordingFetch = (async (input: string | URL | Request) => {
      seen.push(String(input));
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await assert.rejects(loadDataset('aqua', { dataDir, fetch: recordingFetch }), DatasetDownloadError);
    assert.deepEqual(seen, ['https://raw.githubusercontent.com/google-deepmind/AQuA/master/test.json']);
  });

  test('OPRO_DATASETS_ENDPOINT (a mirror) replaces the public host and keeps the path; a failure names it', async () => {
    const dataDir = freshDir();
    const seen: string[] = [];
    const recordingFetch = (async (input: string | URL | Request) => {
      seen.push(String(input));
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const env = { OPRO_DATASETS_ENDPOINT: 'http://mirror.example/raw/' };
    await assert.rejects(loadDataset('aqua', { dataDir, fetch: recordingFetch, env }), (error: Error) => {
      assert.match(error.message, /OPRO_DATASETS_ENDPOINT/);
      return true;
    });
    assert.deepEqual(seen, ['http://mirror.example/raw/google-deepmind/AQuA/master/test.json']);
  });

  test('an explicit URL for a file still wins over the mirror', async () => {
    const dataDir = freshDir();
    const env = { OPRO_DATASETS_ENDPOINT: `${base}/nothing-here` };
    const dataset = await loadDataset('bbh/navigate', { dataDir, env, urls: { [NAVIGATE]: `${base}/good/${NAVIGATE}` } });
    assert.equal(dataset.pool.length, 250);
  });
});

describe('cache folder resolution', () => {
  test('dataDir option, then OPRO_DATA_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    const env = { OPRO_DATA_DIR: '/data/opro', XDG_CACHE_HOME: '/xdg' };
    assert.equal(resolveDataDir({ dataDir: '/explicit', env }), '/explicit');
    assert.equal(resolveDataDir({ env }), '/data/opro');
    assert.equal(resolveDataDir({ env: { XDG_CACHE_HOME: '/xdg' } }), join('/xdg', 'opro', 'datasets'));
    assert.equal(resolveDataDir({ env: {} }), join(homedir(), '.cache', 'opro', 'datasets'));
  });
});
