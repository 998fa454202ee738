/** Fetching the dashboard's JSON API; errors carry the server's message. */

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

type Params = Record<string, string | number | null | undefined>;

export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
  const text = query.toString();
  return `/api/${path}${text ? `?${text}` : ''}`;
}

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const response = await fetch(apiUrl(path, params), { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  const body = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!response.ok || body === null) throw new ApiError(response.status, body?.error ?? `the server answered ${response.status}`);
  return body;
}

/** `runs/<id>/...` with the id escaped. */
export const runPath = (runId: string, rest = ''): string => `runs/${encodeURIComponent(runId)}${rest}`;
