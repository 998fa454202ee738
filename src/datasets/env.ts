/** The environment variables of the dataset cache (apart so that `opro datasets --help` loads no dataset code). */
export const DATA_DIR_ENV = 'OPRO_DATA_DIR';
/**
 * A mirror of the datasets' host: every built-in file is published on raw.githubusercontent.com, and
 * this URL replaces `https://raw.githubusercontent.com/` in their addresses (the rest of the path is kept).
 */
export const DATASETS_ENDPOINT_ENV = 'OPRO_DATASETS_ENDPOINT';
