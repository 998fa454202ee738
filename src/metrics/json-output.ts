/**
 * Reading JSON out of a model's reply: the whole reply, else a ```json fenced block, else the span
 * from the first '{' or '[' to the matching last '}' or ']' (models like to add a sentence around it).
 */
export type JsonRead = { ok: true; value: unknown } | { ok: false; reason: string };

function tryParse(text: string): JsonRead | null {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

export function readJsonOutput(output: string): JsonRead {
  const trimmed = output.trim();
  const whole = tryParse(trimmed);
  if (whole) return whole;
  const fenced = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(trimmed);
  if (fenced?.[1] !== undefined) {
    const inFence = tryParse(fenced[1].trim());
    if (inFence) return inFence;
  }
  for (const [open, close] of [['{', '}'], ['[', ']']] as const) {
    const start = trimmed.indexOf(open);
    const end = trimmed.lastIndexOf(close);
    if (start >= 0 && end > start) {
      const span = tryParse(trimmed.slice(start, end + 1));
      if (span) return span;
    }
  }
  return { ok: false, reason: 'the output is not JSON' };
}

/** RFC 6901 JSON Pointer: '' is the whole document, '/a/0/b~1c' walks keys and indices. */
export function resolvePointer(document: unknown, pointer: string): { found: true; value: unknown } | { found: false } {
  if (pointer === '') return { found: true, value: document };
  if (!pointer.startsWith('/')) return { found: false };
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= current.length) return { found: false };
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

/** Is this a syntactically valid JSON Pointer? */
export function isJsonPointer(pointer: string): boolean {
  return pointer === '' || (pointer.startsWith('/') && !/~[^01]|~$/.test(pointer));
}
