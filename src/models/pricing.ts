/**
 * Prices of common cloud models, in USD per million tokens, and the cost of a call.
 *
 * The catalogue is taken from the models.dev data (as shipped in tokenlens' offline snapshot and the
 * providers' price pages), as of 2025-11. It is small on purpose: the models people run OPRO with.
 * Resolution order for a model: a price from the config (per spec) > free for local models (not a
 * cloud provider's API on a loopback URL, which may be a paid proxy) >
 * this catalogue > tokenlens' offline models.dev snapshot > 'unknown'. An unknown cloud price is
 * reported as unknown, never as 0, so nobody mistakes an unpriced run for a free one.
 *
 * Notes: gemini-2.5-pro is priced at its <=200k-token prompt tier (OPRO prompts are far shorter);
 * dated snapshots (gpt-4o-2024-08-06, claude-sonnet-4-20250514) get their family's current price.
 */
import { defaultCatalog, getModelMeta } from 'tokenlens';
import type { LanguageModel, TokenUsage } from './types.js';

export const PRICE_CATALOGUE_DATE = '2025-11';
const TOKENS_PER_MILLION = 1_000_000;

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Price of prompt tokens served from the provider's prompt cache; default: the input price. */
  cachedInputPerMTok?: number;
}

export type PriceSource = 'config' | 'catalogue' | 'tokenlens';

export type PriceResolution =
  | { kind: 'priced'; price: ModelPrice; source: PriceSource }
  | { kind: 'free' }
  | { kind: 'unknown' };

/** Per-spec overrides, e.g. from the config file: `{ 'openai:gpt-4o-mini': { ... } }`. */
export type PriceOverrides = Readonly<Record<string, ModelPrice>>;

function p(inputPerMTok: number, outputPerMTok: number, cachedInputPerMTok?: number): ModelPrice {
  return cachedInputPerMTok === undefined ? { inputPerMTok, outputPerMTok } : { inputPerMTok, outputPerMTok, cachedInputPerMTok };
}

/** Keyed by `<provider>:<model id>` with the canonical provider name (see PROVIDER_ALIASES). */
export const PRICE_CATALOGUE: Readonly<Record<string, ModelPrice>> = Object.freeze({
  // OpenAI
  'openai:gpt-4o': p(2.5, 10, 1.25),
  'openai:gpt-4o-mini': p(0.15, 0.6, 0.075),
  'openai:gpt-4.1': p(2, 8, 0.5),
  'openai:gpt-4.1-mini': p(0.4, 1.6, 0.1),
  'openai:gpt-4.1-nano': p(0.1, 0.4, 0.025),
  'openai:gpt-5': p(1.25, 10, 0.125),
  'openai:gpt-5-mini': p(0.25, 2, 0.025),
  'openai:gpt-5-nano': p(0.05, 0.4, 0.005),
  'openai:o1': p(15, 60, 7.5),
  'openai:o1-mini': p(1.1, 4.4, 0.55),
  'openai:o3': p(2, 8, 0.5),
  'openai:o3-mini': p(1.1, 4.4, 0.55),
  'openai:o4-mini': p(1.1, 4.4, 0.275),
  // The paper's optimizers.
  'openai:gpt-3.5-turbo': p(0.5, 1.5),
  'openai:gpt-4': p(30, 60),
  'openai:gpt-4-turbo': p(10, 30),
  // Anthropic (cached = cache read)
  'anthropic:claude-opus-4-5': p(5, 25, 0.5),
  'anthropic:claude-opus-4-1': p(15, 75, 1.5),
  'anthropic:claude-opus-4': p(15, 75, 1.5),
  'anthropic:claude-sonnet-4-5': p(3, 15, 0.3),
  'anthropic:claude-sonnet-4': p(3, 15, 0.3),
  'anthropic:claude-3-7-sonnet': p(3, 15, 0.3),
  'anthropic:claude-3-5-sonnet': p(3, 15, 0.3),
  'anthropic:claude-haiku-4-5': p(1, 5, 0.1),
  'anthropic:claude-3-5-haiku': p(0.8, 4, 0.08),
  'anthropic:claude-3-haiku': p(0.25, 1.25, 0.03),
  // Google Gemini
  'google:gemini-2.5-pro': p(1.25, 10, 0.31),
  'google:gemini-2.5-flash': p(0.3, 2.5, 0.075),
  'google:gemini-2.5-flash-lite': p(0.1, 0.4, 0.025),
  'google:gemini-2.0-flash': p(0.1, 0.4, 0.025),
  'google:gemini-2.0-flash-lite': p(0.075, 0.3),
});

