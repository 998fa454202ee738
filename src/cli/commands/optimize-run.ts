/** What `opro optimize` does once its flags are parsed (the options and help are in optimize.ts). */
import type { Command } from 'commander';
import type { OptimizeFlags } from './optimize.js';
import { optimize, type OptimizeEvent } from '../../optimize/optimize.js';
import { SettingsError, resolveSettings } from '../../optimize/settings.js';
import { loadDataset } from '../../datasets/index.js';
import { prepareSplit } from '../../optimize/optimize.js';
import { INSTRUCTIONS_KIND } from '../../problems/instructions/kind.js';
import { RecordedRun } from '../../runs/recorded-run.js';
import { planResume } from '../../runs/resume-flags.js';
import { DEFAULT_STORE_PATH } from '../../store/index.js';
import { settingsFromFlags } from '../instruction-options.js';
import { setupModels } from '../model-setup.js';
import { ProgressReporter } from '../progress.js';
import { formatOptimizeReport, toJson } from '../report.js';
import { datasetOptionsFromFlags } from '../dataset-flags.js';
import { interruptSignal } from '../interrupt.js';
import { runRepeatedOptimize } from './optimize-repeats.js';
import { loadCliTask, prepareCliTask, recordedTask } from '../task-support.js';
import type { PreparedTask } from '../../tasks/prepare-task.js';
import { measureLabel, scoreMeasure } from '../../problems/instructions/measure.js';
import { dryRun, repeatedDryRun } from '../../optimize/dry-run.js';
import { formatDryRun, formatRepeatedDryRun } from '../views/dry-run.js';
import type { LanguageModel } from '../../models/types.js';
import { callBounds, formatPlanLine } from '../../optimize/call-bounds.js';
import { NO_EARLIER_SPENDING } from '../../runs/run-spending.js';
import { carryOverCaps, resumeHint } from '../run-caps.js';
import { safeText } from '../../util/terminal-text.js';
import { redactKnownSecrets } from '../../util/secrets.js';

export async function runOptimizeCommand(given: OptimizeFlags, cmd: Command): Promise<void> {
  const storePath = given.store ?? DEFAULT_STORE_PATH;
  const plan = given.resume ? planResume(storePath, given.resume, given, cmd, INSTRUCTIONS_KIND) : null;
  const stated = plan ? plan.flags : given;
  const cliTask = stated.task ? await loadCliTask({ ...stated, task: stated.task }) : null;
  const flags = cliTask ? cliTask.flags : stated;
  if (!flags.dataset && !cliTask) throw new SettingsError('say which dataset to optimize on: -d gsm8k, -d bbh/<task>, or -d <your file> (see opro datasets)');
  // With a task the dataset comes from the task file; taskOptions() puts it in place of this one.
  const dataset = flags.dataset ?? '';
  const repeats = flags.repeats ?? 1;
  if (repeats > 1 && !flags.dryRun) {
    return runRepeatedOptimize({
      flags,
      storePath,
      repeats,
      ...(cliTask ? { judgeSettings: cliTask.judgeSettings } : {}),
      plan: async (models, reporter) => {
        const fromFlags = { ...optimizeOptionsFromFlags(flags, dataset, reporter), scorer: models.scorer, optimizer: models.optimizer };
        if (!cliTask) return { options: fromFlags, dataset };
        const prepared = await prepareCliTask(cliTask, models);
        const task = recordedTask(cliTask, prepared, models);
        return {
          options: { ...taskOptions(prepared, fromFlags, flags), scorer: models.scorer, optimizer: models.optimizer },
          dataset: prepared.dataset.id,
          config: { task },
          measure: measureLabel(scoreMeasure(task.metric)),
        };
      },
      storable: storableFlags,
    });
  }

  const models = await setupModels(flags, {}, flags.dryRun ? 'estimate' : 'run', cliTask?.judgeSettings);
  if (flags.dryRun) {
    try {
      const fromFlags = optimizeOptionsFromFlags(flags, dataset);
      // A task is sized with its own template, metric and judges (the judge model is only named, never called).
      const prepared = cliTask ? await prepareCliTask(cliTask, models) : null;
      const options = prepared
        ? { ...taskOptions(prepared, fromFlags, flags), judges: prepared.judges, otherMetricParts: prepared.otherMetricParts, ...(cliTask?.judgeSettings.budgetShare !== undefined ? { judgeBudgetShare: cliTask.judgeSettings.budgetShare } : {}) }
        : fromFlags;
      const planned = { ...options, scorer: models.scorer, optimizer: models.optimizer };
      const priceFor = (model: LanguageModel) => models.meter.priceFor(model);
      const specs = { scorer: models.scorer.spec, optimizer: models.optimizer.spec };
      if (repeats > 1) {
        const report = await repeatedDryRun(planned, priceFor, repeats);
        process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : formatRepeatedDryRun(report, specs)}\n`);
      } else {
        const report = await dryRun(planned, priceFor);
        process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : formatDryRun(report, specs)}\n`);
      }
    } finally {
      await models.close();
    }
    return;
  }
  // Caps are per run: a resume starts from what the earlier processes used (a reached cap is an error here).
  if (plan) {
    try {
      carryOverCaps(models.budget, plan.runId, plan.earlier, flags.store ? ` --store ${storePath}` : '');
    } catch (error) {
      await models.close();
      throw error;
    }
  }
  const reporter = new ProgressReporter(process.stderr, Boolean(flags.quiet));
  // Load the data and check every setting before a run is recorded, so a typo leaves no failed run behind.
  const prepared = cliTask ? await prepareCliTask(cliTask, models).catch(async (error: unknown) => {
    await models.close();
    throw error;
  }) : null;
  const fromFlags = optimizeOptionsFromFlags(flags, dataset, reporter);
  const planned = prepared ? taskOptions(prepared, fromFlags, flags) : fromFlags;
  const data = prepared ? prepared.dataset : await loadDataset(fromFlags.dataset, fromFlags.datasetOptions);
  const resolved = resolveSettings(planned, data, planned.preset);
  // The split is checked even with -q, so an invalid one leaves no failed run behind.
  const split = await prepareSplit({ ...planned, dataset: data }, resolved);
  if (!flags.quiet && !plan) {
    // The same upper bounds --dry-run prints (call-bounds.ts).
    const bounds = callBounds({ settings: resolved, trainSize: split.train.length, testSize: split.test.length, compareBaselines: Boolean(flags.compareBaselines), judgesPerExample: prepared ? prepared.judges.length : 0 });
    process.stderr.write(`${formatPlanLine(resolved.steps, bounds)}\n`);
  }
  const run = RecordedRun.start({
    storePath,
    ...(plan ? { resumeId: plan.runId } : {}),
    kind: INSTRUCTIONS_KIND,
    dataset: prepared ? data.id : dataset,
    scorer: models.scorer.spec,
    optimizer: models.optimizer.spec,
    config: { command: 'optimize', flags: storableFlags(flags), models: models.describe(), ...(cliTask && prepared ? { task: recordedTask(cliTask, prepared, models) } : {}) },
  });
  run.trackSpending(models, plan?.earlier ?? NO_EARLIER_SPENDING);
  if (!flags.quiet) process.stderr.write(`${plan ? 'resuming' : 'recording'} run ${run.runId} in ${storePath}\n`);
  const interrupt = interruptSignal();
  try {
    const result = await optimize({
      ...planned,
      dataset: data,
      scorer: models.scorer,
      optimizer: models.optimizer,
      signal: interrupt.signal,
      onEvent: (event: OptimizeEvent) => {
        if (event.type === 'split') {
          run.noteData({ datasetId: event.datasetId, contentHash: event.contentHash, trainIndices: event.trainIndices }, { settings: event.settings, seed: event.settings.seed, gradingMode: event.settings.gradingMode });
        }
        run.record(event);
        if (event.type === 'step-finished') run.report({ endpoints: models.endpoints() });
        reporter.handle(event);
      },
      shouldStop: models.shouldStop,
    });
    reporter.stopBar();
    // The held-out comparisons are kept with the run, so `opro runs show` prints them later.
    run.finish(result.status, result.reason, { endpoints: models.endpoints(), heldOutComparisons: result.comparisons });
    // JSON escapes control characters itself; known secret values are replaced in both forms.
    if (flags.json) process.stdout.write(`${redactKnownSecrets(toJson({ runId: run.runId, ...result, usage: models.usage(), endpoints: models.endpoints() }))}\n`);
    else process.stdout.write(`${safeText(formatOptimizeReport(result))}\n${models.formatUsage()}\nrun ${run.runId} (opro runs show ${run.runId})\n`);
    const hint = resumeHint(result.status, run.runId, flags.store ? ` --store ${storePath}` : '', models.budget);
    if (hint) process.stderr.write(`${hint}\n`);
    if (result.status === 'failed') process.exitCode = 1;
    if (result.status === 'interrupted') process.exitCode = 130;
  } catch (error) {
    run.finish('failed', error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    interrupt.dispose();
    reporter.stopBar();
    run.close();
    await models.close();
  }
}

