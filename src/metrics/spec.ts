/**
 * How a task file writes a metric (validated with zod, so errors name the key path). Every metric
 * gives a score in [0, 1] and optional feedback; `weighted` combines several.
 *
 *   { type: answer, answerType?: number|boolean|choice|text, mode?: fixed|reference }
 *   { type: contains | not-contains, value? | field?, caseSensitive? }      (default: the gold answer)
 *   { type: regex, pattern, flags?, negate? }
 *   { type: numeric, tolerance?, relative?, value? | field? }
 *   { type: json-field, pointer: /label, value? | field?, caseSensitive? }
 *   { type: json-schema, schema: {...} | schemaFile: ./schema.json }
 *   { type: token-f1, value? | field? }
 *   { type: max-length, max, unit?: chars|words }
 *   { type: js, module: ./metric.mjs }
 *   { type: judge, rubric: "..." | rubricFile: ./rubric.md, input?, scale?: [min, max], showReference?,
 *     model?, temperature?, maxTokens? }
 *   { type: weighted, parts: [ { weight, metric: {...} }, ... ] }
 */
import { z } from 'zod';

const fieldName = z.string({ error: 'expected a field name' }).min(1, { error: 'expected a field name' });
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' });
const expectedSource = { value: scalar.optional(), field: fieldName.optional() };

function oneSource(spec: { value?: unknown; field?: unknown }, ctx: z.RefinementCtx): void {
  if (spec.value !== undefined && spec.field !== undefined) ctx.addIssue({ code: 'custom', path: ['field'], message: 'use either value or field, not both' });
}

const answerSpec = z.strictObject({
  type: z.literal('answer'),
  answerType: z.enum(['number', 'boolean', 'choice', 'text'], { error: 'expected number, boolean, choice or text' }).optional(),
  mode: z.enum(['fixed', 'reference'], { error: 'expected fixed or reference' }).optional(),
});

const containsSpec = z.strictObject({ type: z.enum(['contains', 'not-contains']), ...expectedSource, caseSensitive: z.boolean().optional() }).superRefine(oneSource);

const regexSpec = z
  .strictObject({ type: z.literal('regex'), pattern: z.string({ error: 'expected a regular expression' }), flags: z.string().regex(/^[dgimsuvy]*$/, { error: 'expected regex flags such as i, m, s' }).optional(), negate: z.boolean().optional() })
  .superRefine((spec, ctx) => {
    try {
      new RegExp(spec.pattern, (spec.flags ?? '').replace(/g|y/g, ''));
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `invalid regular expression: ${(error as Error).message}` });
    }
  });

const numericSpec = z
  .strictObject({ type: z.literal('numeric'), tolerance: z.number().nonnegative({ error: 'expected a non-negative number' }).optional(), relative: z.boolean().optional(), ...expectedSource })
  .superRefine(oneSource);

const jsonFieldSpec = z.strictObject({
  type: z.literal('json-field'),
  pointer: z.string({ error: 'expected a JSON Pointer such as /label' }).refine((p) => p === '' || p.startsWith('/'), { error: "expected a JSON Pointer such as /label (it starts with '/')" }),
  value: z.json().optional(),
  field: fieldName.optional(),
  caseSensitive: z.boolean().optional(),
}).superRefine(oneSource);

const jsonSchemaSpec = z
  .strictObject({ type: z.literal('json-schema'), schema: z.record(z.string(), z.json()).optional(), schemaFile: z.string().min(1).optional() })
  .superRefine((spec, ctx) => {
    if ((spec.schema === undefined) === (spec.schemaFile === undefined)) ctx.addIssue({ code: 'custom', path: ['schema'], message: 'give exactly one of schema or schemaFile' });
  });

const tokenF1Spec = z.strictObject({ type: z.literal('token-f1'), ...expectedSource }).superRefine(oneSource);

const maxLengthSpec = z.strictObject({
  type: z.literal('max-length'),
  max: z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' }),
  unit: z.enum(['chars', 'words'], { error: 'expected chars or words' }).optional(),
});

const jsSpec = z.strictObject({ type: z.literal('js'), module: z.string({ error: 'expected the path of a .mjs/.js module' }).min(1, { error: 'expected the path of a .mjs/.js module' }) });

export const judgeScaleSpec = z
  .tuple([z.number(), z.number()], { error: 'expected [min, max], e.g. [1, 10]' })
  .refine(([min, max]) => max > min, { error: 'expected [min, max] with max above min' });

const judgeSpec = z
  .strictObject({
    type: z.literal('judge'),
    rubric: z.string().min(1, { error: 'the rubric is empty' }).optional(),
    rubricFile: z.string().min(1).optional(),
    input: z.string().min(1).optional(),
    scale: judgeScaleSpec.optional(),
    showReference: z.boolean().optional(),
    model: z.string().min(1, { error: 'expected a model alias or spec' }).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
  })
  .superRefine((spec, ctx) => {
    if ((spec.rubric === undefined) === (spec.rubricFile === undefined)) ctx.addIssue({ code: 'custom', path: ['rubric'], message: 'give exactly one of rubric or rubricFile' });
  });

export type MetricSpec =
  | z.infer<typeof answerSpec>
  | z.infer<typeof containsSpec>
  | z.infer<typeof regexSpec>
  | z.infer<typeof numericSpec>
  | z.infer<typeof jsonFieldSpec>
  | z.infer<typeof jsonSchemaSpec>
  | z.infer<typeof tokenF1Spec>
  | z.infer<typeof maxLengthSpec>
  | z.infer<typeof jsSpec>
  | z.infer<typeof judgeSpec>
  | { type: 'weighted'; parts: { weight: number; metric: MetricSpec }[] };

export type JudgeMetricSpec = z.infer<typeof judgeSpec>;

const METRIC_TYPES = ['answer', 'contains', 'not-contains', 'regex', 'numeric', 'json-field', 'json-schema', 'token-f1', 'max-length', 'js', 'judge', 'weighted'] as const;

export const metricSpecSchema: z.ZodType<MetricSpec> = z.lazy(() =>
  z.discriminatedUnion(
    'type',
    [
      answerSpec,
      containsSpec,
      regexSpec,
      numericSpec,
      jsonFieldSpec,
      jsonSchemaSpec,
      tokenF1Spec,
      maxLengthSpec,
      jsSpec,
      judgeSpec,
      z.strictObject({
        type: z.literal('weighted'),
        parts: z
          .array(z.strictObject({ weight: z.number().positive({ error: 'expected a positive weight' }), metric: metricSpecSchema }), { error: 'expected a list of { weight, metric }' })
          .min(1, { error: 'expected at least one part' }),
      }),
    ],
    { error: `expected a metric with type one of: ${METRIC_TYPES.join(', ')}` },
  ),
) as z.ZodType<MetricSpec>;

/** Every judge in a metric spec (a weighted metric may hold several). */
export function judgeSpecs(spec: MetricSpec): JudgeMetricSpec[] {
  if (spec.type === 'judge') return [spec];
  if (spec.type === 'weighted') return spec.parts.flatMap((part) => judgeSpecs(part.metric));
  return [];
}