/** Providers whose API is billed by the token wherever it is reached from. */
const CLOUD_PROVIDERS: ReadonlySet<string> = new Set(['openai', 'anthropic', 'google']);

/** Provider names as users and providers may write them, mapped to the catalogue's. */
const PROVIDER_ALIASES: Readonly<Record<string, string>> = { gemini: 'google', 'google-generative-ai': 'google' };

/** Suffixes that name a snapshot of a model family: dates, `-latest`, Anthropic's `-0` aliases. */
const SNAPSHOT_SUFFIXES: readonly RegExp[] = [/-\d{4}-\d{2}-\d{2}$/, /-\d{8}$/, /-latest$/, /-0$/];

function canonicalProvider(provider: string): string {
  const lower = provider.toLowerCase();
  return PROVIDER_ALIASES[lower] ?? lower;
}

function canonicalModelId(modelId: string): string {
  let id = modelId.toLowerCase().replace(/^models\//, '');
  for (const suffix of SNAPSHOT_SUFFIXES) id = id.replace(suffix, '');
  return id;
}

/** The catalogue price of `provider:modelId`, trying the exact id and then its family name. */
export function cataloguePrice(provider: string, modelId: string): ModelPrice | undefined {
  const prov = canonicalProvider(provider);
  return PRICE_CATALOGUE[`${prov}:${modelId.toLowerCase()}`] ?? PRICE_CATALOGUE[`${prov}:${canonicalModelId(modelId)}`];
}

/** tokenlens' offline models.dev snapshot, for cloud models the catalogue does not list. */
function tokenlensPrice(provider: string, modelId: string): ModelPrice | undefined {
  try {
    const meta = getModelMeta({ providers: defaultCatalog, provider: canonicalProvider(provider), model: modelId }) as
      | { cost?: { input?: unknown; output?: unknown; cache_read?: unknown } }
      | undefined;
    const cost = meta?.cost;
    if (!cost || typeof cost.input !== 'number' || typeof cost.output !== 'number') return undefined;
    return p(cost.input, cost.output, typeof cost.cache_read === 'number' ? cost.cache_read : undefined);
  } catch {
    return undefined;
  }
}

export function resolvePrice(
  model: Pick<LanguageModel, 'spec' | 'provider' | 'modelId' | 'isLocal'>,
  overrides: PriceOverrides = {},
): PriceResolution {
  const configured = overrides[model.spec] ?? overrides[`${model.provider}:${model.modelId}`];
  if (configured) return { kind: 'priced', price: configured, source: 'config' };
  // A cloud API on a loopback URL may be a paid proxy (LiteLLM, a tunnel): it is free only when priced so.
  if (model.isLocal && !CLOUD_PROVIDERS.has(canonicalProvider(model.provider))) return { kind: 'free' };
  const listed = cataloguePrice(model.provider, model.modelId);
  if (listed) return { kind: 'priced', price: listed, source: 'catalogue' };
  const snapshot = tokenlensPrice(model.provider, model.modelId);
  if (snapshot) return { kind: 'priced', price: snapshot, source: 'tokenlens' };
  return { kind: 'unknown' };
}

/**
 * USD cost of `usage`. Cached prompt tokens are a part of inputTokens billed at the cached price;
 * reasoning tokens are assumed to be included in outputTokens (as the AI SDK reports them).
 */
export function costUsd(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  const cachedPrice = price.cachedInputPerMTok ?? price.inputPerMTok;
  return (uncached * price.inputPerMTok + cached * cachedPrice + usage.outputTokens * price.outputPerMTok) / TOKENS_PER_MILLION;
}

/** USD cost of `usage` under a resolution: 0 when free, undefined when unknown. */
export function resolvedCostUsd(usage: TokenUsage, resolution: PriceResolution): number | undefined {
  if (resolution.kind === 'free') return 0;
  if (resolution.kind === 'unknown') return undefined;
  return costUsd(usage, resolution.price);
}
