/**
 * AI SDK usage -> TokenUsage. Semantics (same for every provider, as the AI SDK normalises them):
 * inputTokens includes cached input tokens; outputTokens includes reasoning tokens.
 * A number a provider did not report is 0, never NaN, so meters can always add.
 */
import type { LanguageModelUsage } from 'ai';
import type { TokenUsage } from '../types.js';

/** The fields we read; older and newer AI SDK shapes both fit. */
type AiSdkUsageLike = Partial<Pick<LanguageModelUsage, 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'reasoningTokens'>> & {
  inputTokenDetails?: Partial<LanguageModelUsage['inputTokenDetails']>;
  outputTokenDetails?: Partial<LanguageModelUsage['outputTokenDetails']>;
};

export function usageFromAiSdk(usage: AiSdkUsageLike | undefined): TokenUsage {
  return {
    inputTokens: count(usage?.inputTokens),
    outputTokens: count(usage?.outputTokens),
    cachedInputTokens: count(usage?.inputTokenDetails?.cacheReadTokens ?? usage?.cachedInputTokens),
    reasoningTokens: count(usage?.outputTokenDetails?.reasoningTokens ?? usage?.reasoningTokens),
  };
}

/** A token count, or 0 when missing or nonsensical. */
export function count(value: number | undefined | null): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
