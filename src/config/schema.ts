/**
 * The opro config file: `opro.config.json`, `opro.config.yaml` or `opro.config.yml` in the working
 * folder, or any file given with `--config <path>`. Every key is optional; unknown keys are errors
 * (a typo must not be silently ignored). Shape:
 *
 *   {
 *     "models": {                         // named model settings ("aliases")
 *       "<alias>": {
 *         "spec": "openai:gpt-4o-mini",    // provider:model
 *         "baseURL": "http://host:8000/v1", // optional endpoint (OpenAI-compatible servers, Ollama)
 *         "apiKeyEnv": "OPENAI_API_KEY",   // the NAME of the env var holding the key, never the key
 *         "endpoints": [                   // several servers of one model (instead of baseURL)
 *           { "baseURL": "http://gpu1:8000/v1", "apiKeyEnv": "VLLM_KEY", "concurrency": 16 }
 *         ],
 *         "concurrency": 8,                // calls in flight (per endpoint)
 *         "maxRetries": 6,
 *         "timeoutMs": 120000,
 *         "rpm": 500,                      // requests per minute
 *         "price": { "inputPerMTok": 0.15, "outputPerMTok": 0.6, "cachedInputPerMTok": 0.075 }
 *       }
 *     },
 *     "scorer": "<alias or spec>",
 *     "optimizer": "<alias or spec>",
 *     "defaults": {                       // defaults for CLI flags
 *       "steps": 200, "candidatesPerStep": 8, "budgetUsd": 20, "budgetCalls": 500000,
 *       "budgetTokens": 100000000, "cache": true, "cachePath": ".opro/cache.sqlite", "seed": 0
 *     }
 *   }
 *
 * Keys are never stored in the config: a model's `apiKeyEnv` names an environment variable.
 */
import { z } from 'zod';

const POSITIVE_INTEGER = 'expected a positive integer';
const NON_NEGATIVE_INTEGER = 'expected a non-negative integer';
const NON_NEGATIVE_NUMBER = 'expected a non-negative number';
const POSITIVE_NUMBER = 'expected a positive number';
const SPEC_FORMAT = "expected a model spec like 'openai:gpt-4o-mini'";
const ENV_NAME = 'expected the NAME of an environment variable (e.g. OPENAI_API_KEY), not a key';
const URL_FORMAT = 'expected an http(s) URL';
const ALIAS_FORMAT = "expected an alias of letters, digits, '-' or '_' (no ':'), starting with a letter";

/** provider:model, the provider a lowercase word. */
export const SPEC_PATTERN = /^[a-z][a-z0-9-]*:\S.*$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ALIAS_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** Shapes of real keys, so a pasted key is rejected even when it happens to be a valid name. */
const SECRET_PREFIXES = /^(sk-|sk_|AIza|gsk_|xai-|hf_|pk-)/;
const SECRET_MIN_LENGTH = 32;

export function looksLikeSecret(value: string): boolean {
  return SECRET_PREFIXES.test(value) || (value.length >= SECRET_MIN_LENGTH && /[a-z]/.test(value) && /\d/.test(value));
}

const positiveInteger = z.number({ error: POSITIVE_INTEGER }).int({ error: POSITIVE_INTEGER }).positive({ error: POSITIVE_INTEGER });
const nonNegativeInteger = z.number({ error: NON_NEGATIVE_INTEGER }).int({ error: NON_NEGATIVE_INTEGER }).nonnegative({ error: NON_NEGATIVE_INTEGER });
const nonNegativeNumber = z.number({ error: NON_NEGATIVE_NUMBER }).nonnegative({ error: NON_NEGATIVE_NUMBER });
const positiveNumber = z.number({ error: POSITIVE_NUMBER }).positive({ error: POSITIVE_NUMBER });
const modelSpec = z.string({ error: SPEC_FORMAT }).regex(SPEC_PATTERN, { error: SPEC_FORMAT });
const envVarName = z
  .string({ error: ENV_NAME })
  .regex(ENV_NAME_PATTERN, { error: ENV_NAME })
  .refine((value) => !looksLikeSecret(value), { error: ENV_NAME });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
const baseURL = z.string({ error: URL_FORMAT }).refine(isHttpUrl, { error: URL_FORMAT });

export const priceSchema = z.strictObject({
  inputPerMTok: nonNegativeNumber,
  outputPerMTok: nonNegativeNumber,
  cachedInputPerMTok: nonNegativeNumber.optional(),
});

export const endpointSchema = z.strictObject({
  baseURL,
  apiKeyEnv: envVarName.optional(),
  concurrency: positiveInteger.optional(),
});

export const modelSettingsSchema = z
  .strictObject({
    spec: modelSpec,
    baseURL: baseURL.optional(),
    apiKeyEnv: envVarName.optional(),
    endpoints: z.array(endpointSchema, { error: 'expected a list of endpoints' }).min(1, { error: 'expected at least one endpoint' }).optional(),
    concurrency: positiveInteger.optional(),
    maxRetries: nonNegativeInteger.optional(),
    timeoutMs: positiveInteger.optional(),
    rpm: positiveNumber.optional(),
    price: priceSchema.optional(),
  })
  .superRefine((model, ctx) => {
    if (model.baseURL !== undefined && model.endpoints !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'use either baseURL or endpoints, not both' });
    }
  });

export const defaultsSchema = z.strictObject({
  steps: nonNegativeInteger.optional(),
  candidatesPerStep: positiveInteger.optional(),
  budgetUsd: nonNegativeNumber.optional(),
  budgetCalls: nonNegativeInteger.optional(),
  budgetTokens: nonNegativeInteger.optional(),
  cache: z.boolean({ error: 'expected true or false' }).optional(),
  cachePath: z.string({ error: 'expected a file path' }).min(1, { error: 'expected a file path' }).optional(),
  seed: z.number({ error: 'expected an integer' }).int({ error: 'expected an integer' }).optional(),
});

const modelRef = z.string({ error: 'expected a model alias or spec' }).min(1, { error: 'expected a model alias or spec' });

export const configSchema = z
  .strictObject({
    /** Editors' JSON-schema hint; ignored. */
    $schema: z.string().optional(),
    models: z.record(z.string().regex(ALIAS_PATTERN, { error: ALIAS_FORMAT }), modelSettingsSchema, { error: 'expected an object of model aliases' }).optional(),
    scorer: modelRef.optional(),
    optimizer: modelRef.optional(),
    defaults: defaultsSchema.optional(),
  })
  .superRefine((config, ctx) => {
    for (const role of ['scorer', 'optimizer'] as const) {
      const ref = config[role];
      if (ref === undefined || config.models?.[ref]) continue;
      if (!ref.includes(':')) {
        ctx.addIssue({ code: 'custom', path: [role], message: `unknown model alias '${ref}'; define it under models or write a spec like openai:gpt-4o-mini` });
      } else if (!SPEC_PATTERN.test(ref)) {
        ctx.addIssue({ code: 'custom', path: [role], message: SPEC_FORMAT });
      }
    }
  });

export type OproConfig = z.infer<typeof configSchema>;
export type ModelSettings = z.infer<typeof modelSettingsSchema>;
export type EndpointSettings = z.infer<typeof endpointSchema>;
export type PriceSettings = z.infer<typeof priceSchema>;
export type ConfigDefaults = z.infer<typeof defaultsSchema>;
