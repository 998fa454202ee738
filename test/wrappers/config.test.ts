import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configuredPrices, loadConfig, parseConfig, resolveModelRef } from '../../src/config/index.js';

const root = mkdtempSync(join(tmpdir(), 'opro-config-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
function folderWith(files: Record<string, string>): string {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The problem lines of a config that must be refused. */
function problems(config: unknown): string[] {
  try {
    parseConfig(JSON.stringify(config), 'opro.config.json');
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return [...err.problems];
  }
  assert.fail('the config was accepted');
}

const VALID = {
  models: {
    fast: { spec: 'openai:gpt-4o-mini', apiKeyEnv: 'OPENAI_API_KEY', concurrency: 16, maxRetries: 4, timeoutMs: 60000, rpm: 500 },
    local: {
      spec: 'openai:llama-3-8b',
      endpoints: [{ baseURL: 'http://gpu1:8000/v1', concurrency: 32 }, { baseURL: 'http://gpu2:8000/v1', apiKeyEnv: 'VLLM_KEY' }],
      price: { inputPerMTok: 0, outputPerMTok: 0 },
    },
  },
  scorer: 'fast',
  optimizer: 'anthropic:claude-sonnet-4-5',
  defaults: { steps: 200, budgetUsd: 20, cache: true },
};

describe('loadConfig', () => {
  test('reads a valid JSON config', async () => {
    const dir = folderWith({ 'opro.config.json': JSON.stringify(VALID) });
    const { config, path } = await loadConfig(dir);
    assert.equal(path, join(dir, 'opro.config.json'));
    assert.deepEqual(config, VALID);
  });

  test('reads a valid YAML config (.yaml and .yml)', async () => {
    const yaml = `
models:
  fast:
    spec: openai:gpt-4o-mini
    apiKeyEnv: OPENAI_API_KEY
    concurrency: 16
    maxRetries: 4
    timeoutMs: 60000
    rpm: 500
  local:
    spec: openai:llama-3-8b
    endpoints:
      - baseURL: http://gpu1:8000/v1
        concurrency: 32
      - { baseURL: "http://gpu2:8000/v1", apiKeyEnv: VLLM_KEY }
    price: { inputPerMTok: 0, outputPerMTok: 0 }
scorer: fast
optimizer: anthropic:claude-sonnet-4-5
defaults:
  steps: 200
  budgetUsd: 20
  cache: true
`;
    for (const name of ['opro.config.yaml', 'opro.config.yml']) {
      const { config } = await loadConfig(folderWith({ [name]: yaml }));
      assert.deepEqual(config, VALID);
    }
  });

  test('no config file is an empty config; an explicit path must exist', async () => {
    const dir = folderWith({});
    assert.deepEqual(await loadConfig(dir), { config: {}, path: undefined });
    await assert.rejects(loadConfig(dir, 'missing.yaml'), /Config file not found: .*missing\.yaml/);
  });

  test('an explicit --config path is read relative to the working folder', async () => {
    const dir = folderWith({ 'custom.yaml': 'scorer: openai:gpt-4o\n', 'opro.config.json': '{ "nonsense": 1 }' });
    const { config } = await loadConfig(dir, 'custom.yaml');
    assert.equal(config.scorer, 'openai:gpt-4o');
  });

  test('two config files in one folder is an error', async () => {
    const dir = folderWith({ 'opro.config.json': '{}', 'opro.config.yaml': '{}' });
    await assert.rejects(loadConfig(dir), /several config files/);
  });

  test('unparseable files name the file', async () => {
    await assert.rejects(loadConfig(folderWith({ 'opro.config.json': '{ "models": ' })), /Cannot parse the config file .*opro\.config\.json/);
    await assert.rejects(loadConfig(folderWith({ 'opro.config.yaml': 'models: [\n' })), /Cannot parse the config file .*opro\.config\.yaml/);
  });
});

describe('config validation names the bad key path', () => {
  const cases: [string, unknown, string][] = [
    ['concurrency not a number', { models: { fast: { spec: 'openai:x', concurrency: '8' } } }, 'models.fast.concurrency: expected a positive integer'],
    ['concurrency zero', { models: { fast: { spec: 'openai:x', concurrency: 0 } } }, 'models.fast.concurrency: expected a positive integer'],
    ['concurrency fractional', { models: { fast: { spec: 'openai:x', concurrency: 1.5 } } }, 'models.fast.concurrency: expected a positive integer'],
    ['maxRetries negative', { models: { fast: { spec: 'openai:x', maxRetries: -1 } } }, 'models.fast.maxRetries: expected a non-negative integer'],
    ['timeoutMs', { models: { fast: { spec: 'openai:x', timeoutMs: -5 } } }, 'models.fast.timeoutMs: expected a positive integer'],
    ['rpm', { models: { fast: { spec: 'openai:x', rpm: 0 } } }, 'models.fast.rpm: expected a positive number'],
    ['missing spec', { models: { fast: {} } }, "models.fast.spec: expected a model spec like 'openai:gpt-4o-mini'"],
    ['bad spec', { models: { fast: { spec: 'gpt-4o' } } }, "models.fast.spec: expected a model spec like 'openai:gpt-4o-mini'"],
    ['bad baseURL', { models: { fast: { spec: 'openai:x', baseURL: 'localhost:8000' } } }, 'models.fast.baseURL: expected an http(s) URL'],
    ['endpoint baseURL', { models: { m: { spec: 'openai:x', endpoints: [{ baseURL: 'http://ok' }, { baseURL: 'ftp://x' }] } } }, 'models.m.endpoints[1].baseURL: expected an http(s) URL'],
    ['endpoint concurrency', { models: { m: { spec: 'openai:x', endpoints: [{ baseURL: 'http://ok', concurrency: -1 }] } } }, 'models.m.endpoints[0].concurrency: expected a positive integer'],
    ['empty endpoints', { models: { m: { spec: 'openai:x', endpoints: [] } } }, 'models.m.endpoints: expected at least one endpoint'],
    ['baseURL and endpoints', { models: { m: { spec: 'openai:x', baseURL: 'http://a', endpoints: [{ baseURL: 'http://b' }] } } }, 'models.m.endpoints: use either baseURL or endpoints, not both'],
    ['price', { models: { m: { spec: 'openai:x', price: { inputPerMTok: -1, outputPerMTok: 1 } } } }, 'models.m.price.inputPerMTok: expected a non-negative number'],
    ['price missing output', { models: { m: { spec: 'openai:x', price: { inputPerMTok: 1 } } } }, 'models.m.price.outputPerMTok: expected a non-negative number'],
    ['unknown model key', { models: { m: { spec: 'openai:x', concurency: 4 } } }, 'models.m.concurency: unknown key'],
    ['unknown top-level key', { scorers: 'openai:x' }, 'scorers: unknown key'],
    ['alias with a colon', { models: { 'a:b': { spec: 'openai:x' } } }, `models["a:b"]: expected an alias of letters, digits, '-' or '_' (no ':'), starting with a letter`],
    ['unknown alias', { scorer: 'fast' }, "scorer: unknown model alias 'fast'; define it under models or write a spec like openai:gpt-4o-mini"],
    ['bad spec as a role', { optimizer: 'OpenAI: gpt' }, "optimizer: expected a model spec like 'openai:gpt-4o-mini'"],
    ['defaults.steps', { defaults: { steps: 'many' } }, 'defaults.steps: expected a non-negative integer'],
    ['defaults.budgetUsd', { defaults: { budgetUsd: -3 } }, 'defaults.budgetUsd: expected a non-negative number'],
    ['defaults.cache', { defaults: { cache: 'yes' } }, 'defaults.cache: expected true or false'],
    ['models not an object', { models: ['openai:x'] }, 'models: expected an object of model aliases'],
  ];
  for (const [name, config, expected] of cases) {
    test(name, () => {
      assert.deepEqual(problems(config), [expected]);
    });
  }

  test('all problems are reported at once, in the error message too', () => {
    try {
      parseConfig(JSON.stringify({ models: { a: { spec: 'x', concurrency: 0 } }, scorer: 'b' }), '/x/opro.config.json');
      assert.fail('accepted');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 3);
      assert.match(err.message, /^Invalid config file \/x\/opro\.config\.json:\n {2}models\.a\.spec: /);
      assert.match(err.message, /models\.a\.concurrency: expected a positive integer/);
      assert.match(err.message, /scorer: unknown model alias 'b'/);
    }
  });
});

describe('config never holds keys', () => {
  test('an apiKey field is refused with advice, and the key is not echoed', () => {
    const secret = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
    const lines = problems({ models: { fast: { spec: 'openai:x', apiKey: secret } } });
    assert.deepEqual(lines, ['models.fast.apiKey: keys must not be stored in the config; set apiKeyEnv to the NAME of an environment variable instead']);
    assert.ok(!lines.join('').includes(secret));
  });

  test('a key pasted into apiKeyEnv is refused without echoing it', () => {
    for (const secret of ['sk-proj-abc123', 'AIzaSyA1b2C3d4E5f6G7h8', 'abcdef0123456789abcdef0123456789abcd']) {
      const lines = problems({ models: { fast: { spec: 'openai:x', apiKeyEnv: secret } } });
      assert.deepEqual(lines, ['models.fast.apiKeyEnv: expected the NAME of an environment variable (e.g. OPENAI_API_KEY), not a key']);
      assert.ok(!lines.join('').includes(secret));
    }
  });
});

describe('reading settings out of a config', () => {
  test('resolveModelRef: aliases and plain specs', () => {
    const config = parseConfig(JSON.stringify(VALID), 'opro.config.json');
    assert.equal(resolveModelRef(config, 'fast').settings.concurrency, 16);
    assert.equal(resolveModelRef(config, 'fast').alias, 'fast');
    assert.deepEqual(resolveModelRef(config, 'openai:gpt-4o'), { settings: { spec: 'openai:gpt-4o' } });
    assert.throws(() => resolveModelRef(config, 'nope'), /Unknown model 'nope'/);
  });

  test('configuredPrices keys prices by spec', () => {
    const config = parseConfig(JSON.stringify(VALID), 'opro.config.json');
    assert.deepEqual(configuredPrices(config), { 'openai:llama-3-8b': { inputPerMTok: 0, outputPerMTok: 0 } });
  });

  test('an empty YAML file is an empty config', () => {
    assert.deepEqual(parseConfig('', 'opro.config.yaml'), {});
  });
});
