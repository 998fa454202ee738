/**
 * The README's first command, exactly as written, on a fresh machine: the default embedded model and
 * GSM8K are downloaded (with progress), cached where the README says, and the run completes with its
 * report. A 127.0.0.1 server stands in for both hosts, reached the way a user behind a mirror would:
 * HF_ENDPOINT for the model host, OPRO_DATASETS_ENDPOINT for the datasets' host. The model it serves
 * under the default model's path is the tiny random GGUF: assert behaviour, never content.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startFileHost, type FileHost } from '../helpers/file-host.js';
import { SHARED_DATASETS, TINY_MODEL_PATH } from '../helpers/shared.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const MODEL_URL_PATH = '/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf';
const GSM8K_URL_PATH = '/openai/grade-school-math/master/grade_school_math/data';
/** A bound on a hang, not a timing assertion: the run takes one to a few minutes on a busy 2-core machine. */
const RUN_LIMIT_MS = 15 * 60_000;

/** The README's "Set up" command, `npm install && npx opro <args>`: the args as written. */
function readmeFirstCommand(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith('npm install && npx opro '));
  assert.ok(line, 'the README starts with `npm install && npx opro ...`');
  const args = line.slice('npm install && npx opro '.length).trim();
  assert.doesNotMatch(args, /["'\\$`]/, 'plain words only, so splitting on spaces is what a shell does');
  return args.split(/\s+/);
}

let host: FileHost;
let home: string;

before(async () => {
  host = await startFileHost(new Map([
    [MODEL_URL_PATH, TINY_MODEL_PATH],
    [`${GSM8K_URL_PATH}/train.jsonl`, path.join(SHARED_DATASETS, 'gsm8k', 'train.jsonl')],
    [`${GSM8K_URL_PATH}/test.jsonl`, path.join(SHARED_DATASETS, 'gsm8k', 'test.jsonl')],
  ]));
  home = mkdtempSync(path.join(tmpdir(), 'opro-first-run-'));
});

after(async () => {
  await host.close();
  rmSync(home, { recursive: true, force: true });
});

test("the README's first command downloads the model and GSM8K once, runs, and reports", { timeout: RUN_LIMIT_MS }, async () => {
  const args = readmeFirstCommand();
  assert.equal(args[0], 'optimize');
  const project = path.join(home, 'project');
  mkdirSync(project);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(OPRO_|HF_|MODEL_ENDPOINT|XDG_|OPENAI_|ANTHROPIC_|GOOGLE_|OLLAMA_|NODE_TEST_CONTEXT)/.test(name)),
  );
  const env = {
    ...inherited,
    HOME: home,
    HF_ENDPOINT: host.origin,
    OPRO_DATASETS_ENDPOINT: host.origin,
    // llama.cpp's threads spin while waiting; one thread keeps the test quick when the machine is shared.
    OPRO_LLAMA_THREADS: '1',
  };
  const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: project, env, maxBuffer: 64 * 2 ** 20, timeout: RUN_LIMIT_MS });

  // The download progress (a line per 10% when stderr is not a terminal) and the load.
  const model = 'hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf';
  assert.match(stderr, new RegExp(`downloading ${model.replace(/[.]/g, '\\.')}: 0% of 1\\.8 MB`));
  assert.match(stderr, new RegExp(`downloading ${model.replace(/[.]/g, '\\.')}: 100% of 1\\.8 MB`));
  assert.match(stderr, /downloading gsm8k\/train\.jsonl: 4\.2 MB of 4\.2 MB/);
  assert.match(stderr, /loaded .*\.cache\/opro\/models\/.*\.gguf/);

  // The files are cached where the README says, byte for byte.
  const modelsDir = path.join(home, '.cache', 'opro', 'models');
  const loaded = /loaded (\S+\.gguf)/.exec(stderr)?.[1] ?? '';
  assert.equal(path.dirname(loaded), modelsDir);
  assert.deepEqual(readFileSync(loaded), readFileSync(TINY_MODEL_PATH));
  for (const file of ['train.jsonl', 'test.jsonl']) {
    const cached = path.join(home, '.cache', 'opro', 'datasets', 'gsm8k', file);
    assert.deepEqual(readFileSync(cached), readFileSync(path.join(SHARED_DATASETS, 'gsm8k', file)));
  }
  assert.ok(host.requests.some((r) => r.method === 'HEAD' && r.url === '/'), 'the reachability check asked the HF_ENDPOINT host');
  assert.ok(host.requests.some((r) => r.method === 'GET' && r.url.startsWith(MODEL_URL_PATH)));

  // A completed run of the asked size and its report.
  assert.match(stdout, /^opro: completed \(ran 2 steps\)/m);
  assert.match(stdout, /dataset gsm8k, 10 training examples/);
  assert.match(stdout, /best instructions \(train accuracy \| held-out accuracy/);
  assert.match(stdout, /^1\. .*\| .* n=40.* \| init$/m, 'the initial instruction was measured on the 40 held-out examples');
  const runId = /^run (r-\S+) \(opro runs show/m.exec(stdout)?.[1];
  assert.ok(runId, stdout);
  const show = await run(process.execPath, [CLI, 'runs', 'show', runId], { cwd: project, env });
  assert.match(show.stdout, /status\s+completed/);
});
