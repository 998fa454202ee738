/**
 * Built-in files are downloaded once into a cache folder and verified by sha256 on every load.
 * A download goes to a temporary file in the destination folder and is renamed into place only after
 * its hash matches, so the cache never holds a half-written or unverified file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import type { BuiltinFile } from './builtin-files.js';
import { CachedFileHashMismatchError, DatasetDownloadError, DownloadedFileHashMismatchError } from './errors.js';
import type { DownloadProgressCallback } from './types.js';
import { DATA_DIR_ENV, DATASETS_ENDPOINT_ENV } from './env.js';

export { DATA_DIR_ENV, DATASETS_ENDPOINT_ENV };

const PUBLIC_DATASETS_HOST = 'https://raw.githubusercontent.com/';
const CACHE_SUBDIR = join('opro', 'datasets');
const TEMP_SUFFIX = '.download';

export interface CacheOptions {
  /** Cache folder; overrides OPRO_DATA_DIR and the XDG/home default. */
  dataDir?: string;
  /** Source URL per cache path (e.g. 'bbh/navigate.json'), replacing the public URL and any OPRO_DATASETS_ENDPOINT. */
  urls?: Readonly<Record<string, string>>;
  /** The fetch implementation; defaults to the global one. */
  fetch?: typeof globalThis.fetch;
  onProgress?: DownloadProgressCallback;
  /** Delete a cached file whose hash does not match and download it again, instead of failing. */
  replaceCorrupt?: boolean;
  /** Environment used to resolve the cache folder and OPRO_DATASETS_ENDPOINT; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface VerifiedFile {
  /** Absolute path of the verified file in the cache. */
  path: string;
  url: string;
  bytes: Buffer;
}

/** OPRO_DATA_DIR if set, else $XDG_CACHE_HOME/opro/datasets, else ~/.cache/opro/datasets. */
export function resolveDataDir(options: Pick<CacheOptions, 'dataDir' | 'env'> = {}): string {
  if (options.dataDir) return options.dataDir;
  const env = options.env ?? process.env;
  const explicit = env[DATA_DIR_ENV];
  if (explicit) return explicit;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg) return join(xdg, CACHE_SUBDIR);
  return join(homedir(), '.cache', CACHE_SUBDIR);
}

/** Where a built-in file is downloaded from: an explicit URL, else its public URL on the OPRO_DATASETS_ENDPOINT mirror if set. */
export function builtinFileUrl(file: BuiltinFile, options: Pick<CacheOptions, 'urls' | 'env'> = {}): string {
  const explicit = options.urls?.[file.path];
  if (explicit) return explicit;
  const mirror = (options.env ?? process.env)[DATASETS_ENDPOINT_ENV]?.trim();
  if (!mirror || !file.url.startsWith(PUBLIC_DATASETS_HOST)) return file.url;
  return `${mirror.replace(/\/+$/, '')}/${file.url.slice(PUBLIC_DATASETS_HOST.length)}`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The bytes of a built-in file, from the cache when present and intact, otherwise downloaded.
 * A cached file with the wrong hash is an error (or replaced, with `replaceCorrupt`), never used.
 */
export async function readBuiltinFile(file: BuiltinFile, options: CacheOptions = {}): Promise<VerifiedFile> {
  const path = join(resolveDataDir(options), ...file.path.split('/'));
  const url = builtinFileUrl(file, options);
  const cached = await readIfExists(path);
  if (cached) {
    const actual = sha256Hex(cached);
    if (actual === file.sha256) return { path, url, bytes: cached };
    if (!options.replaceCorrupt) {
      throw new CachedFileHashMismatchError(
        `The cached file ${path} does not have the expected sha256 (expected ${file.sha256}, found ${actual}); ` +
          'it may be truncated or edited, so it was not used. Delete it and load the dataset again to download ' +
          'a fresh copy (or pass replaceCorrupt: true).',
        path,
        file.sha256,
        actual,
      );
    }
    await unlink(path);
  }
  const bytes = await download(file, url, path, options);
  return { path, url, bytes };
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function downloadFailure(
  file: BuiltinFile,
  url: string,
  path: string,
  reason: string,
  cause?: unknown,
): DatasetDownloadError {
  return new DatasetDownloadError(
    `Could not download ${url} (${reason}). If this machine is offline, get that file another way and place it ` +
      `at ${path} (its sha256 must be ${file.sha256}), or set ${DATA_DIR_ENV} to a folder that already holds ` +
      `the datasets; behind a mirror of raw.githubusercontent.com, set ${DATASETS_ENDPOINT_ENV} to its URL.`,
    url,
    path,
    cause === undefined ? undefined : { cause },
  );
}

/** undici reports 'fetch failed' and hides the useful part (ECONNREFUSED, ENOTFOUND...) in `cause`. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ? `${error.message}: ${cause}` : error.message;
}

async function download(file: BuiltinFile, url: string, path: string, options: CacheOptions): Promise<Buffer> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw downloadFailure(file, url, path, describeFetchError(error), error);
  }
  if (!response.ok || !response.body) {
    throw downloadFailure(file, url, path, `HTTP ${response.status} ${response.statusText}`.trim());
  }
  const lengthHeader = Number(response.headers.get('content-length'));
  const totalBytes = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined;

  await mkdir(dirname(path), { recursive: true });
  // Same folder as the destination so the final rename is atomic.
  const tempPath = `${path}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  const chunks: Buffer[] = [];
  let receivedBytes = 0;
  let renamed = false;
  const handle = await open(tempPath, 'w');
  try {
    const report = (): void =>
      options.onProgress?.({ file: file.path, receivedBytes, ...(totalBytes ? { totalBytes } : {}) });
    report();
    const reader = response.body.getReader();
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        const reason = `the connection failed after ${receivedBytes} bytes: ${String(error)}`;
        throw downloadFailure(file, url, path, reason, error);
      }
      if (chunk.done) break;
      const piece = Buffer.from(chunk.value);
      await handle.write(piece);
      chunks.push(piece);
      receivedBytes += piece.length;
      report();
    }
    await handle.close();
    const bytes = Buffer.concat(chunks);
    const actual = sha256Hex(bytes);
    if (actual !== file.sha256) {
      throw new DownloadedFileHashMismatchError(
        `The file downloaded from ${url} does not have the expected sha256 (expected ${file.sha256}, found ` +
          `${actual}), so it was discarded. The upstream file may have changed or the download was altered; ` +
          `place a verified copy at ${path} by hand if you have one.`,
        url,
        file.sha256,
        actual,
      );
    }
    await rename(tempPath, path);
    renamed = true;
    return bytes;
  } finally {
    await handle.close().catch(() => undefined); // already closed on the success path
    if (!renamed) await unlink(tempPath).catch(() => undefined);
  }
}
