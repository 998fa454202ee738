/** Public API of the datasets layer: examples and splits, nothing about models. */
export type { AnswerType, Dataset, DatasetExample, DownloadProgress, DownloadProgressCallback } from './types.js';
export { exampleFields } from './types.js';
export { ANSWER_TYPES } from './types.js';

export {
  BBH_TASKS,
  BBH_TRAIN_RATIO,
  GSM8K_TRAIN_RATIO,
  OTHER_TRAIN_RATIO,
  bbhAnswerType,
  findBuiltinDataset,
  listBuiltinDatasets,
  type BbhTask,
  type BuiltinDatasetInfo,
} from './builtin-catalog.js';
export { BUILTIN_FILES, type BuiltinFile } from './builtin-files.js';
export { DATA_DIR_ENV, DATASETS_ENDPOINT_ENV, builtinFileUrl, readBuiltinFile, resolveDataDir, type CacheOptions } from './download-cache.js';
export {
  CachedFileHashMismatchError,
  DatasetDownloadError,
  DatasetError,
  DownloadedFileHashMismatchError,
} from './errors.js';
export { DEFAULT_INPUT_FIELD, DEFAULT_TARGET_FIELD, loadDataset, type LoadDatasetOptions } from './load.js';
export { loadUserDataset, type UserFileFormat, type UserFileOptions } from './user-file.js';
export { LegacyRandomState } from './numpy-random.js';
export {
  DEFAULT_SPLIT_SEED,
  defaultTrainRatio,
  exemplarIndices,
  makeSplit,
  paperTrainIndices,
  trainIndices,
  type ExemplarSeedMode,
  type Split,
  type SplitOptions,
  type SplitPreset,
} from './splits.js';
export {
  PAPER_BBH_250_TRAIN_INDICES,
  PAPER_BBH_CAUSAL_JUDGEMENT_TRAIN_INDICES,
  PAPER_BBH_PENGUINS_TRAIN_INDICES,
  PAPER_BBH_SNARKS_TRAIN_INDICES,
  PAPER_GSM8K_EXEMPLAR_INDICES_BY_STEP,
  PAPER_GSM8K_TRAIN_INDICES,
} from './paper-indices.js';
