/**
 * The task file (`opro optimize --task task.yaml`, or the same object in the library): what to
 * optimize for a real application. Unknown keys are errors, and every error names its key path.
 *
 *   name: support-tickets                  # optional, shown in reports and the exported card
 *   description: Label support tickets by the team that handles them.   # optional, named in the meta-prompt
 *   dataset:
 *     file: ./tickets.jsonl                 # or builtin: gsm8k | bbh/navigate | ...
 *     input: ticket                         # the field shown as the question (default: first prompt field)
 *     target: label                         # the gold-answer field (optional for judge-only tasks)
 *     answerType: text                      # number | boolean | choice | text (for type: answer)
 *   prompt:                                 # one of:
 *     preset: Q_begin                       #   the paper's positions (includeQA: true adds Q:/A:)
 *     text: "{{instruction}}\n\n{{ticket}}" #   a text template
 *     messages:                             #   chat turns; turns without variables are few-shot turns
 *       - { role: system, content: "{{instruction}}" }
 *       - { role: user, content: "{{ticket}}" }
 *   metric: { type: answer }                # see src/metrics/spec.ts
 *   models: { scorer: ..., optimizer: ..., judge: ... }   # aliases or specs; CLI flags override
 *   judge: { concurrency: 4, budgetShare: 0.3 }
 *   judgeCheck: { file: ./labelled.jsonl, output: reply, label: human }   # for `opro judge-check`
 *   optimize: { steps: 20, candidatesPerStep: 4, initialInstructions: [...], ... }
 *   budget: { usd: 5, calls: 20000, tokens: 5000000 }
 */
import { z } from 'zod';
import { metricSpecSchema } from '../metrics/spec.js';
import { INSTRUCTION_POSITIONS, META_PROMPT_STYLES } from '../problems/instructions/types.js';

const nonEmpty = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });
const positiveInteger = z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' });
const nonNegativeInteger = z.number({ error: 'expected a non-negative integer' }).int({ error: 'expected a non-negative integer' }).nonnegative({ error: 'expected a non-negative integer' });
const nonNegativeNumber = z.number({ error: 'expected a non-negative number' }).nonnegative({ error: 'expected a non-negative number' });

const datasetSchema = z
  .strictObject({
    file: nonEmpty('a path to a .jsonl, .csv or .json file').optional(),
    builtin: nonEmpty('a built-in dataset name such as gsm8k or bbh/navigate').optional(),
    format: z.enum(['jsonl', 'csv', 'json'], { error: 'expected jsonl, csv or json' }).optional(),
    input: nonEmpty('a field name').optional(),
    target: nonEmpty('a field name').optional(),
    answerType: z.enum(['number', 'boolean', 'choice', 'text'], { error: 'expected number, boolean, choice or text' }).optional(),
    description: nonEmpty('a short task phrase').optional(),
  })
  .superRefine((dataset, ctx) => {
    if ((dataset.file === undefined) === (dataset.builtin === undefined)) ctx.addIssue({ code: 'custom', path: ['file'], message: 'give exactly one of file or builtin' });
  });

const messageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant'], { error: 'expected system, user or assistant' }),
  content: z.string({ error: 'expected the text of the turn' }),
});

