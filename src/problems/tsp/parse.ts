/**
 * Reading a tour out of an optimizer reply (spec section 9): the text between the first `<trace>`
 * and the next `</trace>`, split on commas, each trimmed token read as a Python `int()` would read
 * it, unreadable tokens silently skipped (as the reference does). The result must be a permutation
 * of all n nodes starting at node 0; otherwise the precise reason is returned so that the engine
 * counts and shows it.
 */
import type { ParseResult } from '../../engine/problem.js';
import type { Tour } from './instance.js';

export const TRACE_OPEN = '<trace>';
export const TRACE_CLOSE = '</trace>';

/** Python `int(str)`: optional sign, ASCII digits, single underscores between digits, leading zeros allowed. */
const PY_INT = /^[+-]?\d+(?:_\d+)*$/;
/** A rejection reason quotes at most this many skipped tokens. */
const MAX_SKIPPED_SHOWN = 5;

export interface TraceTokens {
  nodes: number[];
  /** Tokens that were not integers and were dropped, as the reference drops them. */
  skipped: string[];
}

/** The integers inside the first trace, or null when the tags are missing. */
export function extractTrace(reply: string): { ok: true; tokens: TraceTokens } | { ok: false; reason: string } {
  const open = reply.indexOf(TRACE_OPEN);
  if (open < 0) return { ok: false, reason: `no ${TRACE_OPEN} tag in the reply` };
  const afterOpen = reply.slice(open + TRACE_OPEN.length);
  const close = afterOpen.indexOf(TRACE_CLOSE);
  if (close < 0) return { ok: false, reason: `no ${TRACE_CLOSE} after the first ${TRACE_OPEN}` };
  const nodes: number[] = [];
  const skipped: string[] = [];
  for (const raw of afterOpen.slice(0, close).split(',')) {
    const token = raw.trim();
    if (PY_INT.test(token)) nodes.push(Number(token.replace(/_/g, '')));
    else skipped.push(token);
  }
  return { ok: true, tokens: { nodes, skipped } };
}

/** Why `nodes` is not a tour of n nodes from node 0, or null when it is one. */
export function tourProblem(nodes: readonly number[], n: number): string | null {
  if (nodes.length !== n) return `the trace has ${nodes.length} nodes, expected ${n}`;
  // Divergence: the reference would accept -1 as an alias of node n-1 (Python negative indexing);
  // we refuse every index outside 0..n-1.
  const outOfRange = nodes.find((node) => !Number.isSafeInteger(node) || node < 0 || node >= n);
  if (outOfRange !== undefined) return `node ${outOfRange} is not a point (expected 0..${n - 1})`;
  const seen = new Set<number>();
  for (const node of nodes) {
    if (seen.has(node)) return `node ${node} appears more than once`;
    seen.add(node);
  }
  if (nodes[0] !== 0) return `the trace starts at node ${nodes[0]}, not at node 0`;
  return null;
}

export function parseTourReply(reply: string, n: number): ParseResult<Tour> {
  const extracted = extractTrace(reply);
  if (!extracted.ok) return extracted;
  const { nodes, skipped } = extracted.tokens;
  const problem = tourProblem(nodes, n);
  if (problem === null) return { ok: true, solution: nodes };
  const shown = skipped.slice(0, MAX_SKIPPED_SHOWN).map((t) => JSON.stringify(t)).join(', ');
  const more = skipped.length > MAX_SKIPPED_SHOWN ? ` and ${skipped.length - MAX_SKIPPED_SHOWN} more` : '';
  const note = skipped.length > 0 ? ` (skipped non-integer tokens: ${shown}${more})` : '';
  return { ok: false, reason: problem + note };
}
