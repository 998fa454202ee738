import { estimateRun, estimatePrice, type RunEstimate } from '../models/estimate.js';
import type { UsageMeter } from '../models/wrappers/meter.js';
import type { LanguageModel } from '../models/types.js';
import { datasetOf, prepareSplit, type OptimizeOptions } from './optimize.js';
import { resolveSettings } from './settings.js';

/** Typical instruction length shown in a meta-prompt (characters); the reference caps them at 500. */
const TYPICAL_INSTRUCTION_CHARS = 120;
/** The fixed wording of a meta-prompt around the instructions and exemplars. */
const META_PROMPT_WORDING_CHARS = 700;

export interface DryRunReport {
  datasetId: string;
  trainSize: number;
  testSize: number;
  estimate: RunEstimate;
}

/** Calls and a cost range for a run's settings, from the real split, without calling any model. */
export async function dryRun(options: OptimizeOptions, meter: UsageMeter): Promise<DryRunReport> {
  const loaded = await datasetOf(options);
  const settings = resolveSettings(options, loaded, options.preset);
  const { train, test } = await prepareSplit({ ...options, dataset: loaded }, settings);
  const avgQuestion = train.reduce((sum, e) => sum + e.question.length, 0) / Math.max(train.length, 1);
  const evalInstructions = settings.evalSplit === 'test' ? Math.min(settings.evalTop, 1 + settings.steps * settings.candidatesPerStep) : 0;
  const price = (model: LanguageModel) => estimatePrice(meter.priceFor(model));
  const estimate = estimateRun({
    steps: settings.steps,
    candidatesPerStep: settings.candidatesPerStep,
    trainSize: train.length,
    initialInstructions: settings.initialInstructions.length,
    evalSize: settings.evalSplit === 'test' ? test.length : 0,
    evalInstructions,
    scorer: { avgPromptChars: avgQuestion + TYPICAL_INSTRUCTION_CHARS, maxTokens: settings.scorerMaxTokens, price: price(options.scorer) },
    optimizer: {
      avgPromptChars: META_PROMPT_WORDING_CHARS + settings.maxInstructions * (TYPICAL_INSTRUCTION_CHARS + 20) + settings.exemplarCount * (avgQuestion + 20),
      maxTokens: settings.optimizerMaxTokens,
      price: price(options.optimizer),
    },
  });
  return { datasetId: loaded.id, trainSize: train.length, testSize: settings.evalSplit === 'test' ? test.length : 0, estimate };
}

function money(range: RunEstimate['costUsd']): string {
  return range === 'unknown' ? 'unknown (no price for this model: add one in opro.config.json)' : `$${range.low.toFixed(2)} – $${range.high.toFixed(2)}`;
}

export function formatDryRun(report: DryRunReport, scorer: string, optimizer: string): string {
  const e = report.estimate;
  return [
    `dry run: nothing was called`,
    `dataset ${report.datasetId}: ${report.trainSize} training examples, ${report.testSize} held-out`,
    `scorer    ${scorer.padEnd(30)} up to ${e.scorer.calls} calls, ${money(e.scorer.costUsd)}`,
    `optimizer ${optimizer.padEnd(30)} ${e.optimizer.calls} calls, ${money(e.optimizer.costUsd)}`,
    `total     ${e.totalCalls} calls, ${money(e.costUsd)} (low: short answers; high: every answer at its token limit)`,
    `cached calls are free, so a repeated or resumed run costs less; cap spending with --budget <usd>.`,
  ].join('\n');
}
