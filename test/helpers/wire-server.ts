/**
 * A scriptable local HTTP server speaking the REAL wire formats of three model APIs, so provider,
 * scheduler and benchmark tests run the genuine AI SDK HTTP code with no network:
 *
 *   POST /v1/chat/completions                   OpenAI chat completions (also Ollama / vLLM / ...)
 *   POST /v1/messages                           Anthropic messages
 *   POST /v1beta/models/<model>:generateContent Gemini generateContent
 *
 * Usage:
 *   const server = await startWireServer({ respond: (req) => `echo ${req.prompt}` });
 *   createOpenAIModel('gpt-x', { baseURL: server.openaiBaseURL, env: { OPENAI_API_KEY: 'sk-test' } });
 *   server.enqueue(reply.rateLimited({ retryAfterSeconds: 2 }));   // next request gets a 429
 *   ... assert on server.requests (headers, parsed body, prompt), server.maxInFlight ...
 *   await server.close();
 *
 * Replies: a responder returns a string (the reply text) or a WireReply (see `reply.*`).
 * One-shot replies queued with `enqueue` are used first, in order, then the responder.
 * An async responder can hold requests open (await a promise) to test concurrency without timing.
 * Binds 127.0.0.1 on port 0; `close()` ends open connections and pending delayed replies.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type WireApi = 'openai' | 'anthropic' | 'google';

/** Token counts to report. inputTokens includes cached ones; outputTokens includes reasoning ones. */
export interface WireUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
}

export interface WireRequest {
  /** 0-based arrival order. */
  index: number;
  api: WireApi;
  method: string;
  path: string;
  /** Lowercase header names. */
  headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (undefined if it was not JSON). */
  body: unknown;
  rawBody: string;
  /** The model named in the body (OpenAI, Anthropic) or the path (Gemini). */
  model: string;
  /** All user-message text of the request, joined with newlines. */
  prompt: string;
  /** Sampling settings as sent, in provider-neutral names (undefined when absent). */
  params: { temperature?: number; maxTokens?: number; stop?: string[]; seed?: number };
}

export type WireReply =
  | {
      type: 'text';
      text: string;
      /** Missing numbers default to whitespace-token counts of prompt and text, and 0. */
      usage?: Partial<WireUsage>;
      finishReason?: 'stop' | 'length';
      headers?: Record<string, string>;
      delayMs?: number;
    }
  | {
      /** An error in the API's own error JSON shape. */
      type: 'error';
      status: number;
      message?: string;
      /** OpenAI `error.code` (e.g. 'insufficient_quota'); Gemini `error.status` when given. */
      code?: string;
      /** OpenAI `error.type` / Anthropic `error.type` (e.g. 'overloaded_error'). */
      errorType?: string;
      /** Gemini `error.details` entries. */
      details?: unknown[];
      headers?: Record<string, string>;
      delayMs?: number;
    }
  /** Exhausted quota / credit, rendered the way each real API does it. */
  | { type: 'quota'; delayMs?: number }
  /** A bad key, rendered the way each real API does it (Gemini: 400 API_KEY_INVALID). */
  | { type: 'unauthorized'; delayMs?: number }
  /** A body that is not what the API promises (default: truncated JSON with status 200). */
  | { type: 'malformed'; status?: number; body?: string; contentType?: string; delayMs?: number }
  /** Closes the socket without answering: the client sees a connection reset. */
  | { type: 'hang-up'; delayMs?: number };

export type WireResponder = (request: WireRequest) => WireReply | string | Promise<WireReply | string>;

export interface WireServerOptions {
  /** Default: reply with the prompt's last non-empty line. */
  respond?: WireResponder;
}

