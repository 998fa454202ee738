/**
 * The dry run's "at most" USD is a bound of what a run can be billed: here every call of a real run
 * is billed at the most a provider could count (prompt tokens at the budget's bound, output at
 * maxTokens), with the largest instructions the run accepts and the longest replies the estimate
 * allows, through the real meter and budget. The run's bill stays under the figure, and a --budget
 * set to the figure never stops the run (the budget reserves the same bound the figure sums).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { optimize } from '../../src/optimize/optimize.js';
import { dryRun, type DryRunOptions } from '../../src/optimize/dry-run.js';
import { Budget, withBudget } from '../../src/models/wrappers/budget.js';
import { UsageMeter, withMeter, type ModelRole } from '../../src/models/wrappers/meter.js';
import { requestPromptTokensUpperBound, rereadReplyBytes } from '../../src/models/token-bounds.js';
import type { GenerateRequest, LanguageModel } from '../../src/models/types.js';
import { judgeMetric, type JudgeOptions } from '../../src/metrics/judge.js';
import { sumsDataset } from './helpers.js';

const PRICES = {
  'bound:scorer': { inputPerMTok: 0.5, outputPerMTok: 1.5 },
  'bound:optimizer': { inputPerMTok: 5, outputPerMTok: 15 },
  'bound:judge': { inputPerMTok: 1, outputPerMTok: 4 },
};
const MAX_INSTRUCTION = 200;

/** A model billed at the bound: the usage a provider could at most report for each request. */
function boundBilledModel(spec: keyof typeof PRICES, reply: (request: GenerateRequest, call: number) => string): LanguageModel {
  let calls = 0;
  return {
    spec,
    provider: 'bound',
    modelId: spec.slice(6),
    isLocal: true,
    async generate(request) {
      const text = reply(request, ++calls);
      assert.ok(Buffer.byteLength(text) <= rereadReplyBytes(request.maxTokens), 'a reply within the bytes the estimate allows its tokens');
      return {
        ok: true, text, cached: false, latencyMs: 0, finishReason: 'stop',
        usage: { inputTokens: requestPromptTokensUpperBound(request), outputTokens: request.maxTokens, cachedInputTokens: 0, reasoningTokens: 0 },
      };
    },
  };
}

/** Replies as long as allowed: instructions of MAX_INSTRUCTION 4-byte characters, answers filling their bytes. */
function models() {
  const fill = (head: string, request: GenerateRequest) => head + 'y'.repeat(Math.max(0, rereadReplyBytes(request.maxTokens) - Buffer.byteLength(head)));
  return {
    scorer: boundBilledModel('bound:scorer', (request) => fill(`The answer is ${request.prompt.length % 7}. `, request)),
    optimizer: boundBilledModel('bound:optimizer', (request, call) => {
      const instruction = `Plan ${String(call).padStart(3, '0')} ${'😀'.repeat(MAX_INSTRUCTION - 9)}`;
      return request.prompt.includes('<TEXT>') ? `<TEXT>${instruction}</TEXT>` : `<INS>${instruction}</INS>`;
    }),
    judge: boundBilledModel('bound:judge', (request) => `{"score": ${1 + (request.prompt.length % 10)}, "reason": "${'r'.repeat(rereadReplyBytes(request.maxTokens) - 40)}"}`),
  };
}

function wrap(model: LanguageModel, role: ModelRole, budget: Budget, meter: UsageMeter): LanguageModel {
  return withMeter(withBudget(model, budget), meter, { role });
}

const SETTINGS: { name: string; options: Partial<DryRunOptions>; judge?: boolean; fewShot?: string; text?: boolean }[] = [
  { name: 'paper prompt, --extract-final-answer, baselines, feedback block', options: { extractFinalAnswer: true, compareBaselines: true, feedbackExamples: 2 } },
  { name: 'instructions-only meta-prompt (every instruction shown)', options: { style: 'instructions-only', position: 'Q_begin', evalTop: 2 } },
  { name: 'a task: chat template, judge, feedback block', options: { feedbackExamples: 3, compareBaselines: true }, judge: true },
  { name: 'a task: text template (instruction twice), judge, --extract-final-answer', options: { extractFinalAnswer: true }, judge: true, text: true },
  // The optimizer sees every exemplar and every feedback note through the template (meta-prompt-template.ts):
  // a long few-shot turn is in each.
  { name: 'a task template shown in the meta-prompt, with a long few-shot turn and a feedback block', options: { exemplarCount: 3, feedbackExamples: 3 }, judge: true, fewShot: 'Example ticket. '.repeat(400) },
];

