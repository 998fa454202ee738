/**
 * The one entry point: a built-in id ('gsm8k', 'multiarith', 'aqua', 'bbh/<task>') or a path to the
 * user's own JSONL / CSV / JSON file.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';

import { BBH_TASKS, describeBuiltinNames, findBuiltinDataset } from './builtin-catalog.js';
import { loadBuiltinDataset } from './builtin-loader.js';
import type { CacheOptions } from './download-cache.js';
import { DatasetError } from './errors.js';
import type { Dataset } from './types.js';
import { USER_FILE_EXTENSIONS, loadUserDataset, type UserFileOptions } from './user-file.js';

/** User-file fields default to the BBH-style names. */
export const DEFAULT_INPUT_FIELD = 'input';
export const DEFAULT_TARGET_FIELD = 'target';

/**
 * Cache options apply to built-ins; the user-file options apply to paths (answerType is then required,
 * since it decides how answers are graded). User-file options are not consulted for built-ins.
 */
export type LoadDatasetOptions = CacheOptions & Partial<UserFileOptions>;

async function isExistingPath(name: string): Promise<boolean> {
  try {
    await stat(name);
    return true;
  } catch {
    return false;
  }
}

async function looksLikePath(name: string, options: LoadDatasetOptions): Promise<boolean> {
  if (options.format !== undefined) return true;
  if (USER_FILE_EXTENSIONS.includes(extname(name).toLowerCase())) return true;
  if (/[\\/]/.test(name) || name.startsWith('.')) return true;
  return isExistingPath(name);
}

export async function loadDataset(name: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const builtin = findBuiltinDataset(name.trim().toLowerCase());
  if (builtin) return loadBuiltinDataset(builtin, options);

  if (name.toLowerCase() === 'bbh' || name.toLowerCase().startsWith('bbh/')) {
    throw new DatasetError(
      `Unknown BIG-Bench Hard task in '${name}'. Name it as bbh/<task>, where <task> is one of: ` +
        `${BBH_TASKS.join(', ')}.`,
    );
  }

  if (await looksLikePath(name, options)) {
    if (options.answerType === undefined) {
      throw new DatasetError(
        `${name} is a user dataset file, so its answer type must be given: number, boolean, choice or text.`,
      );
    }
    return loadUserDataset(name, {
      ...options,
      inputField: options.inputField ?? DEFAULT_INPUT_FIELD,
      targetField: options.targetField ?? DEFAULT_TARGET_FIELD,
      answerType: options.answerType,
    });
  }

  throw new DatasetError(
    `Unknown dataset '${name}'. ${describeBuiltinNames()} Otherwise pass a path to a ` +
      `${USER_FILE_EXTENSIONS.join(', ')} file.`,
  );
}