export interface WireServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Base URLs as the AI SDK providers expect them. */
  readonly openaiBaseURL: string;
  readonly anthropicBaseURL: string;
  readonly googleBaseURL: string;
  /** Every request received, in arrival order (including ones answered with errors). */
  readonly requests: readonly WireRequest[];
  /** Requests currently being answered. */
  readonly inFlight: number;
  /** Highest number of requests answered at once since start (or the last reset). */
  readonly maxInFlight: number;
  /** Replaces the responder. */
  respondWith(responder: WireResponder): void;
  /** Queues one-shot replies used (FIFO) before the responder. */
  enqueue(...replies: (WireReply | string)[]): void;
  /** Forgets requests, queued replies and the in-flight peak; keeps the responder. */
  reset(): void;
  close(): Promise<void>;
}

/** Reply builders for the common cases. */
export const reply = {
  text: (text: string, extra: Omit<Extract<WireReply, { type: 'text' }>, 'type' | 'text'> = {}): WireReply => ({ type: 'text', text, ...extra }),
  slow: (delayMs: number, text: string): WireReply => ({ type: 'text', text, delayMs }),
  /** 429 with `Retry-After` (seconds or an HTTP-date) and/or `retry-after-ms`, plus any headers. */
  rateLimited: (options: { retryAfterSeconds?: number; retryAfterDate?: Date; retryAfterMs?: number; headers?: Record<string, string> } = {}): WireReply => ({
    type: 'error',
    status: 429,
    message: 'Rate limit reached for requests per minute.',
    code: 'rate_limit_exceeded',
    errorType: 'rate_limit_error',
    headers: {
      ...(options.retryAfterSeconds !== undefined ? { 'retry-after': String(options.retryAfterSeconds) } : {}),
      ...(options.retryAfterDate !== undefined ? { 'retry-after': options.retryAfterDate.toUTCString() } : {}),
      ...(options.retryAfterMs !== undefined ? { 'retry-after-ms': String(options.retryAfterMs) } : {}),
      ...options.headers,
    },
  }),
  /** Anthropic-style 529 overloaded_error. */
  overloaded: (): WireReply => ({ type: 'error', status: 529, message: 'Overloaded', errorType: 'overloaded_error' }),
  serverError: (status = 500, message = 'The server had an error while processing your request.'): WireReply => ({
    type: 'error',
    status,
    message,
    errorType: 'api_error',
  }),
  unauthorized: (): WireReply => ({ type: 'unauthorized' }),
  forbidden: (): WireReply => ({ type: 'error', status: 403, message: 'Permission denied for this model.', errorType: 'permission_error' }),
  quotaExceeded: (): WireReply => ({ type: 'quota' }),
  badRequest: (message = 'Invalid request.'): WireReply => ({ type: 'error', status: 400, message, errorType: 'invalid_request_error' }),
  malformed: (body = '{"id": "truncated', status = 200): WireReply => ({ type: 'malformed', status, body }),
  hangUp: (delayMs?: number): WireReply => ({ type: 'hang-up', ...(delayMs !== undefined ? { delayMs } : {}) }),
} as const;

const GEMINI_PATH = /^\/v1beta\/models\/([^/:]+):generateContent$/;

