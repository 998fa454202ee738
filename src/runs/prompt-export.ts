/**
 * `opro runs export <id> --prompt`: the winning prompt as a ready template (the instruction filled
 * in, the dataset variables kept) and a short card: task, models, train and held-out scores with
 * 95% intervals, and what a call costs (per 1,000 calls, from the run's own scorer usage).
 */
import { positionTemplate } from '../prompts/presets.js';
import { allTemplateVariables, fillInstruction, type PromptTemplate } from '../prompts/template.js';
import type { InstructionPosition } from '../problems/instructions/types.js';
import { formatMeanScore, meanScoreInterval, type MeanScore } from '../stats/mean-interval.js';
import type { RunStore } from '../store/index.js';
import type { ExampleResultRow } from '../store/types.js';

export interface ExportedPrompt {
  format: 'opro-prompt';
  formatVersion: 1;
  /** The template with the instruction in place: `text`, or chat `messages`. */
  prompt: { text: string } | { messages: { role: string; content: string }[] };
  /** The `{{field}}` variables left for the application to fill. */
  variables: string[];
  instruction: string;
  card: PromptCard;
}

export interface PromptCard {
  task: string;
  taskFile: string | null;
  runId: string;
  models: { scorer: string | null; optimizer: string | null; judge: string | null };
  metric: string;
  train: MeanScore | null;
  heldOut: MeanScore | null;
  /** Mean cost of one scorer call times 1,000, from uncached calls; null when no price is known. */
  costPer1000Calls: number | null;
  /** Mean tokens of one scorer call (input, output). */
  tokensPerCall: { input: number; output: number } | null;
}

interface RecordedTaskShape {
  name?: unknown;
  file?: unknown;
  template?: unknown;
  metric?: unknown;
  metricDescription?: unknown;
  judge?: unknown;
}

function isTemplate(value: unknown): value is PromptTemplate {
  const t = value as { kind?: unknown; text?: unknown; messages?: unknown } | null;
  return !!t && ((t.kind === 'text' && typeof t.text === 'string') || (t.kind === 'chat' && Array.isArray(t.messages)));
}

/** The run's prompt template: its task's, else the paper position it used. */
function runTemplate(config: Record<string, unknown>, manifest: Record<string, unknown>): PromptTemplate {
  const task = config['task'] as RecordedTaskShape | undefined;
  if (task && isTemplate(task.template)) return task.template;
  const settings = (manifest['settings'] ?? {}) as { position?: InstructionPosition; includeQA?: boolean };
  return positionTemplate(settings.position ?? 'Q_begin', settings.includeQA ?? false);
}

/** The metric's scores of the answered examples (failed calls and failed metrics have none). */
function scoresOf(rows: readonly ExampleResultRow[]): number[] {
  return rows.filter((row) => row.outcome === 'answered').map((row) => row.score).filter((score): score is number => score !== null);
}

const PAGE = 100_000;

export function exportPrompt(store: RunStore, runId: string): ExportedPrompt {
  const run = store.getRun(runId);
  if (run.kind !== 'instructions') throw new Error(`run ${runId} optimized ${run.kind}, not a prompt: --prompt exports instruction runs only`);
  const config = (run.config ?? {}) as Record<string, unknown>;
  const manifest = (run.manifest ?? {}) as Record<string, unknown>;
  const [best] = store.getCandidates(runId, { orderBy: 'score', limit: 1 });
  if (!best || best.score === null) throw new Error(`run ${runId} has no scored instruction to export`);
  const instruction = typeof best.solution === 'string' ? best.solution : best.description;
  const filled = fillInstruction(runTemplate(config, manifest), instruction);
  const task = (config['task'] ?? {}) as RecordedTaskShape;
  const examples = store.getExampleResults(runId, best.key, { limit: PAGE });
  const scorer = (run.summary.usage.byRole['scorer'] ?? null) as (Record<string, number> | null);
  const paidCalls = scorer ? (scorer['calls'] ?? 0) - (scorer['cachedCalls'] ?? 0) : 0;
  const cost = scorer && typeof scorer['costUsd'] === 'number' && paidCalls > 0 ? (scorer['costUsd'] / paidCalls) * 1000 : null;
  const calls = scorer?.['calls'] ?? 0;
  return {
    format: 'opro-prompt',
    formatVersion: 1,
    prompt: filled.kind === 'text' ? { text: filled.text } : { messages: filled.messages.map(({ role, content }) => ({ role, content })) },
    variables: allTemplateVariables(filled),
    instruction,
    card: {
      task: typeof task.name === 'string' ? task.name : (run.dataset ?? 'instructions'),
      taskFile: typeof task.file === 'string' ? task.file : null,
      runId,
      models: { scorer: run.scorer, optimizer: run.optimizer, judge: typeof task.judge === 'string' ? task.judge : null },
      metric: typeof task.metricDescription === 'string' ? task.metricDescription : typeof task.metric === 'string' ? task.metric : 'answer',
      train: meanScoreInterval(scoresOf(examples.filter((row) => row.split === 'train'))),
      heldOut: meanScoreInterval(scoresOf(examples.filter((row) => row.split === 'test'))),
      costPer1000Calls: cost,
      tokensPerCall: calls > 0 && scorer ? { input: Math.round((scorer['inputTokens'] ?? 0) / calls), output: Math.round((scorer['outputTokens'] ?? 0) / calls) } : null,
    },
  };
}

/** The card as a few lines of Markdown, to keep beside the prompt. */
export function formatPromptCard(exported: ExportedPrompt): string {
  const { card } = exported;
  const score = (value: MeanScore | null): string => (value ? `${formatMeanScore(value)} (mean score, 95% Wilson interval)` : 'not measured');
  const lines = [
    `# ${card.task}: optimized prompt`,
    '',
    `- run: ${card.runId}${card.taskFile ? ` (task file ${card.taskFile})` : ''}`,
    `- models: scorer ${card.models.scorer ?? '?'}, optimizer ${card.models.optimizer ?? '?'}${card.models.judge ? `, judge ${card.models.judge}` : ''}`,
    `- metric: ${card.metric}`,
    `- train score: ${score(card.train)}`,
    `- held-out score: ${score(card.heldOut)}`,
    `- cost: ${card.costPer1000Calls === null ? 'unknown (no price for the scorer, or every call was cached)' : `$${card.costPer1000Calls.toFixed(4)} per 1,000 calls`}` +
      (card.tokensPerCall ? ` (about ${card.tokensPerCall.input} input + ${card.tokensPerCall.output} output tokens per call)` : ''),
    `- variables: ${exported.variables.length > 0 ? exported.variables.map((name) => `{{${name}}}`).join(', ') : 'none'}`,
    '',
    '## Prompt',
    '',
  ];
  if ('text' in exported.prompt) lines.push('```', exported.prompt.text, '```');
  else for (const message of exported.prompt.messages) lines.push(`**${message.role}**`, '', '```', message.content, '```', '');
  return lines.join('\n').trimEnd() + '\n';
}
