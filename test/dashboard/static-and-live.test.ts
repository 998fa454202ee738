import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ChangeMessage, RunsResponse } from '../../src/web/shared/api-types.js';
import { startDashboardServer } from '../../src/web/server/dashboard-server.js';
import { isTraversal, resolveStaticPath } from '../../src/web/server/static-files.js';
import { HttpError } from '../../src/web/server/http-util.js';
import { RunStore } from '../../src/store/index.js';
import { tempStorePath } from './fixtures.js';
import { getJson, rawRequest, startHarness, type Harness } from './server-harness.js';

/** A fake dist/web: an index, an asset, and a private file beside them that must never be served. */
function fakeWebRoot(): { root: string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opro-web-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.mkdirSync(path.join(root, 'server'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>opro</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(root, 'server', 'secret.js'), 'PRIVATE SERVER CODE');
  fs.writeFileSync(path.join(path.dirname(root), 'opro-outside.txt'), 'OUTSIDE THE ROOT');
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

describe('static files', () => {
  const web = fakeWebRoot();
  const tmp = tempStorePath();
  let port = 0;
  let close: () => Promise<void> = async () => {};

  before(async () => {
    const server = await startDashboardServer({ storePath: tmp.file, host: '127.0.0.1', port: 0, webRoot: web.root });
    port = server.port;
    close = server.close;
  });
  after(async () => {
    await close();
    web.cleanup();
    tmp.cleanup();
  });

  test('serves the index and assets with types and safety headers', async () => {
    const index = await rawRequest(port, '/');
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type'] ?? '', /text\/html/);
    assert.match(String(index.headers['content-security-policy'] ?? ''), /default-src 'self'/);
    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    const app = await rawRequest(port, '/assets/app.js');
    assert.equal(app.status, 200);
    assert.match(app.headers['content-type'] ?? '', /javascript/);
    assert.equal(app.body, 'console.log("app")');
  });

  const escapes = [
    '/../opro-outside.txt',
    '/assets/../server/secret.js',
    '/assets/../../opro-outside.txt',
    '/assets/%2e%2e/server/secret.js',
    '/assets/%2E%2E%2Fserver%2Fsecret.js',
    '/assets/..%2f..%2fopro-outside.txt',
    '/assets/..\\server\\secret.js',
    '/assets/%5c..%5cserver%5csecret.js',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/app.js%00.png',
  ];
  for (const escape of escapes) {
    test(`refuses ${escape}`, async () => {
      const response = await rawRequest(port, escape);
      assert.equal(response.status, 400);
      assert.ok(!response.body.includes('PRIVATE') && !response.body.includes('OUTSIDE'));
    });
  }

  test('nothing outside index.html and assets/ is served, even inside the root', async () => {
    for (const file of ['/server/secret.js', '/assets', '/assets/', '/assets/missing.js', '/index.htm']) {
      const response = await rawRequest(port, file);
      assert.equal(response.status, 404, file);
      assert.ok(!response.body.includes('PRIVATE'));
    }
  });

  test('the path checks on their own', () => {
    assert.equal(isTraversal('/assets/app.js'), false);
    assert.equal(isTraversal('/assets/app..js'), false, 'two dots inside a name are fine');
    assert.equal(isTraversal('/assets/%E0%A4%A'), true, 'a malformed escape is refused');
    assert.throws(() => resolveStaticPath(web.root, '/assets/../index.html'), HttpError);
    assert.equal(resolveStaticPath(web.root, '/assets/app.js'), path.join(web.root, 'assets', 'app.js'));
    assert.equal(resolveStaticPath(web.root, '/assets/app.exe'), null, 'unknown types are not served');
  });

  test('before anything is recorded the list is empty and says why', async () => {
    const { status, body } = await getJson<RunsResponse>(`http://127.0.0.1:${port}`, '/api/runs');
    assert.equal(status, 200);
    assert.equal(body.storeReady, false);
    assert.match(body.message ?? '', /No run store/);
    const run = await getJson<{ error: string }>(`http://127.0.0.1:${port}`, '/api/runs/r-20260101-abcdef');
    assert.equal(run.status, 503);
  });
});

/** Reads server-sent events from /api/events until `want` accepts one or the limit passes. */
function waitForChange(port: number, want: (change: ChangeMessage) => boolean, trigger: () => void, limitMs: number): Promise<ChangeMessage> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events' }, (res) => {
      assert.match(res.headers['content-type'] ?? '', /text\/event-stream/);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!/^event: change$/m.test(block) || !data) continue;
          const change = JSON.parse(data) as ChangeMessage;
          if (want(change)) {
            clearTimeout(timer);
            req.destroy();
            resolve(change);
          }
        }
      });
      trigger();
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no matching change event within ${limitMs} ms`));
    }, limitMs);
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
  });
}

/** Bounds a hang only: the watcher polls every 100 ms here. */
const EVENT_LIMIT_MS = 10_000;

describe('live updates', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.stop();
  });

  test('an evaluation recorded by another connection is announced for its run only', async () => {
    const change = await waitForChange(h.server.port, (c) => c.changed.includes(h.running.runId), () => h.running.addEvaluation(3, 'Announce me.'), EVENT_LIMIT_MS);
    assert.ok(!change.changed.includes(h.finished.runId));
  });

  test('a new run and a deleted run are announced', async () => {
    let created = '';
    const added = await waitForChange(h.server.port, (c) => c.changed.length > 0 && c.changed.includes(created), () => {
      created = h.store.createRun({ kind: 'instructions', dataset: 'multiarith', config: {}, manifest: {} });
    }, EVENT_LIMIT_MS);
    assert.deepEqual(added.changed, [created]);
    const removed = await waitForChange(h.server.port, (c) => c.removed.includes(created), () => h.store.deleteRun(created), EVENT_LIMIT_MS);
    assert.deepEqual(removed.removed, [created]);
  });

  test('the watcher reports nothing when nothing changed', () => {
    h.server.watcher.poll();
    assert.equal(h.server.watcher.poll(), null);
  });

  test('the server never opened the store for writing', () => {
    const reader = RunStore.open(h.file, { readonly: true });
    try {
      assert.equal(reader.readonly, true);
    } finally {
      reader.close();
    }
  });
});

describe('a store created after the server started', () => {
  test('its runs are announced and listed once it exists', async () => {
    const tmp = tempStorePath();
    // The timer would race this test's own polls: it is set far beyond the test's length.
    const server = await startDashboardServer({ storePath: tmp.file, host: '127.0.0.1', port: 0, pollIntervalMs: 3_600_000 });
    try {
      assert.equal(server.watcher.poll(), null, 'nothing to watch yet');
      const store = RunStore.open(tmp.file);
      const runId = store.createRun({ kind: 'instructions', dataset: 'gsm8k', config: {}, manifest: {} });
      store.close();
      const change = server.watcher.poll();
      assert.deepEqual(change?.changed, [runId]);
      const { body } = await getJson<RunsResponse>(`http://127.0.0.1:${server.port}`, '/api/runs');
      assert.deepEqual(body.rows.map((r) => r.id), [runId]);
    } finally {
      await server.close();
      tmp.cleanup();
    }
  });
});