export async function startWireServer(options: WireServerOptions = {}): Promise<WireServer> {
  let responder: WireResponder = options.respond ?? ((request) => lastLine(request.prompt));
  const queue: (WireReply | string)[] = [];
  const requests: WireRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      inFlight -= 1;
    };
    res.on('close', done);
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: { message: `wire server bug: ${String(error)}` } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const api = routeOf(req.method ?? 'GET', path);
    if (!api) {
      sendJson(res, 404, { error: { message: `wire server: no route for ${req.method} ${path}` } });
      return;
    }
    const request = describeRequest(requests.length, api, req, path, rawBody);
    requests.push(request);
    const next = queue.length > 0 ? queue.shift()! : await responder(request);
    const answer: WireReply = typeof next === 'string' ? { type: 'text', text: next } : next;
    await sleep(answer.delayMs ?? 0, res);
    if (res.destroyed) return;
    render(api, request, answer, res);
  }

  function sleep(ms: number, res: ServerResponse): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
      // A client that gives up (abort) must not keep the timer alive.
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve();
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: `${url}/v1`,
    googleBaseURL: `${url}/v1beta`,
    get requests() {
      return requests;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    respondWith(next) {
      responder = next;
    },
    enqueue(...replies) {
      queue.push(...replies);
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      maxInFlight = inFlight;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function routeOf(method: string, path: string): WireApi | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/v1/chat/completions') return 'openai';
  if (path === '/v1/messages') return 'anthropic';
  if (GEMINI_PATH.test(path)) return 'google';
  return undefined;
}

function describeRequest(index: number, api: WireApi, req: IncomingMessage, path: string, rawBody: string): WireRequest {
  const body = parseJson(rawBody);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const b = (body ?? {}) as Record<string, any>;
  const base = { index, api, method: req.method ?? 'POST', path, headers, body, rawBody };
  switch (api) {
    case 'openai':
      return {
        ...base,
        model: String(b.model ?? ''),
        prompt: userText((b.messages ?? []) as unknown[], 'content'),
        params: definedOnly({ temperature: b.temperature, maxTokens: b.max_tokens ?? b.max_completion_tokens, stop: toList(b.stop), seed: b.seed }),
      };
    case 'anthropic':
      return {
        ...base,
        model: String(b.model ?? ''),
        prompt: userText((b.messages ?? []) as unknown[], 'content'),
        params: definedOnly({ temperature: b.temperature, maxTokens: b.max_tokens, stop: toList(b.stop_sequences) }),
      };
    case 'google': {
      const config = (b.generationConfig ?? {}) as Record<string, any>;
      return {
        ...base,
        model: decodeURIComponent(GEMINI_PATH.exec(path)?.[1] ?? ''),
        prompt: userText((b.contents ?? []) as unknown[], 'parts'),
        params: definedOnly({ temperature: config.temperature, maxTokens: config.maxOutputTokens, stop: toList(config.stopSequences), seed: config.seed }),
      };
    }
  }
}

/** Text of user messages; content may be a string or a list of `{type:'text', text}` / `{text}` parts. */
function userText(messages: unknown[], contentField: 'content' | 'parts'): string {
  const texts: string[] = [];
  for (const message of messages) {
    const m = message as Record<string, unknown>;
    if (m.role !== undefined && m.role !== 'user') continue;
    const content = m[contentField];
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        const text = (part as { text?: unknown } | null)?.text;
        if (typeof text === 'string') texts.push(text);
      }
    }
  }
  return texts.join('\n');
}

function render(api: WireApi, request: WireRequest, answer: WireReply, res: ServerResponse): void {
  switch (answer.type) {
    case 'text':
      sendJson(res, 200, successBody(api, request, answer), answer.headers);
      return;
    case 'error':
      sendJson(res, answer.status, errorBody(api, answer), answer.headers);
      return;
    case 'quota':
      renderQuota(api, res);
      return;
    case 'unauthorized':
      renderUnauthorized(api, res);
      return;
    case 'malformed':
      res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' });
      res.end(answer.body ?? '{"id": "truncated');
      return;
    case 'hang-up':
      res.socket?.destroy();
      return;
  }
}

