import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExclusively } from '../../src/util/create-exclusively.js';
import { RunStore } from '../../src/store/index.js';
import { SqliteCallCache } from '../../src/models/cache/sqlite-call-cache.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'opro-create-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function noHardLinks(): never {
  throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
}

describe('createExclusively', () => {
  test('the first builder wins; a later one finds the file there and its own copy is removed', () => {
    withDir((dir) => {
      const target = join(dir, 'sub', 'file.db');
      assert.equal(createExclusively(target, (p) => writeFileSync(p, 'first')), 'created');
      assert.equal(createExclusively(target, (p) => writeFileSync(p, 'second')), 'exists');
      assert.equal(readFileSync(target, 'utf8'), 'first');
      assert.deepEqual(readdirSync(join(dir, 'sub')), ['file.db']);
    });
  });

  test('a builder that fails leaves neither the target nor its private copy', () => {
    withDir((dir) => {
      const target = join(dir, 'file.db');
      assert.throws(
        () => createExclusively(target, (p) => {
          writeFileSync(p, 'half');
          writeFileSync(`${p}-wal`, 'half');
          throw new Error('disk trouble');
        }),
        /disk trouble/,
      );
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  test('without hard links it says so and leaves nothing behind', () => {
    withDir((dir) => {
      const target = join(dir, 'file.db');
      assert.equal(createExclusively(target, (p) => writeFileSync(p, 'x'), noHardLinks), 'unsupported');
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  test('any other link error is passed on', () => {
    withDir((dir) => {
      const eio = () => {
        throw Object.assign(new Error('i/o error'), { code: 'EIO' });
      };
      assert.throws(() => createExclusively(join(dir, 'file.db'), (p) => writeFileSync(p, 'x'), eio), /i\/o error/);
      assert.deepEqual(readdirSync(dir), []);
    });
  });
});

describe('a new run store and call cache on a filesystem without hard links', () => {
  test('are created in place and work', (t) => {
    const link = t.mock.method(fs, 'linkSync', noHardLinks);
    withDir((dir) => {
      const store = RunStore.open(join(dir, 'runs.sqlite'));
      try {
        store.createRun({ kind: 'instructions', dataset: 'no-links', config: {} });
        assert.equal(store.listRuns().length, 1);
      } finally {
        store.close();
      }
      const cache = SqliteCallCache.open(join(dir, 'cache.sqlite'));
      try {
        cache.set('k', { text: 'x', usage: { inputTokens: 1, outputTokens: 1 } }, { spec: 'm' });
        assert.equal(cache.count(), 1);
      } finally {
        cache.close();
      }
      assert.equal(link.mock.callCount(), 2, 'both files were refused a hard link, so both were made in place');
      assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.creating')), []);
    });
  });
});
