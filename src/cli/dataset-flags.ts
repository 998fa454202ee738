import type { LoadDatasetOptions } from '../datasets/index.js';
import type { DatasetFlags } from './instruction-options.js';
import type { ProgressReporter } from './progress.js';

/** The dataset-related flags as loader options; downloads report progress on stderr. */
export function datasetOptionsFromFlags(flags: DatasetFlags, reporter?: ProgressReporter): LoadDatasetOptions {
  let lastReported = '';
  return {
    ...(flags.inputField !== undefined ? { inputField: flags.inputField } : {}),
    ...(flags.targetField !== undefined ? { targetField: flags.targetField } : {}),
    ...(flags.answerType ? { answerType: flags.answerType } : {}),
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    onProgress: (event) => {
      const total = event.totalBytes ? ` of ${(event.totalBytes / 1e6).toFixed(1)} MB` : '';
      const line = `downloading ${event.file}: ${(event.receivedBytes / 1e6).toFixed(1)} MB${total}`;
      if (line !== lastReported && !reporter?.isQuiet) process.stderr.write(`\r${line}`);
      lastReported = line;
      if (event.totalBytes && event.receivedBytes >= event.totalBytes) process.stderr.write('\n');
    },
  };
}
