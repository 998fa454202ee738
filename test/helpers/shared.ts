import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The workplace's shared folder sits beside the checkout (`../shared`), in CI as on a developer's
 * machine; OPRO_SHARED_DIR points elsewhere if needed.
 */
export const SHARED_DIR = process.env.OPRO_SHARED_DIR ?? resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'shared');
export const SHARED_DATASETS = resolve(SHARED_DIR, 'datasets');
export const TINY_MODEL_PATH = resolve(SHARED_DIR, 'models', 'llama-2-tiny-random.gguf');
