/** What `opro datasets` does (the option and help are in datasets.ts): which built-in datasets are cached. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR_ENV, listBuiltinDatasets, resolveDataDir } from '../../datasets/index.js';

export function runDatasetsCommand(flags: { dataDir?: string }): void {
  const dataDir = resolveDataDir(flags.dataDir ? { dataDir: flags.dataDir } : {});
  // Present files only: their sha256 is checked when a run loads them.
  const isCached = (file: string): boolean => existsSync(path.join(dataDir, ...file.split('/')));
  let cached = 0;
  const rows = listBuiltinDatasets();
  for (const info of rows) {
    const here = [info.poolFile, ...(info.heldOutFile ? [info.heldOutFile] : [])].every(isCached);
    if (here) cached += 1;
    process.stdout.write(`${info.id.padEnd(48)} ${info.answerType.padEnd(8)} ${here ? 'cached' : 'downloaded on first use'}\n`);
  }
  process.stdout.write(`\n${cached} of ${rows.length} cached in ${dataDir} (change with ${DATA_DIR_ENV} or --data-dir)\n`);
  process.stdout.write(`or your own file: -d data.jsonl --input-field question --target-field answer --answer-type number\n`);
}
