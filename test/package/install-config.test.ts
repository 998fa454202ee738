import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Install time: nothing may download a binary (project rule), so better-sqlite3 builds from source;
 * and npm must not warn about an unknown project setting on every `npm`/`npx` command.
 */

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BETTER_SQLITE3 = path.join(ROOT, 'node_modules', 'better-sqlite3');
const PREBUILD_INSTALL = path.join(ROOT, 'node_modules', 'prebuild-install', 'bin.js');

/** The environment npm gives an install script, minus any build-from-source setting of the caller's own. */
function installEnv(): NodeJS.ProcessEnv {
  const { npm_config_build_from_source: _fromSource, NODE_TEST_CONTEXT: _context, ...rest } = process.env;
  return rest;
}

test("better-sqlite3's install step does not try to download a prebuilt binary", { skip: !existsSync(PREBUILD_INSTALL) && 'prebuild-install is not installed' }, async () => {
  // The exact command better-sqlite3's "install" script starts with; exit 1 makes it fall back to node-gyp.
  const result = await run(process.execPath, [PREBUILD_INSTALL, '--verbose'], { cwd: BETTER_SQLITE3, env: installEnv() }).then(
    (ok) => ({ code: 0, output: ok.stdout + ok.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
  assert.match(result.output, /build-from-source specified, not attempting download/);
  assert.doesNotMatch(result.output, /http request/);
  assert.equal(result.code, 1, 'prebuild-install gives up, so node-gyp builds from source');
});

test('npm finds no unknown setting in the project', async () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { stderr } = await run(npm, ['config', 'get', 'registry'], { cwd: ROOT, env: installEnv() });
  assert.doesNotMatch(stderr, /Unknown project config/);
});

test('the build leaves the CLI executable, so `npx opro` runs it even after dist/ was deleted and rebuilt', { skip: process.platform === 'win32' && 'no exec bit on Windows' }, async () => {
  const { statSync } = await import('node:fs');
  // `npm test` builds first; a clean rebuild writes dist/cli/main.js anew, without the exec bit npm's bin link once set.
  const mode = statSync(path.join(ROOT, 'dist', 'cli', 'main.js')).mode;
  assert.equal(mode & 0o111, 0o111, `dist/cli/main.js mode ${(mode & 0o777).toString(8)}`);
});
