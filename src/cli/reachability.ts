/**
 * Before a run is recorded, every model server the user pointed at (a base URL: Ollama, vLLM, a
 * llama.cpp server, a proxy) must answer, so a server that is not running is one clear error at
 * once instead of steps of identical failures. Any HTTP answer counts (even 401 or 404: the server
 * is there, and a refused key stops the run at its first call); only a connection that cannot be
 * made, or no answer at all in time, is an error.
 */
import type { LanguageModel } from '../models/types.js';

/** How long a server may take to answer the probe. */
export const REACHABILITY_TIMEOUT_MS = 10_000;

export class UnreachableServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableServerError';
  }
}

/** The URL as it may be shown: without user name or password. */
export function displayURL(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

function connectionProblem(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  if ((error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError') return `no answer within ${REACHABILITY_TIMEOUT_MS / 1000} s`;
  if (code === 'ECONNREFUSED') return 'connection refused (nothing is listening there)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the host cannot be reached';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was closed without an answer';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function advice(model: LanguageModel): string {
  if (model.provider === 'ollama') return 'is Ollama running? Start it with `ollama serve`, or set OLLAMA_HOST';
  if (model.provider === 'openai') return 'is the server running? Check OPENAI_BASE_URL or the model\'s baseURL in the config';
  return 'is the server running? Check the model\'s baseURL in the config';
}

/** Probes one server; resolves to an error sentence, or null when it answered. */
async function probe(model: LanguageModel, baseURL: string): Promise<string | null> {
  const shown = displayURL(baseURL);
  const target = model.provider === 'ollama' ? shown : `${shown.replace(/\/+$/, '')}/models`;
  // fetch refuses a URL with credentials in it: they travel as Basic authentication instead.
  const headers: Record<string, string> = {};
  try {
    const url = new URL(baseURL);
    if (url.username || url.password) headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  } catch {
    // Not a URL: the fetch below says so.
  }
  try {
    const response = await fetch(target, { method: 'GET', headers, signal: AbortSignal.timeout(REACHABILITY_TIMEOUT_MS), redirect: 'manual' });
    // Drain the body so the socket is released at once.
    await response.arrayBuffer().catch(() => undefined);
    return null;
  } catch (error) {
    return `cannot reach ${model.spec} at ${shown}: ${connectionProblem(error).split(baseURL).join(shown)}; ${advice(model)}.`;
  }
}

/** Throws one clear error naming every model server that does not answer; probes run together. */
export async function checkServersReachable(models: readonly LanguageModel[]): Promise<void> {
  const seen = new Set<string>();
  const probes: Promise<string | null>[] = [];
  for (const model of models) {
    const baseURL = model.baseURL;
    if (!baseURL || !/^https?:/i.test(baseURL) || seen.has(baseURL)) continue;
    seen.add(baseURL);
    probes.push(probe(model, baseURL));
  }
  const problems = (await Promise.all(probes)).filter((p): p is string => p !== null);
  if (problems.length > 0) throw new UnreachableServerError(problems.join('\n'));
}
