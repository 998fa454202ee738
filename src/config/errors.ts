/** Config errors: one line per problem, each starting with the key path it is about. */
import type { z } from 'zod';

export class ConfigError extends Error {
  constructor(
    message: string,
    /** `key.path: problem` lines (empty for errors about the file itself). */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;
/** Key names that mean someone tried to put a secret in the file. */
const SECRET_KEY = /^(api[_-]?key|secret|token|password|auth[_-]?token|access[_-]?token|bearer)$/i;

/** `models.fast.endpoints[0].baseURL`; odd keys are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      out += IDENTIFIER.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out || '(root)';
}

/** Turns zod issues into distinct `path: message` lines. Never echoes values (one might be a key). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const message = SECRET_KEY.test(key)
          ? 'keys must not be stored in the config; set apiKeyEnv to the NAME of an environment variable instead'
          : 'unknown key';
        lines.push(`${formatPath([...issue.path, key])}: ${message}`);
      }
    } else if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      lines.push(`${formatPath(issue.path)}: ${inner}`);
    } else {
      lines.push(`${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  return [...new Set(lines)];
}
