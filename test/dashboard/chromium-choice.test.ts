import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CHROMIUM_ENV, chooseChromium, isCi } from '../helpers/chromium.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The decision behind "skip the browser tests outside CI, fail under CI". */

const only = (...paths: string[]) => (filePath: string): boolean => paths.includes(filePath);

describe('which Chromium the dashboard tests use', () => {
  test('a browser on PATH is used', () => {
    const choice = chooseChromium({ env: { PATH: '/opt/none:/usr/bin' }, isExecutable: only('/usr/bin/chromium') });
    assert.deepEqual(choice, { kind: 'use', executablePath: '/usr/bin/chromium' });
  });

  test('chromium-browser counts too', () => {
    const choice = chooseChromium({ env: { PATH: '/usr/local/bin' }, isExecutable: only('/usr/local/bin/chromium-browser') });
    assert.deepEqual(choice, { kind: 'use', executablePath: '/usr/local/bin/chromium-browser' });
  });

  test(`${CHROMIUM_ENV} wins over PATH`, () => {
    const choice = chooseChromium({ env: { PATH: '/usr/bin', [CHROMIUM_ENV]: '/opt/chrome/chrome' }, isExecutable: only('/usr/bin/chromium', '/opt/chrome/chrome') });
    assert.deepEqual(choice, { kind: 'use', executablePath: '/opt/chrome/chrome' });
  });

  test('no browser outside CI: skipped with one line that says how to enable the tests', () => {
    const choice = chooseChromium({ env: { PATH: '/usr/bin' }, isExecutable: only() });
    assert.equal(choice.kind, 'skip');
    assert.ok(choice.kind === 'skip');
    assert.doesNotMatch(choice.reason, /\n/);
    assert.match(choice.reason, /PATH/);
    assert.match(choice.reason, new RegExp(CHROMIUM_ENV));
  });

  test('no browser under CI=true: a failure, not a skip', () => {
    for (const ci of ['true', '1', 'yes']) {
      const choice = chooseChromium({ env: { PATH: '/usr/bin', CI: ci }, isExecutable: only() });
      assert.equal(choice.kind, 'fail', `CI=${ci}`);
    }
  });

  test('CI=false or empty is not CI', () => {
    assert.equal(isCi({ CI: 'false' }), false);
    assert.equal(isCi({ CI: '0' }), false);
    assert.equal(isCi({ CI: '' }), false);
    assert.equal(isCi({}), false);
    assert.equal(chooseChromium({ env: { CI: 'false' }, isExecutable: only() }).kind, 'skip');
  });

  test(`a ${CHROMIUM_ENV} that names no executable fails even outside CI`, () => {
    const choice = chooseChromium({ env: { PATH: '/usr/bin', [CHROMIUM_ENV]: '/nowhere/chrome' }, isExecutable: only('/usr/bin/chromium') });
    assert.equal(choice.kind, 'fail');
  });
});

describe('the browser test file on a machine without Chromium', () => {
  const file = fileURLToPath(new URL('./browser.test.ts', import.meta.url));
  /** The nested runner must not think it is a child of this one (node:test passes this variable down). */
  const cleanEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
    const { NODE_TEST_CONTEXT: _context, CI: _ci, [CHROMIUM_ENV]: _named, ...rest } = process.env;
    return { ...rest, PATH: '/nonexistent', ...extra };
  };
  const runFile = (env: NodeJS.ProcessEnv) =>
    run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], { env, cwd: ROOT }).then(
      (ok) => ({ code: 0, stdout: ok.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  test('outside CI: passes, with one line saying how to enable the browser tests', async () => {
    const result = await runFile(cleanEnv({}));
    assert.equal(result.code, 0);
    const mentions = result.stdout.split('\n').filter((line) => line.includes('no Chromium found'));
    assert.equal(mentions.length, 1, result.stdout);
    assert.match(mentions[0]!, new RegExp(CHROMIUM_ENV));
  });

  test('under CI=true: fails, saying why', async () => {
    const result = await runFile(cleanEnv({ CI: 'true' }));
    assert.notEqual(result.code, 0);
    assert.match(result.stdout, /no Chromium found under CI/);
  });
});
