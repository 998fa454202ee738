import path from 'node:path';

/** Where `opro` keeps its runs, relative to the working folder (apart from open.ts so that `--help` loads no SQLite). */
export const DEFAULT_STORE_PATH = path.join('.opro', 'runs.sqlite');
