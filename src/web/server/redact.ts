/**
 * Defensive secret filtering of every API response. Manifests record environment variable NAMES
 * only, but a user's config, an error message or a pasted instruction could still carry a key: any
 * value shaped like a provider key or bearer token is replaced before it leaves the process.
 */

export const REDACTED = '[redacted]';

/** Shapes of credentials from the providers opro talks to, plus generic bearer tokens. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\bsk-(?:proj-|ant-|or-)?[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic, OpenRouter
  /\bAIza[0-9A-Za-z_-]{30,}/g, // Google
  /\b(?:gsk|hf|xai|ghp|gho|ghs|github_pat|glpat|r8)_[A-Za-z0-9_-]{16,}/g, // Groq, Hugging Face, xAI, GitHub, GitLab, Replicate
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bBearer\s+[A-Za-z0-9._~+/-]{12,}=*/gi,
];

/**
 * Object keys whose string values are secrets unless they are an environment variable's name. A bare
 * `key` is not one: candidates' dedup keys (md5 hex, "w,b") are called that all over the API.
 */
const SECRET_KEY = /(?:api[-_]?key|secret|password|passwd|authorization|auth[-_]?token|access[-_]?token|refresh[-_]?token|bearer)/i;
/** `OPENAI_API_KEY`: naming a variable is fine, and is what manifests are meant to hold. */
const ENV_VAR_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Deeper than any manifest; stops a pathological value from recursing without end. */
const MAX_DEPTH = 64;

export function redactText(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/** A copy of `value` with secret-looking strings replaced; numbers, booleans and shapes are kept. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = typeof inner === 'string' && SECRET_KEY.test(key) && !ENV_VAR_NAME.test(inner) && inner !== '' ? REDACTED : redact(inner, depth + 1);
  }
  return out;
}
