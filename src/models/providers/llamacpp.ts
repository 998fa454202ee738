/**
 * `llamacpp:<path.gguf | hf:owner/repo/file.gguf>`: embedded inference with node-llama-cpp.
 *
 * One context with N parallel sequences (option `parallel`) so concurrent scorer calls are
 * batched by llama.cpp; a call waits for a free sequence. The model loads lazily, once, on the
 * first call. Every call starts from an empty sequence, so calls are independent like API calls.
 */
import type { ChatHistoryItem, Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import type { CallFailure, CallOutcome, CallSuccess, GenerateRequest, LanguageModel } from '../types.js';
import { memoizeAsync } from './ai-sdk.js';
import { fail, type ErrorContext } from './errors.js';
import { locateModelFile, MissingModelFileError, ModelDownloadError, type ModelFileOptions } from './model-file.js';
import { PoolClosedError, SequencePool, type PoolStats } from './sequence-pool.js';

export { DEFAULT_EMBEDDED_MODEL } from '../defaults.js';

export const DEFAULT_PARALLEL_SEQUENCES = 4;
/** Per-sequence context: fits OPRO meta-prompts (a few thousand tokens) with room for the answer. */
export const DEFAULT_CONTEXT_TOKENS = 8192;

export interface LlamaCppModelOptions extends ModelFileOptions {
  /** Parallel sequences in the context = calls generating at once (default 4). */
  parallel?: number;
  /** Tokens per sequence; default `{ max: 8192 }` (smaller if memory or the model demands). */
  contextSize?: number;
  /**
   * 'chat' (default) wraps the prompt in the model's chat template, as instruction-tuned models
   * expect; 'completion' feeds the raw prompt, for base models.
   */
  mode?: 'chat' | 'completion';
  /** System message for chat mode; none by default, like the cloud providers. */
  systemPrompt?: string;
  /**
   * CPU threads per evaluation. Default: llama.cpp's count of math cores, not node-llama-cpp's
   * default (all logical CPUs), which oversubscribes containers with a CPU quota and made
   * generation ~100x slower in our test environment.
   */
  threads?: number;
  /** Passed to getLlama: 'auto' picks CUDA/Metal/Vulkan when available, false forces CPU. */
  gpu?: 'auto' | false;
  /** Called once the model is loaded (CLI progress, and tests checking it loads once). */
  onLoaded?: (info: { filePath: string; contextSize: number; parallel: number; loadMs: number }) => void;
}

export interface EmbeddedLanguageModel extends LanguageModel {
  /** Loads the model now instead of on the first call; resolves to the failure if it cannot. */
  preload(): Promise<CallFailure | undefined>;
  /** Sequence usage so far (size, busy, waiting, peakBusy); zeros before the model is loaded. */
  sequenceStats(): PoolStats;
  dispose(): Promise<void>;
}

interface Loaded {
  model: LlamaModel;
  context: LlamaContext;
  pool: SequencePool<LlamaContextSequence>;
}

/** Thrown inside loading to carry the failure kind out of the shared load promise. */
class LoadFailure extends Error {
  constructor(readonly kind: 'unavailable' | 'network', message: string) {
    super(message);
  }
}

/** node-llama-cpp takes ~0.4 s to import: only runs that use an embedded model pay it. */
export const loadNodeLlamaCpp = memoizeAsync(() => import('node-llama-cpp'));

const llamaByGpu = new Map<string, Promise<Llama>>();

/** One llama.cpp runtime per process (per GPU setting): it is expensive and shareable. */
function sharedLlama(gpu: 'auto' | false): Promise<Llama> {
  const key = String(gpu);
  let llama = llamaByGpu.get(key);
  if (!llama) {
    llama = loadNodeLlamaCpp().then(({ getLlama, LlamaLogLevel }) => getLlama({ gpu, logLevel: LlamaLogLevel.error }));
    llama.catch(() => llamaByGpu.delete(key));
    llamaByGpu.set(key, llama);
  }
  return llama;
}

export function createLlamaCppModel(source: string, options: LlamaCppModelOptions = {}, spec = `llamacpp:${source}`): EmbeddedLanguageModel {
  const parallel = Math.max(1, Math.floor(options.parallel ?? DEFAULT_PARALLEL_SEQUENCES));
  const mode = options.mode ?? 'chat';
  let loading: Promise<Loaded> | undefined;
  let loaded: Loaded | undefined;
  let disposed = false;

  async function load(): Promise<Loaded> {
    const started = performance.now();
    const filePath = await locateFile();
    let llama: Llama;
    try {
      llama = await sharedLlama(options.gpu ?? 'auto');
    } catch (error) {
      throw new LoadFailure('unavailable', `cannot start llama.cpp: ${messageOf(error)}`);
    }
    let model: LlamaModel | undefined;
    try {
      model = await llama.loadModel({ modelPath: filePath });
      const context = await model.createContext({
        sequences: parallel,
        threads: options.threads ?? threadsFromEnv(options.env ?? process.env) ?? Math.max(1, llama.cpuMathCores),
        contextSize: options.contextSize ?? { max: DEFAULT_CONTEXT_TOKENS },
      });
      const sequences = Array.from({ length: parallel }, () => context.getSequence());
      const result: Loaded = { model, context, pool: new SequencePool(sequences) };
      options.onLoaded?.({ filePath, contextSize: context.contextSize, parallel, loadMs: performance.now() - started });
      return result;
    } catch (error) {
      await model?.dispose().catch(() => undefined);
      throw new LoadFailure('unavailable', `cannot load ${filePath}: ${messageOf(error)}`);
    }
  }

  async function locateFile(): Promise<string> {
    try {
      return await locateModelFile(source, options);
    } catch (error) {
      if (error instanceof MissingModelFileError || error instanceof ModelDownloadError) throw new LoadFailure('unavailable', error.message);
      const kind = hasNetworkCause(error) ? 'network' : 'unavailable';
      throw new LoadFailure(kind, `cannot fetch the model file ${source}: ${messageOf(error)}`);
    }
  }

  /** Concurrent first calls share one load; a failed load is forgotten so a later call can retry. */
  function ensureLoaded(): Promise<Loaded> {
    if (!loading) {
      loading = load().then(
        (result) => {
          loaded = result;
          return result;
        },
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
    }
    return loading;
  }

  async function generate(request: GenerateRequest): Promise<CallOutcome> {
    const started = performance.now();
    const context: ErrorContext = { spec, signal: request.signal };
    const elapsed = (): number => performance.now() - started;
    if (disposed) return fail('unavailable', context, 0, 'was disposed');
    if (request.signal?.aborted) return fail('aborted', context, 0, 'was aborted by the caller');

    let ready: Loaded;
    try {
      ready = await untilAborted(ensureLoaded(), request.signal);
    } catch (error) {
      if (request.signal?.aborted) return fail('aborted', context, elapsed(), 'was aborted by the caller');
      if (error instanceof LoadFailure) return fail(error.kind, context, elapsed(), `is unavailable: ${error.message}`);
      return fail('unavailable', context, elapsed(), `is unavailable: ${messageOf(error)}`);
    }

    const promptTokens = ready.model.tokenize(request.prompt).length;
    if (promptTokens + request.maxTokens > ready.context.contextSize) {
      // llama.cpp would silently shift (drop) the start of the prompt; refuse instead.
      return fail('bad-request', context, elapsed(),
        `rejected the request: ${promptTokens} prompt tokens plus maxTokens ${request.maxTokens} exceed the context size ${ready.context.contextSize} (raise contextSize)`);
    }

    let sequence: LlamaContextSequence;
    try {
      sequence = await ready.pool.acquire(request.signal);
    } catch (error) {
      if (error instanceof PoolClosedError || disposed) return fail('unavailable', context, elapsed(), 'was disposed');
      return fail('aborted', context, elapsed(), 'was aborted by the caller');
    }
    try {
      const before = sequence.tokenMeter.getState();
      const { text, finishReason } = await runOnSequence(sequence, request);
      const used = sequence.tokenMeter.diff(before);
      const success: CallSuccess = {
        ok: true,
        text,
        usage: { inputTokens: used.usedInputTokens, outputTokens: used.usedOutputTokens, cachedInputTokens: 0, reasoningTokens: 0 },
        cached: false,
        latencyMs: elapsed(),
        finishReason,
      };
      return success;
    } catch (error) {
      if (request.signal?.aborted) return fail('aborted', context, elapsed(), 'was aborted by the caller');
      if (disposed) return fail('unavailable', context, elapsed(), 'was disposed during the call');
      return fail('server-error', context, elapsed(), `failed while generating: ${messageOf(error)}`);
    } finally {
      // Calls must not see each other's tokens: empty the sequence before the next call takes it.
      await sequence.clearHistory().catch(() => undefined);
      ready.pool.release(sequence);
    }
  }

  async function runOnSequence(sequence: LlamaContextSequence, request: GenerateRequest): Promise<{ text: string; finishReason: string }> {
    const sampling = {
      maxTokens: request.maxTokens,
      // 0 = greedy in node-llama-cpp, matching temperature 0 at the APIs.
      temperature: request.temperature,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.stop && request.stop.length > 0 ? { customStopTriggers: request.stop } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    };
    const { LlamaChatSession, LlamaCompletion } = await loadNodeLlamaCpp();
    if (mode === 'completion') {
      const completion = new LlamaCompletion({ contextSequence: sequence });
      try {
        const result = await completion.generateCompletionWithMeta(request.prompt, sampling);
        return { text: result.response, finishReason: finishReasonOf(result.metadata.stopReason) };
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    }
    const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      const { history, userText } = chatTurns(request, options.systemPrompt);
      session.setChatHistory(history);
      const result = await session.promptWithMeta(userText, sampling);
      return { text: result.responseText, finishReason: finishReasonOf(result.stopReason) };
    } finally {
      session.dispose({ disposeSequence: false });
    }
  }

  return {
    spec,
    provider: 'llamacpp',
    modelId: source,
    isLocal: true,
    async generate(request) {
      try {
        return await generate(request);
      } catch (error) {
        return fail('server-error', { spec }, 0, `failed unexpectedly: ${messageOf(error)}`);
      }
    },
    async preload() {
      try {
        await ensureLoaded();
        return undefined;
      } catch (error) {
        const kind = error instanceof LoadFailure ? error.kind : 'unavailable';
        return fail(kind, { spec }, 0, `is unavailable: ${messageOf(error)}`);
      }
    },
    sequenceStats() {
      return loaded?.pool.stats() ?? { size: 0, busy: 0, waiting: 0, peakBusy: 0 };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      const current = await loading?.catch(() => undefined);
      if (!current) return;
      current.pool.close(new PoolClosedError(`${spec} was disposed.`));
      await current.context.dispose();
      await current.model.dispose();
    },
  };
}

/**
 * The conversation before the last user turn becomes the session's history (system and few-shot
 * turns); the last user turn is the prompt. Without messages: no default system prompt, because the
 * cloud providers send only the user's prompt, so do we.
 */
export function chatTurns(request: GenerateRequest, systemPrompt: string | undefined): { history: ChatHistoryItem[]; userText: string } {
  const history: ChatHistoryItem[] = systemPrompt ? [{ type: 'system', text: systemPrompt }] : [];
  const messages = request.messages ?? [];
  const last = messages.at(-1);
  if (!last || last.role !== 'user') return { history, userText: request.prompt };
  for (const message of messages.slice(0, -1)) {
    if (message.role === 'system') history.push({ type: 'system', text: message.content });
    else if (message.role === 'user') history.push({ type: 'user', text: message.content });
    else history.push({ type: 'model', response: [message.content] });
  }
  return { history, userText: last.content };
}

/**
 * OPRO_LLAMA_THREADS overrides the thread count without a code change: llama.cpp's threads spin
 * while they wait, so on a machine whose cores are busy with other work one thread can be many
 * times faster than the math-core count (measured 1 s vs 69 s per 1024-token call on a loaded 2-core box).
 */
function threadsFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = Number(env.OPRO_LLAMA_THREADS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** OpenAI-style finish reasons, so reports read the same for every provider. */
function finishReasonOf(stopReason: string): string {
  switch (stopReason) {
    case 'maxTokens':
      return 'length';
    case 'abort':
      return 'aborted';
    default:
      return 'stop';
  }
}

/** Lets one caller stop waiting for a shared promise (the model load) without cancelling it. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'UND_ERR_SOCKET']);

function hasNetworkCause(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (/fetch failed/i.test(current.message)) return true;
  }
  return false;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
