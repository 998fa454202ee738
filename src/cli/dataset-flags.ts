import type { LoadDatasetOptions } from '../datasets/index.js';
import type { AnswerType } from '../datasets/types.js';
import type { ProgressReporter } from './progress.js';

/** The dataset-related flags as loader options; downloads report progress on stderr. */
export function datasetOptionsFromFlags(flags: Record<string, unknown>, reporter?: ProgressReporter): LoadDatasetOptions {
  let lastReported = '';
  return {
    inputField: flags.inputField as string,
    targetField: flags.targetField as string,
    ...(flags.answerType ? { answerType: flags.answerType as AnswerType } : {}),
    ...(flags.dataDir ? { dataDir: flags.dataDir as string } : {}),
    onProgress: (event) => {
      const total = event.totalBytes ? ` of ${(event.totalBytes / 1e6).toFixed(1)} MB` : '';
      const line = `downloading ${event.file}: ${(event.receivedBytes / 1e6).toFixed(1)} MB${total}`;
      if (line !== lastReported && !reporter?.isQuiet) process.stderr.write(`\r${line}`);
      lastReported = line;
      if (event.totalBytes && event.receivedBytes >= event.totalBytes) process.stderr.write('\n');
    },
  } as LoadDatasetOptions;
}
