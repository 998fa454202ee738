/**
 * Keeps secrets out of error messages. Provider error bodies sometimes echo the key back
 * (OpenAI: "Incorrect API key provided: sk-abc***xyz"), and messages end up in logs and run files.
 */

const REDACTED = '[redacted]';
/** Shorter secrets would redact ordinary words. */
const MIN_SECRET_LENGTH = 6;

const KEY_LIKE_PATTERNS: readonly RegExp[] = [
  /\bBearer\s+\S+/gi, // an Authorization header value
  /\bsk-[A-Za-z0-9_\-*]{6,}/g, // OpenAI / Anthropic style keys, including masked echoes
  /\bAIza[0-9A-Za-z_\-]{20,}/g, // Google API keys
  /\S*\*{4,}\S*/g, // a masked key echo such as "abcd********wxyz"
  /([?&](?:key|api_key|apikey|token)=)[^&\s]+/gi, // keys in query strings
];

export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of KEY_LIKE_PATTERNS) {
    result = result.replace(pattern, (match, queryPrefix: unknown) =>
      typeof queryPrefix === 'string' && match.startsWith(queryPrefix) ? `${queryPrefix}${REDACTED}` : REDACTED,
    );
  }
  return result;
}