function successBody(api: WireApi, request: WireRequest, answer: Extract<WireReply, { type: 'text' }>): unknown {
  const usage: WireUsage = {
    inputTokens: answer.usage?.inputTokens ?? whitespaceTokens(request.prompt),
    outputTokens: answer.usage?.outputTokens ?? whitespaceTokens(answer.text),
    cachedInputTokens: answer.usage?.cachedInputTokens ?? 0,
    reasoningTokens: answer.usage?.reasoningTokens ?? 0,
  };
  const length = answer.finishReason === 'length';
  const id = `wire-${request.index}`;
  switch (api) {
    case 'openai':
      return {
        id: `chatcmpl-${id}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.model,
        choices: [
          { index: 0, message: { role: 'assistant', content: answer.text, refusal: null }, logprobs: null, finish_reason: length ? 'length' : 'stop' },
        ],
        usage: {
          prompt_tokens: usage.inputTokens,
          completion_tokens: usage.outputTokens,
          total_tokens: usage.inputTokens + usage.outputTokens,
          prompt_tokens_details: { cached_tokens: usage.cachedInputTokens, audio_tokens: 0 },
          completion_tokens_details: {
            reasoning_tokens: usage.reasoningTokens,
            audio_tokens: 0,
            accepted_prediction_tokens: 0,
            rejected_prediction_tokens: 0,
          },
        },
        system_fingerprint: 'fp_wire',
      };
    case 'anthropic':
      return {
        id: `msg_${id}`,
        type: 'message',
        role: 'assistant',
        model: request.model,
        content: [{ type: 'text', text: answer.text }],
        stop_reason: length ? 'max_tokens' : 'end_turn',
        stop_sequence: null,
        // Anthropic's input_tokens excludes cache reads, which are reported separately.
        usage: {
          input_tokens: usage.inputTokens - usage.cachedInputTokens,
          output_tokens: usage.outputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: usage.cachedInputTokens,
        },
      };
    case 'google':
      return {
        candidates: [{ content: { parts: [{ text: answer.text }], role: 'model' }, finishReason: length ? 'MAX_TOKENS' : 'STOP', index: 0 }],
        // Gemini's candidatesTokenCount excludes thinking tokens (thoughtsTokenCount).
        usageMetadata: {
          promptTokenCount: usage.inputTokens,
          candidatesTokenCount: usage.outputTokens - usage.reasoningTokens,
          totalTokenCount: usage.inputTokens + usage.outputTokens,
          cachedContentTokenCount: usage.cachedInputTokens,
          thoughtsTokenCount: usage.reasoningTokens,
        },
        modelVersion: request.model,
        responseId: id,
      };
  }
}

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function errorBody(api: WireApi, answer: Extract<WireReply, { type: 'error' }>): unknown {
  const message = answer.message ?? `HTTP ${answer.status}`;
  switch (api) {
    case 'openai':
      return { error: { message, type: answer.errorType ?? 'api_error', param: null, code: answer.code ?? null } };
    case 'anthropic':
      return { type: 'error', error: { type: answer.errorType ?? 'api_error', message } };
    case 'google':
      return {
        error: {
          code: answer.status,
          message,
          status: GOOGLE_STATUS[answer.status] ?? 'UNKNOWN',
          ...(answer.details ? { details: answer.details } : {}),
        },
      };
  }
}

function renderQuota(api: WireApi, res: ServerResponse): void {
  switch (api) {
    case 'openai':
      sendJson(res, 429, {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      });
      return;
    case 'anthropic':
      sendJson(res, 400, {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        },
      });
      return;
    case 'google':
      sendJson(res, 429, {
        error: {
          code: 429,
          message: 'You exceeded your current quota, please check your plan and billing details.',
          status: 'RESOURCE_EXHAUSTED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }],
            },
          ],
        },
      });
      return;
  }
}

function renderUnauthorized(api: WireApi, res: ServerResponse): void {
  // Each API echoes part of what it received; real OpenAI shows a masked key, so we do too.
  const authorization = (res.req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
  switch (api) {
    case 'openai':
      sendJson(res, 401, {
        error: {
          message: `Incorrect API key provided: ${maskKey(authorization)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
      return;
    case 'anthropic':
      sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      return;
    case 'google':
      sendJson(res, 400, {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
        },
      });
      return;
  }
}

function maskKey(key: string): string {
  return key.length <= 8 ? '********' : `${key.slice(0, 4)}${'*'.repeat(key.length - 8)}${key.slice(-4)}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function definedOnly<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined | null> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null)) as never;
}

export function whitespaceTokens(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

function lastLine(text: string): string {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '').at(-1) ?? '';
}
