/**
 * Load one built-in dataset: fetch (or reuse) and verify its files, then parse them.
 */
import { createHash } from 'node:crypto';

import type { BuiltinDatasetInfo } from './builtin-catalog.js';
import { BUILTIN_FILES, type BuiltinFile } from './builtin-files.js';
import { BUILTIN_PARSERS } from './builtin-parsers.js';
import { readBuiltinFile, type CacheOptions, type VerifiedFile } from './download-cache.js';
import type { Dataset } from './types.js';

function catalogFile(path: string): BuiltinFile {
  const file = BUILTIN_FILES.get(path);
  // Only reachable if the catalog and the file table disagree, which is a programming error.
  if (!file) throw new Error(`No source URL or hash is registered for the built-in file '${path}'.`);
  return file;
}

export async function loadBuiltinDataset(info: BuiltinDatasetInfo, options: CacheOptions = {}): Promise<Dataset> {
  const parse = BUILTIN_PARSERS[info.format];
  // Sequential on purpose: progress events then describe one download at a time.
  const poolFile = await readBuiltinFile(catalogFile(info.poolFile), options);
  const heldOutFile: VerifiedFile | null = info.heldOutFile
    ? await readBuiltinFile(catalogFile(info.heldOutFile), options)
    : null;
  const files = heldOutFile ? [poolFile, heldOutFile] : [poolFile];

  const hash = createHash('sha256');
  for (const file of files) hash.update(file.bytes);

  return {
    id: info.id,
    answerType: info.answerType,
    multipleChoice: info.multipleChoice,
    forbidDigitsInInstructions: info.forbidDigitsInInstructions,
    taskDescription: info.taskDescription,
    pool: parse(poolFile.bytes.toString('utf8'), poolFile.path),
    heldOut: heldOutFile ? parse(heldOutFile.bytes.toString('utf8'), heldOutFile.path) : null,
    contentHash: hash.digest('hex'),
    source: files.map((file) => `${file.url} (cached at ${file.path})`).join('; '),
  };
}
