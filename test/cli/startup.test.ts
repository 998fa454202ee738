import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { COMMANDS, invokedCommandName, registerCommands } from '../../src/cli/command-registry.js';

/**
 * Start-up: `opro --help` and `--version` load no command and no heavy package; a provider imports
 * its SDK only on its first call. (How long start-up takes is measured in `npm run bench`, not here.)
 */

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const HOOKS = new URL('../helpers/module-trace-hooks.mjs', import.meta.url).href;
const TRACE = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(HOOKS)});`;
/** Packages that cost tenths of a second each to import. */
const HEAVY = ['node-llama-cpp', 'ai', '@ai-sdk/openai', '@ai-sdk/anthropic', '@ai-sdk/google', 'better-sqlite3', 'zod', 'tokenlens', 'yaml'];

/**
 * Modules that only running a command needs: its run module (`*-run.js`, `runs-actions.js`), model
 * setup and providers, the store beyond its default path and export formats, the dashboard server,
 * task files, the dataset loaders, the engine and the problem kinds.
 */
const RUN_MODULES: readonly RegExp[] = [
  /-run\.js$/, /^cli\/commands\/runs-actions\.js$/, /^cli\/(experiment-command|model-setup|task-support|progress|report)\.js$/,
  /^store\/(index|run-store|open|export)\.js$/, /^web\/server\/dashboard-server\.js$/, /^tasks\//, /^runs\//, /^engine\//,
  /^datasets\/(index|load|builtin-loader)\.js$/, /^kinds\//, /^models\/(resolve|stack)\.js$/, /^models\/providers\//,
  /^optimize\/(optimize|evaluate)\.js$/, /^problems\/[^/]+\/(kind|problem|experiment)\.js$/,
];
/** The most of opro's own modules a command's --help may load. */
const HELP_MODULE_LIMIT = 20;

async function loadedModules(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; urls: string[] }> {
  const { stdout, stderr } = await run(process.execPath, ['--import', TRACE, ...args], { env });
  const urls = stderr.split('\n').filter((line) => line.startsWith('module-loaded ')).map((line) => line.slice('module-loaded '.length));
  return { stdout, urls };
}

const packagesIn = (urls: string[]): Set<string> =>
  new Set(urls.map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name): name is string => name !== undefined));

describe('which command the arguments invoke', () => {
  test('the first word that is not an option, or the one after help', () => {
    assert.equal(invokedCommandName(['optimize', '-d', 'gsm8k']), 'optimize');
    assert.equal(invokedCommandName(['--help']), undefined);
    assert.equal(invokedCommandName([]), undefined);
    assert.equal(invokedCommandName(['help', 'runs']), 'runs');
    assert.equal(invokedCommandName(['-h', 'serve']), 'serve');
    assert.equal(invokedCommandName(['optimise']), undefined, 'an unknown name loads nothing: commander suggests the right one');
  });
});

describe('the command list', () => {
  test('each command shows the same one-line summary in opro --help as in its own --help', async () => {
    const listing = new Command();
    await registerCommands(listing, ['--help']);
    assert.deepEqual(listing.commands.map((c) => c.name()), COMMANDS.map((c) => c.name));
    for (const entry of COMMANDS) {
      const full = new Command();
      await registerCommands(full, [entry.name]);
      const command = full.commands.find((c) => c.name() === entry.name);
      assert.ok(command, entry.name);
      assert.equal(command.description(), listing.commands.find((c) => c.name() === entry.name)?.description());
      assert.ok(command.options.length > 0 || command.commands.length > 0 || entry.name === 'datasets', `${entry.name} is registered in full`);
    }
  });
});

describe('what start-up loads (built CLI)', () => {
  test('opro --version and opro --help load commander and the command table, nothing heavy', async () => {
    for (const flag of ['--version', '--help']) {
      const { stdout, urls } = await loadedModules([CLI, flag]);
      assert.ok(stdout.length > 0);
      const loaded = packagesIn(urls);
      assert.deepEqual([...loaded], ['commander'], `${flag} loaded ${[...loaded].join(', ')}`);
      const ownModules = urls.filter((url) => url.startsWith(`file://${DIST}`)).length;
      assert.ok(ownModules <= 6, `${flag} loaded ${ownModules} of opro's own modules`);
    }
  });

  test('opro optimize --help loads its options and help, not the run: no model, store or task code', async () => {
    const { stdout, urls } = await loadedModules([CLI, 'optimize', '--help']);
    assert.match(stdout, /--dry-run/);
    assert.match(stdout, /--task <file>/);
    const loaded = packagesIn(urls);
    assert.deepEqual([...loaded], ['commander'], `optimize --help loaded ${[...loaded].join(', ')}`);
    const own = urls.filter((url) => url.startsWith(`file://${DIST}`)).map((url) => url.slice(`file://${DIST}`.length));
    for (const heavy of ['cli/commands/optimize-run.js', 'cli/model-setup.js', 'store/run-store.js', 'tasks/load-task.js', 'optimize/optimize.js']) {
      assert.ok(!own.includes(heavy), `optimize --help loaded ${heavy}`);
    }
  });

  test("every command's --help, and each opro runs subcommand's, loads its options and help, not the work behind them", async () => {
    const withRuns = new Command();
    await registerCommands(withRuns, ['runs']);
    const runsSubcommands = withRuns.commands.find((c) => c.name() === 'runs')?.commands.map((c) => c.name()) ?? [];
    assert.ok(runsSubcommands.includes('export'), 'the runs subcommands are listed');
    const invocations = [...COMMANDS.map((entry) => [entry.name]), ...runsSubcommands.map((name) => ['runs', name])];
    for (const words of invocations) {
      const { stdout, urls } = await loadedModules([CLI, ...words, '--help']);
      const shown = words.join(' ');
      assert.match(stdout, new RegExp(`^Usage: opro ${shown} `), `${shown} --help printed its own help`);
      const loaded = packagesIn(urls);
      assert.deepEqual([...loaded], ['commander'], `${shown} --help loaded ${[...loaded].join(', ')}`);
      const own = urls.filter((url) => url.startsWith(`file://${DIST}`)).map((url) => url.slice(`file://${DIST}`.length));
      const work = own.filter((path) => RUN_MODULES.some((pattern) => pattern.test(path)));
      assert.deepEqual(work, [], `${shown} --help loaded what only running it needs`);
      // Options and help come from a handful of modules (the most today: optimize's, 15); a static
      // import of settings, scoring or grading code shows up here as dozens more.
      assert.ok(own.length <= HELP_MODULE_LIMIT, `${shown} --help loaded ${own.length} of opro's own modules: ${own.join(', ')}`);
    }
  });

  test('a command loads what it needs: opro datasets lists the datasets without any model SDK', async () => {
    const { stdout, urls } = await loadedModules([CLI, 'datasets']);
    assert.match(stdout, /gsm8k/);
    const loaded = packagesIn(urls);
    for (const name of ['node-llama-cpp', 'ai', '@ai-sdk/openai']) assert.ok(!loaded.has(name), `${name} was loaded`);
  });

  test('creating models imports no SDK; the first call does', async () => {
    const script = `
      const { resolveModel } = await import(${JSON.stringify(`${DIST}models/resolve.js`)});
      resolveModel('openai:gpt-4o-mini', { env: { OPENAI_API_KEY: 'k' } });
      resolveModel('anthropic:claude-3-5-haiku-latest', { env: { ANTHROPIC_API_KEY: 'k' } });
      resolveModel('google:gemini-2.0-flash', { env: { GOOGLE_GENERATIVE_AI_API_KEY: 'k' } });
      resolveModel('ollama:llama3.2', { env: {} });
      resolveModel('llamacpp:hf:owner/repo/model.gguf', { env: {} });
      console.log('created');
      const model = resolveModel('openai:gpt-4o-mini', { baseURL: 'http://127.0.0.1:1/v1', env: { OPENAI_API_KEY: 'k' } });
      const outcome = await model.generate({ prompt: 'hi', temperature: 0, maxTokens: 4 });
      console.log('called', outcome.ok);`;
    const { stdout, urls } = await loadedModules(['--input-type=module', '-e', script]);
    assert.match(stdout, /called false/, 'the call itself fails (nothing listens on port 1)');
    assert.match(stdout, /created/);
    const loaded = packagesIn(urls);
    assert.ok(loaded.has('@ai-sdk/openai') && loaded.has('ai'), 'the call imported the OpenAI SDK');
    for (const name of ['node-llama-cpp', '@ai-sdk/anthropic', '@ai-sdk/google']) assert.ok(!loaded.has(name), `${name} was imported without a call`);
  });
});
