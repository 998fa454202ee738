#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerCommands } from './command-registry.js';
import { describeError } from './errors.js';
import { OPRO_VERSION } from '../version.js';
import { installSdkWarningFilter } from './sdk-warnings.js';

installSdkWarningFilter();

const program = new Command();
program
  .name('opro')
  .description(
    'Optimization by PROmpting (Yang et al., ICLR 2024): an optimizer LLM reads earlier solutions with their ' +
      'scores and proposes better ones. Optimize the instruction for a scorer LLM on a dataset, or any objective.',
  )
  .version(OPRO_VERSION)
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();


program.addHelpText(
  'after',
  `
Examples:
  $ opro optimize -d gsm8k --steps 2 --candidates 4 --train-limit 10   # embedded default model, no API key
  $ opro optimize -d gsm8k -s openai:gpt-4o-mini -o openai:gpt-4o --budget 5
  $ opro optimize -d bbh/navigate --preset paper -s openai:gpt-4o-mini -o openai:gpt-4o
  $ opro evaluate -d gsm8k -s ollama:qwen2.5:7b --baselines --limit 200
  $ opro datasets

Models are written provider:model — openai, anthropic, google, ollama, llamacpp (path.gguf or hf:owner/repo/file.gguf).
OPENAI_BASE_URL points openai: at any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, OpenRouter).

Where things live: datasets in ~/.cache/opro/datasets (OPRO_DATA_DIR or --data-dir), embedded models in
~/.cache/opro/models (OPRO_MODELS_DIR; a .gguf saved there under its own name is used as is). Behind a mirror:
HF_ENDPOINT for models, OPRO_DATASETS_ENDPOINT for datasets. OPRO_LLAMA_THREADS sets the embedded model's threads.`,
);

try {
  await registerCommands(program, process.argv.slice(2));
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    // Loaded only on failure, so start-up stays light; an error body may hold model text or a key.
    const { safeText } = await import('../util/terminal-text.js');
    process.stderr.write(`opro: ${safeText(describeError(error))}\n`);
    process.exitCode = 1;
  }
}