describe("the dry run's high cost bounds a run billed at the budget's bound", () => {
  for (const setting of SETTINGS) {
    test(setting.name, async () => {
      const base = models();
      const judgeOptions: JudgeOptions[] = setting.judge ? [{ model: base.judge, rubric: 'Is the {{topic}} sum right?', input: '{{question}}', maxTokens: 40 }] : [];
      const task = setting.judge
        ? {
            template: setting.text ? { kind: 'text' as const, text: '{{instruction}}\n\nQuestion ({{topic}}): {{question}}\nRemember: {{instruction}}\nAnswer:' } : {
              kind: 'chat' as const,
              messages: [
                { role: 'system' as const, content: 'Add. {{instruction}}' },
                ...(setting.fewShot ? [{ role: 'user' as const, content: setting.fewShot }, { role: 'assistant' as const, content: 'billing' }] : []),
                { role: 'user' as const, content: '{{question}}' },
              ],
            },
            metric: judgeMetric(judgeOptions[0] as JudgeOptions),
            ...(setting.fewShot ? { metaPrompt: {} } : {}),
          }
        : undefined;
      const options: DryRunOptions = {
        dataset: sumsDataset(12), scorer: base.scorer, optimizer: base.optimizer, trainRatio: 0.5, seed: 1, steps: 3, candidatesPerStep: 3,
        scorerMaxTokens: 24, optimizerMaxTokens: 300, maxInstructionLength: MAX_INSTRUCTION, maxExtraDraws: 0, ...setting.options,
        ...(task ? { task, judges: judgeOptions } : {}),
      };
      const meter = new UsageMeter({ prices: PRICES });
      const estimate = await dryRun(options, (model) => meter.priceFor(model));
      const high = estimate.costUsd === 'unknown' ? assert.fail('priced models') : estimate.costUsd.high;

      // A budget of exactly the figure: every reservation fits, so the run is never stopped.
      const budget = new Budget({ maxUsd: high }, { prices: PRICES });
      const judged = judgeOptions.map((judge) => ({ ...judge, model: wrap(judge.model, 'judge', budget, meter) }));
      const run = await optimize({
        ...options,
        scorer: wrap(base.scorer, 'scorer', budget, meter),
        optimizer: wrap(base.optimizer, 'optimizer', budget, meter),
        ...(task ? { task: { ...task, metric: judgeMetric(judged[0] as JudgeOptions) } } : {}),
        shouldStop: () => (budget.exhausted ? { status: 'budget', reason: budget.reason ?? '' } : null),
      });
      assert.equal(run.status, 'completed', run.reason);
      const billed = meter.snapshot().total.costUsd;
      assert.ok(billed > 0 && billed <= high, `billed $${billed} <= at most $${high}`);
      assert.ok(budget.spent().usd <= high);
      // Not a vacuous bound: the run used a large part of it (the rest: candidates that coincide, held-out top/initial overlap).
      assert.ok(billed >= high * 0.5, `billed $${billed} is at least half of $${high}`);
      // Role by role too, so slack in one role cannot hide a short bound in another.
      const roles = { scorer: estimate.scorer, optimizer: estimate.optimizer, judge: estimate.judge };
      for (const [role, figure] of Object.entries(roles)) {
        const used = meter.snapshot().byRole[role as ModelRole];
        if (!figure) {
          assert.equal(used.calls, 0);
          continue;
        }
        assert.ok(used.calls <= figure.calls, `${role}: ${used.calls} calls, at most ${figure.calls}`);
        assert.ok(figure.costUsd !== 'unknown' && used.costUsd <= figure.costUsd.high, `${role}: billed $${used.costUsd}, at most ${JSON.stringify(figure.costUsd)}`);
      }
    });
  }
});