/** What the flags say to optimize, apart from the models and listeners (shared with --repeats). */
function optimizeOptionsFromFlags(flags: OptimizeFlags, dataset: string, reporter?: ProgressReporter) {
  return {
    ...settingsFromFlags(flags),
    dataset,
    datasetOptions: datasetOptionsFromFlags(flags, reporter),
    ...(flags.preset ? { preset: flags.preset } : {}),
    ...(flags.trainLimit !== undefined ? { trainLimit: flags.trainLimit } : {}),
    ...(flags.testLimit !== undefined ? { testLimit: flags.testLimit } : {}),
    ...(flags.compareBaselines ? { compareBaselines: true } : {}),
    ...(flags.feedbackExamples ? { feedbackExamples: flags.feedbackExamples } : {}),
  };
}

/** A task's options: its settings, then the explicit flags over them; its dataset, template and metric. */
function taskOptions(prepared: PreparedTask, fromFlags: ReturnType<typeof optimizeOptionsFromFlags>, flags: OptimizeFlags) {
  const explicit = Object.fromEntries(Object.entries(fromFlags).filter(([key, value]) => value !== undefined && key !== 'dataset' && key !== 'datasetOptions'));
  const preset = fromFlags.preset ?? prepared.preset;
  // --preset paper/reference reproduce the paper: no feedback block, whatever the task or flags say.
  const feedbackExamples = preset === 'paper' || preset === 'reference' ? 0 : (flags.feedbackExamples ?? prepared.feedbackExamples);
  return {
    ...prepared.settings,
    ...(prepared.trainLimit !== undefined ? { trainLimit: prepared.trainLimit } : {}),
    ...(prepared.testLimit !== undefined ? { testLimit: prepared.testLimit } : {}),
    ...explicit,
    ...(preset ? { preset } : {}),
    dataset: prepared.dataset,
    task: prepared.scoring,
    ...(feedbackExamples > 0 ? { feedbackExamples } : {}),
  };
}

/** The flags that define the run (not how it was displayed), kept so a resume can replay it. */
function storableFlags(flags: OptimizeFlags): Omit<OptimizeFlags, 'resume' | 'quiet' | 'json'> {
  const { resume: _resume, quiet: _quiet, json: _json, ...rest } = flags;
  return rest;
}
