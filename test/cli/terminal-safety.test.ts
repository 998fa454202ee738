/**
 * Model text with terminal escape sequences never reaches the terminal or a CSV export raw, and the
 * actual secret values of the process (an API key echoed back, credentials in a base URL) are never
 * stored, printed or exported.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { safeText, stripControlCharacters } from '../../src/util/terminal-text.js';
import { redactKnownSecrets, secretValues } from '../../src/util/secrets.js';
import { startWireServer, type WireServer } from '../helpers/wire-server.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const KEY = 'sk-live-echoed-0123456789abcdef';
const URL_PASSWORD = 'url-pass-7f3a9c2e';
const NASTY = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mRed\u001b[0m \u009b1mC1\u0008\u0007 text';

describe('terminal text and secret values', () => {
  test('escape sequences (CSI, OSC, one-byte C1) and control characters are removed; tab and newline stay', () => {
    assert.equal(stripControlCharacters(NASTY), 'Red C1 text');
    assert.equal(stripControlCharacters('a\tb\nc\r\n'), 'a\tb\nc\n');
    assert.equal(stripControlCharacters('plain ünïcödé 数学 🙂'), 'plain ünïcödé 数学 🙂');
  });

  test('secret values come from key-like variables and URL credentials, never from ordinary ones', () => {
    const secrets = secretValues({ OPENAI_API_KEY: KEY, HF_TOKEN: 'hf_abcdefgh123', HOME: '/home/someone-long', OPENAI_BASE_URL: `http://bob:${URL_PASSWORD}@host:8000/v1`, SHORT_KEY: 'abc' });
    assert.ok(secrets.includes(KEY) && secrets.includes('hf_abcdefgh123') && secrets.includes(URL_PASSWORD));
    assert.ok(!secrets.includes('/home/someone-long') && !secrets.includes('abc'));
    assert.equal(redactKnownSecrets(`the key is ${KEY}.`, secrets), 'the key is [redacted].');
    assert.equal(safeText(`${NASTY} ${KEY}`).includes('\u001b'), false);
  });
});

describe('a model that replies with escape sequences and echoes the key', () => {
  let server: WireServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-terminal-'));
    writeFileSync(join(dir, 'd.jsonl'), [1, 2, 3, 4].map((i) => JSON.stringify({ q: `What is ${i} plus 1?`, a: i + 1 })).join('\n') + '\n');
    server = await startWireServer({
      respond: (request) => (request.params.temperature === 0 ? `The answer is 2. ${KEY}` : `<INS>${NASTY} uses ${KEY} ${request.index}</INS>`),
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the terminal, the store and the CSV export get neither the escapes nor the key', async () => {
    const store = join(dir, 'runs.sqlite');
    // A proxy URL with credentials elsewhere in the environment: its password is a secret value too.
    const env = { ...process.env, OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: KEY, HTTPS_PROXY_FOR_TEST: `http://bob:${URL_PASSWORD}@proxy.invalid:3128` };
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const optimized = await run([
      'optimize', '-d', join(dir, 'd.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
      '-s', 'openai:scorer', '-o', 'openai:optimizer', '--steps', '1', '--candidates', '2', '--train-ratio', '0.5', '--store', store, '--no-cache',
    ]);
    assert.equal(optimized.code, 0, optimized.out);
    const runId = /run (r-[\w-]+)/.exec(optimized.out)?.[1] as string;
    const shown = await run(['runs', '--store', store, 'show', runId]);
    const csvFile = join(dir, 'out.csv');
    const exported = await run(['runs', '--store', store, 'export', runId, '--format', 'csv', '--out', csvFile]);
    assert.equal(exported.code, 0, exported.out);
    const printed = [optimized.out, shown.out, exported.out, readFileSync(csvFile, 'utf8')].join('\n');
    const stored = [store, `${store}-wal`].map((file) => (existsSync(file) ? readFileSync(file).toString('utf8') : '')).join('\n');
    const everything = `${printed}\n${stored}`;
    assert.ok(optimized.out.includes('Red C1 text'), 'the text itself is shown');
    assert.doesNotMatch(printed, /[\u001b\u0007\u009b]/, 'no escape sequence printed or exported');
    assert.ok(!everything.includes(KEY), 'the key is nowhere');
    assert.ok(!everything.includes(URL_PASSWORD), 'the proxy password is nowhere');
  });
});
