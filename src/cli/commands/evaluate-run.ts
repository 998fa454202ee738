/** What `opro evaluate` does once its flags are parsed (the options and help are in evaluate.ts). */
import { readFileSync } from 'node:fs';
import type { EvaluateFlags } from './evaluate.js';
import { evaluate, PAPER_BASELINE_INSTRUCTIONS } from '../../optimize/evaluate.js';
import { settingsFromFlags } from '../instruction-options.js';
import { setupModels } from '../model-setup.js';
import { ProgressReporter } from '../progress.js';
import { formatEvaluateReport, toJson } from '../report.js';
import { datasetOptionsFromFlags } from '../dataset-flags.js';
import { interruptSignal } from '../interrupt.js';
import { loadCliTask, prepareCliTask } from '../task-support.js';
import type { PreparedTask } from '../../tasks/prepare-task.js';
import type { PromptTemplate } from '../../prompts/template.js';

/** The template of an exported prompt.json (`opro runs export <id> --prompt`) and the instruction in it. */
function readExportedPrompt(path: string): { template: PromptTemplate; instruction: string } {
  const exported = JSON.parse(readFileSync(path, 'utf8')) as { prompt?: { text?: unknown; messages?: unknown }; instruction?: unknown };
  const prompt = exported.prompt;
  const instruction = typeof exported.instruction === 'string' ? exported.instruction : '';
  if (prompt && typeof prompt.text === 'string') return { template: { kind: 'text', text: prompt.text }, instruction };
  if (prompt && Array.isArray(prompt.messages)) return { template: { kind: 'chat', messages: prompt.messages as Extract<PromptTemplate, { kind: 'chat' }>['messages'] }, instruction };
  throw new Error(`${path} is not an exported prompt: it has no prompt.text or prompt.messages`);
}

/** The task's settings that decide which examples and how the scorer is called (flags still win). */
function taskEvaluateSettings(prepared: PreparedTask) {
  const s = prepared.settings;
  return Object.fromEntries(
    Object.entries({ position: s.position, includeQA: s.includeQA, scorerTemperature: s.scorerTemperature, scorerMaxTokens: s.scorerMaxTokens, trainRatio: s.trainRatio, seed: s.seed }).filter(([, v]) => v !== undefined),
  );
}

export async function runEvaluateCommand(given: EvaluateFlags): Promise<void> {
  const cliTask = given.task ? await loadCliTask({ ...given, task: given.task }) : null;
  const flags = cliTask ? cliTask.flags : given;
  if (!flags.dataset && !cliTask) throw new Error('say which dataset to evaluate on: -d gsm8k, -d bbh/<task>, or -d <your file> (see opro datasets)');
  if (flags.promptFile && !cliTask) throw new Error('--prompt-file needs --task: the task says which data and metric score the prompt');
  const exported = cliTask && flags.promptFile ? readExportedPrompt(flags.promptFile) : null;
  if (cliTask && exported) cliTask.task = { ...cliTask.task, template: exported.template };
  const listed = [...(flags.instruction ?? []), ...(flags.baselines ? PAPER_BASELINE_INSTRUCTIONS : [])];
  // An exported prompt has its instruction in place already: score it as it is.
  const asExported = listed.length === 0 && exported !== null;
  const instructions = asExported ? [''] : listed;
  if (instructions.length === 0) throw new Error('nothing to score: give -i "<instruction>" (repeatable) or --baselines');
  const models = await setupModels(flags, { optimizer: false }, 'run', cliTask?.judgeSettings);
  const reporter = new ProgressReporter(process.stderr, Boolean(flags.quiet));
  const interrupt = interruptSignal();
  try {
    const settings = settingsFromFlags(flags);
    const prepared = cliTask ? await prepareCliTask(cliTask, models) : null;
    const result = await evaluate({
      ...(prepared ? { ...taskEvaluateSettings(prepared), dataset: prepared.dataset, task: prepared.scoring } : { dataset: flags.dataset ?? '', datasetOptions: datasetOptionsFromFlags(flags, reporter) }),
      scorer: models.scorer,
      instructions,
      split: flags.split,
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
      ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
      signal: interrupt.signal,
      onStart: (info) => reporter.handle({ type: 'test-started', instructions: info.instructions, examples: info.examples }),
      onExample: (event) => reporter.tick(event),
    });
    reporter.stopBar();
    if (flags.json) process.stdout.write(`${toJson({ ...result, usage: models.usage() })}\n`);
    else {
      // The exported prompt is scored with its instruction already in place: name it, not "(empty instruction)".
      const named = asExported && exported
        ? { ...result, results: result.results.map((r) => ({ ...r, instruction: `${flags.promptFile}: ${exported.instruction || '(its prompt as exported)'}` })) }
        : result;
      process.stdout.write(`${formatEvaluateReport(named)}\n${models.formatUsage()}\n`);
    }
  } finally {
    interrupt.dispose();
    reporter.stopBar();
    await models.close();
  }
}
