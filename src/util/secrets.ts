/**
 * The actual secret values this process knows (API keys in the environment, passwords in base URLs),
 * so that a model that echoes one back, or a base URL with credentials, never puts it into the run
 * store, a manifest, the terminal or an export. Pattern-based redaction (providers/redact.ts,
 * web/server/redact.ts) catches key-shaped strings; this catches the exact values, whatever their shape.
 */

export const REDACTED = '[redacted]';
/** Shorter values would redact ordinary words. */
const MIN_SECRET_LENGTH = 8;
/** Environment variables whose values are secrets: OPENAI_API_KEY, HF_TOKEN, MY_SECRET, DB_PASSWORD, ... */
const SECRET_ENV_NAME = /(?:API_?KEY|_KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;

type Env = Readonly<Record<string, string | undefined>>;

/** User name and password of a URL, when it has them. */
function urlCredentials(value: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value)) return [];
  try {
    const url = new URL(value);
    return [decodeURIComponent(url.password), decodeURIComponent(url.username), url.password, url.username].filter(Boolean);
  } catch {
    return [];
  }
}

/** Secret values found in `env`: variables named like keys, plus credentials inside any URL value. */
export function secretValues(env: Env = process.env, extraNames: readonly string[] = []): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_ENV_NAME.test(name) || extraNames.includes(name)) found.add(value.trim());
    for (const part of urlCredentials(value)) found.add(part);
  }
  // Longest first, so a value containing another is replaced whole.
  return [...found].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

let cached: { env: Env; values: string[] } | null = null;

/** The process's secret values, read once (tests that change process.env call resetKnownSecrets). */
export function knownSecrets(): string[] {
  if (!cached || cached.env !== process.env) cached = { env: process.env, values: secretValues(process.env) };
  return cached.values;
}

export function resetKnownSecrets(): void {
  cached = null;
}

/** `text` with every known secret value replaced by [redacted]. */
export function redactKnownSecrets(text: string, secrets: readonly string[] = knownSecrets()): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of `value` (an event, a manifest) with known secret values replaced in every string. */
export function redactKnownSecretsDeep<T>(value: T, secrets: readonly string[] = knownSecrets(), depth = 0): T {
  if (secrets.length === 0 || depth > 32) return value;
  if (typeof value === 'string') return redactKnownSecrets(value, secrets) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactKnownSecretsDeep(item, secrets, depth + 1)) as T;
  if (value instanceof Map || value instanceof Set) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactKnownSecretsDeep(item, secrets, depth + 1);
  return out as T;
}
