/**
 * Where an embedded model's GGUF file is: a local path as given, or a remote `hf:`/`https:` file
 * downloaded once into the opro models cache and reused on later runs.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Env } from './cloud-config.js';

export interface DownloadProgress {
  /** The `hf:`/`https:` source being downloaded. */
  source: string;
  downloadedBytes: number;
  totalBytes: number;
}

export interface ModelFileOptions {
  /** Cache folder for downloads; defaults to `OPRO_MODELS_DIR`, then `~/.cache/opro/models`. */
  modelsDir?: string;
  env?: Env;
  /** Called while a remote file downloads. Without it node-llama-cpp prints its own progress bar. */
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** Used to check the host can be reached before a download starts; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
}

export class ModelDownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelDownloadError';
  }
}

/**
 * node-llama-cpp's downloader keeps retrying when the host cannot be reached, so a first run offline
 * would hang. Ask the host once, with a time limit, and say plainly what to do when it does not answer.
 */
async function assertReachable(uri: string, directory: string, hfEndpoint: string, fetchImpl: typeof globalThis.fetch): Promise<void> {
  const host = /^https?:\/\//i.test(uri) ? new URL(uri).origin : hfEndpoint;
  try {
    await fetchImpl(host, { method: 'HEAD', signal: AbortSignal.timeout(REACHABILITY_TIMEOUT_MS) });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    const mirror = /^https?:\/\//i.test(uri) ? '' : ' Behind a mirror, set HF_ENDPOINT to its URL.';
    throw new ModelDownloadError(
      `${host} cannot be reached (${reason}) to download ${uri}. Get the .gguf another way and pass ` +
        `llamacpp:/path/to/file.gguf (or put it in ${directory} as ${modelFileName(uri)}), or use a server model such as ollama:<model>.${mirror}`,
    );
  }
}

/**
 * The Hugging Face host for `hf:` sources: MODEL_ENDPOINT, then HF_ENDPOINT (the variables
 * node-llama-cpp and the Hugging Face tools read, in that order), else huggingface.co.
 */
export function huggingFaceEndpoint(env: Env = process.env): string {
  for (const name of ['MODEL_ENDPOINT', 'HF_ENDPOINT'] as const) {
    const value = env[name]?.trim();
    if (value && /^https?:\/\/[^/]/i.test(value)) return value.endsWith('/') ? value : `${value}/`;
  }
  return HUGGING_FACE;
}

/**
 * The file's own name (`qwen2.5-0.5b-instruct-q4_k_m.gguf` for `hf:Qwen/...-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf`):
 * what a user saves it as when fetching it by hand. node-llama-cpp's downloads carry an `hf_<owner>_` prefix instead.
 */
export function modelFileName(uri: string): string {
  const trimmed = uri.trim();
  if (/^https?:\/\//i.test(trimmed)) return decodeURIComponent(new URL(trimmed).pathname.split('/').pop() ?? '');
  const withoutBranch = trimmed.replace(/#.*$/, '');
  return withoutBranch.slice(withoutBranch.lastIndexOf('/') + 1);
}

const REMOTE_SOURCE = /^(?:hf:|huggingface:|https?:\/\/)/i;
/** How long to wait for the model host before saying it cannot be reached (the downloader itself would wait forever). */
const REACHABILITY_TIMEOUT_MS = 15_000;
const HUGGING_FACE = 'https://huggingface.co/';
const DEFAULT_CACHE_SUBDIR = ['.cache', 'opro', 'models'] as const;

export function isRemoteModelSource(source: string): boolean {
  return REMOTE_SOURCE.test(source.trim());
}

export function defaultModelsDir(env: Env = process.env): string {
  const configured = env.OPRO_MODELS_DIR?.trim();
  return configured ? expandHome(configured) : path.join(homedir(), ...DEFAULT_CACHE_SUBDIR);
}

/** A local source as an absolute path (`~` expanded, relative to the working directory). */
export function localModelPath(source: string): string {
  return path.resolve(expandHome(source.trim()));
}

/** True when a local source's file exists; remote sources are checked only when loading. */
export function localModelFileExists(source: string): boolean {
  return isRemoteModelSource(source) || existsSync(localModelPath(source));
}

export class MissingModelFileError extends Error {
  constructor(readonly filePath: string) {
    super(`the model file ${filePath} does not exist`);
    this.name = 'MissingModelFileError';
  }
}

/** The local path of the model file, downloading it first when it is remote and not cached yet. */
export async function locateModelFile(source: string, options: ModelFileOptions = {}): Promise<string> {
  if (!isRemoteModelSource(source)) {
    const filePath = localModelPath(source);
    if (!existsSync(filePath)) throw new MissingModelFileError(filePath);
    return filePath;
  }
  const uri = source.trim();
  const directory = options.modelsDir ?? defaultModelsDir(options.env);
  // A file the user put there by hand, under its own name.
  const byName = path.join(directory, modelFileName(uri));
  if (modelFileName(uri) !== '' && existsSync(byName)) return byName;
  const { resolveModelFile } = await import('node-llama-cpp');
  const hfEndpoint = huggingFaceEndpoint(options.env);
  // Passed explicitly so the env given here (not only process.env) picks the host for the download too.
  const endpoints = { huggingFace: hfEndpoint };
  // First look in the cache without touching the network ('auto' may contact the host even
  // when the file is already there), then download.
  const cached = await resolveModelFile(uri, { directory, download: false, cli: false, endpoints }).catch(() => undefined);
  if (cached !== undefined) return cached;
  await assertReachable(uri, directory, hfEndpoint, options.fetch ?? globalThis.fetch);
  const onProgress = options.onDownloadProgress;
  return resolveModelFile(uri, {
    directory,
    endpoints,
    download: 'auto',
    cli: onProgress === undefined,
    ...(onProgress
      ? { onProgress: ({ totalSize, downloadedSize }) => onProgress({ source, downloadedBytes: downloadedSize, totalBytes: totalSize }) }
      : {}),
  });
}

function expandHome(filePath: string): string {
  if (filePath === '~') return homedir();
  return filePath.startsWith('~/') ? path.join(homedir(), filePath.slice(2)) : filePath;
}
