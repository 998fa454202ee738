/**
 * `opro optimize --repeats k`: k independent seeds of one configuration, each recorded as its own
 * run (resumable on its own with --resume), then the spread of the winner across them.
 */
import { optimizeRepeated } from '../../optimize/repeats.js';
import type { OptimizeEvent, OptimizeOptions } from '../../optimize/optimize.js';
import { RecordedRun } from '../../runs/recorded-run.js';
import { SettingsError } from '../../optimize/settings.js';
import { setupModels, type JudgeSettings } from '../model-setup.js';
import { ProgressReporter } from '../progress.js';
import { formatRepeatedReport, toJson } from '../report.js';
import { interruptSignal } from '../interrupt.js';
import { INSTRUCTIONS_KIND } from '../../problems/instructions/kind.js';
import type { OptimizeFlags } from './optimize.js';

/** What every repeat runs: the optimize options, the dataset name its run records, and what else its config keeps. */
export interface RepeatPlan {
  /** The command's optimize options except signal and listeners. */
  options: Omit<OptimizeOptions, 'signal' | 'onEvent' | 'shouldStop'>;
  dataset: string;
  /** Kept in each repeat's run config beside the flags (a task's template and metric, for `runs export --prompt`). */
  config?: Record<string, unknown>;
  /** What a score is, for the summary: 'accuracy' (default) or a task metric's 'score (judge)'. */
  measure?: string;
}

export interface RepeatedCommandInput {
  flags: OptimizeFlags;
  storePath: string;
  repeats: number;
  /** The judge role of a task scored by an LLM judge (its concurrency and share of the caps). */
  judgeSettings?: JudgeSettings;
  /** Loads the data and checks the settings once the models exist, before any repeat is recorded. */
  plan: (models: Awaited<ReturnType<typeof setupModels>>, reporter: ProgressReporter) => Promise<RepeatPlan>;
  /** The flags stored with each run, given that run's seed. */
  storable: (flags: OptimizeFlags) => object;
}

export async function runRepeatedOptimize(input: RepeatedCommandInput): Promise<void> {
  const { flags, storePath, repeats } = input;
  if (flags.resume) throw new SettingsError('--resume continues one run; resume a repeat by its own run id, without --repeats');
  // One set of models for every repeat: the caps (--budget, --max-calls, --max-tokens, the judge's share) hold for the whole command.
  const models = await setupModels(flags, {}, 'run', input.judgeSettings);
  const reporter = new ProgressReporter(process.stderr, Boolean(flags.quiet));
  const interrupt = interruptSignal();
  const runIds: string[] = [];
  let current: RecordedRun | null = null;
  let costBefore = 0;
  try {
    const plan = await input.plan(models, reporter);
    const result = await optimizeRepeated({ ...plan.options, signal: interrupt.signal, shouldStop: models.shouldStop }, repeats, {
      beforeRepeat: (index, seed) => {
        // Each repeat stores its own seed and no --repeats, so `--resume <its id>` replays exactly it.
        const run = RecordedRun.start({
          storePath,
          kind: INSTRUCTIONS_KIND,
          dataset: plan.dataset,
          scorer: models.scorer.spec,
          optimizer: models.optimizer.spec,
          config: { command: 'optimize', flags: input.storable({ ...flags, seed, repeats: undefined }), models: models.describe(), ...plan.config, repeat: { index, of: repeats } },
        });
        current = run;
        runIds.push(run.runId);
        costBefore = models.usage().total.costUsd;
        if (!flags.quiet) process.stderr.write(`repeat ${index + 1}/${repeats} (seed ${seed}): recording run ${run.runId} in ${storePath}\n`);
        return {
          onEvent: (event: OptimizeEvent) => {
            if (event.type === 'split') {
              run.noteData({ datasetId: event.datasetId, contentHash: event.contentHash, trainIndices: event.trainIndices }, { settings: event.settings, seed: event.settings.seed, gradingMode: event.settings.gradingMode });
            }
            run.record(event);
            // The figures so far, so the dashboard follows each repeat live (endpoint figures are the command's, not kept per repeat).
            if (event.type === 'step-finished') run.report();
            reporter.handle(event);
          },
        };
      },
      afterRepeat: (_index, _seed, result) => {
        reporter.stopBar();
        current?.finish(result.status, result.reason, { costUsd: models.usage().total.costUsd - costBefore, heldOutComparisons: result.comparisons });
        current?.close();
        current = null;
      },
    });
    if (flags.json) process.stdout.write(`${toJson({ runIds, ...result, usage: models.usage() })}\n`);
    else process.stdout.write(`${formatRepeatedReport(result, runIds, plan.measure)}\n${models.formatUsage()}\n`);
    if (result.stopped?.status === 'failed') process.exitCode = 1;
    if (result.stopped?.status === 'interrupted') process.exitCode = 130;
  } catch (error) {
    const open = current as RecordedRun | null;
    open?.finish('failed', error instanceof Error ? error.message : String(error), {});
    open?.close();
    throw error;
  } finally {
    interrupt.dispose();
    reporter.stopBar();
    await models.close();
  }
}
