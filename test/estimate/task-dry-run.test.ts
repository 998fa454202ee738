/**
 * `--dry-run` of a task: its prompts sized by the task's own rendered template, its judges counted
 * and priced as a third role (with the task's budget share), and the text saying which figure is a bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { prepareTask } from '../../src/tasks/prepare-task.js';
import { dryRun } from '../../src/optimize/dry-run.js';
import { formatDryRun } from '../../src/cli/views/dry-run.js';
import { UsageMeter } from '../../src/models/wrappers/meter.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import type { LanguageModel } from '../../src/models/types.js';

const TASK = fileURLToPath(new URL('../../examples/support-replies/task.yaml', import.meta.url));

/** A model that only names a priced cloud model (a dry run never calls it). */
function named(spec: string): LanguageModel {
  return { ...createScriptedModel({ spec, respond: () => assert.fail('a dry run calls no model') }), provider: spec.split(':')[0] as string, modelId: spec.split(':')[1] as string, isLocal: false };
}

test('a task with a chat template and a judge: three roles, the judge priced by its own model', async () => {
  const judge = named('openai:gpt-4o-mini');
  const prepared = await prepareTask(TASK, { judge });
  assert.equal(prepared.judges.length, 1);
  assert.equal(prepared.otherMetricParts, 1, 'the length check');
  const meter = new UsageMeter();
  const options = {
    ...prepared.settings, dataset: prepared.dataset, task: prepared.scoring, judges: prepared.judges, otherMetricParts: prepared.otherMetricParts, judgeBudgetShare: 0.5,
    scorer: named('openai:gpt-4o-mini'), optimizer: named('openai:gpt-4o'),
  };
  const report = await dryRun(options, (model) => meter.priceFor(model));
  assert.ok(report.judge);
  assert.equal(report.judge.calls, report.calls.judge);
  assert.equal(report.calls.judge, report.calls.scorer, 'one judge call per scored example');
  assert.ok(report.judge.costUsd !== 'unknown' && report.judge.costUsd.high > report.judge.costUsd.low);
  assert.ok(report.costUsd !== 'unknown' && report.scorer.costUsd !== 'unknown' && report.optimizer.costUsd !== 'unknown');
  assert.ok(Math.abs(report.costUsd.high - (report.scorer.costUsd.high + report.optimizer.costUsd.high + report.judge.costUsd.high)) < 1e-12);

  // The chat template's system turn carries the instruction: a longer template gives longer prompts.
  const longer = { ...prepared.scoring, template: { kind: 'chat' as const, messages: [{ role: 'system' as const, content: `${'Be kind. '.repeat(50)}{{instruction}}` }, { role: 'user' as const, content: 'Customer message: {{message}}' }] } };
  const bigger = await dryRun({ ...options, task: longer }, (model) => meter.priceFor(model));
  assert.ok(bigger.scorer.inputTokens.high > report.scorer.inputTokens.high && bigger.scorer.inputTokens.low > report.scorer.inputTokens.low);

  const text = formatDryRun(report, { scorer: 'openai:gpt-4o-mini', optimizer: 'openai:gpt-4o' });
  assert.match(text, /^judge +openai:gpt-4o-mini +at most [\d,]+ calls, \$[\d.]+ typical, at most \$[\d.]+$/m);
  assert.match(text, /its share of each cap: 50%/);
  assert.match(text, /Calls are upper bounds/);
  assert.match(text, /At most: every prompt at the bound the budget reserves with/);
});

test('an unpriced judge makes the judge line and the total unknown', async () => {
  const judge = named('openai:some-unlisted-model');
  const prepared = await prepareTask(TASK, { judge });
  const meter = new UsageMeter();
  const report = await dryRun({ ...prepared.settings, dataset: prepared.dataset, task: prepared.scoring, judges: prepared.judges, scorer: named('openai:gpt-4o-mini'), optimizer: named('openai:gpt-4o') }, (model) => meter.priceFor(model));
  assert.equal(report.judge?.costUsd, 'unknown');
  assert.equal(report.costUsd, 'unknown');
  assert.match(formatDryRun(report, { scorer: 's', optimizer: 'o' }), /^judge .*unknown price/m);
});