const promptSchema = z
  .strictObject({
    preset: z.enum(INSTRUCTION_POSITIONS as [string, ...string[]], { error: `expected one of ${INSTRUCTION_POSITIONS.join(', ')}` }).optional(),
    includeQA: z.boolean({ error: 'expected true or false' }).optional(),
    text: z.string({ error: 'expected the template text' }).optional(),
    messages: z.array(messageSchema, { error: 'expected a list of { role, content } turns' }).min(1, { error: 'expected at least one turn' }).optional(),
    /**
     * Custom templates: show the optimizer the paper's exemplars for this position instead of the
     * template itself (by default the meta-prompt shows each exemplar through the template, <INS> in place).
     */
    position: z.enum(INSTRUCTION_POSITIONS as [string, ...string[]], { error: `expected one of ${INSTRUCTION_POSITIONS.join(', ')}` }).optional(),
  })
  .superRefine((prompt, ctx) => {
    const given = [prompt.preset, prompt.text, prompt.messages].filter((value) => value !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of preset, text or messages' });
    if (prompt.includeQA !== undefined && prompt.preset === undefined) ctx.addIssue({ code: 'custom', path: ['includeQA'], message: 'includeQA applies to a preset only' });
  });

const modelRef = nonEmpty('a model alias or spec such as openai:gpt-4o-mini');

const optimizeSchema = z.strictObject({
  preset: z.literal('paper', { error: 'expected paper' }).optional(),
  steps: nonNegativeInteger.optional(),
  candidatesPerStep: positiveInteger.optional(),
  style: z.enum(META_PROMPT_STYLES as [string, ...string[]], { error: `expected one of ${META_PROMPT_STYLES.join(', ')}` }).optional(),
  initialInstructions: z.array(z.string({ error: 'expected an instruction' }), { error: 'expected a list of instructions' }).min(1, { error: 'expected at least one instruction' }).optional(),
  seed: z.number().int({ error: 'expected an integer' }).optional(),
  trainRatio: z.number().gt(0, { error: 'expected a number in (0, 1)' }).lt(1, { error: 'expected a number in (0, 1)' }).optional(),
  trainLimit: positiveInteger.optional(),
  testLimit: positiveInteger.optional(),
  evalTop: nonNegativeInteger.optional(),
  exemplarCount: nonNegativeInteger.optional(),
  scorerTemperature: nonNegativeNumber.optional(),
  scorerMaxTokens: positiveInteger.optional(),
  optimizerTemperature: nonNegativeNumber.optional(),
  maxInstructionLength: positiveInteger.optional(),
  racing: z.boolean().optional(),
  /** Show the optimizer a few of the worst-scored examples with their feedback (off by default). */
  feedbackExamples: nonNegativeInteger.optional(),
});

export const taskFileSchema = z.strictObject({
  $schema: z.string().optional(),
  name: nonEmpty('a name').optional(),
  /** What the application does, in a sentence: the optimizer's meta-prompt names the task with it (custom templates). */
  description: nonEmpty('a sentence saying what the task is').optional(),
  dataset: datasetSchema,
  prompt: promptSchema,
  metric: metricSpecSchema.optional(),
  models: z.strictObject({ scorer: modelRef.optional(), optimizer: modelRef.optional(), judge: modelRef.optional() }).optional(),
  judge: z
    .strictObject({
      concurrency: positiveInteger.optional(),
      /** Fraction of the run's budget the judge may spend (0-1). */
      budgetShare: z.number().gt(0, { error: 'expected a fraction in (0, 1]' }).max(1, { error: 'expected a fraction in (0, 1]' }).optional(),
    })
    .optional(),
  /** A labelled set for `opro judge-check`: outputs with a human's label, scored by the task's judge. */
  judgeCheck: z
    .strictObject({
      file: nonEmpty('a path to a .jsonl, .csv or .json file'),
      /** The field holding the output to judge. */
      output: nonEmpty('a field name'),
      /** The field holding the human label: pass/fail (yes/no, true/false, 1/0) or a number on the judge's scale. */
      label: nonEmpty('a field name'),
      /** Judge scores at or above this (on its scale) count as pass; default the middle of the scale. */
      passAt: z.number().optional(),
      /** Warn below this Cohen's kappa (default 0.6, "substantial" agreement). */
      minKappa: z.number().min(-1, { error: 'expected a number in [-1, 1]' }).max(1, { error: 'expected a number in [-1, 1]' }).optional(),
    })
    .optional(),
  optimize: optimizeSchema.optional(),
  budget: z.strictObject({ usd: nonNegativeNumber.optional(), calls: nonNegativeInteger.optional(), tokens: nonNegativeInteger.optional() }).optional(),
});

export type TaskFile = z.infer<typeof taskFileSchema>;
export type TaskOptimizeSettings = z.infer<typeof optimizeSchema>;
