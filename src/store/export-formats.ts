/** The formats `exportRun` writes (apart from export.ts so that `opro runs export --help` loads no SQLite). */
export type ExportFormat = 'json' | 'jsonl' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'jsonl', 'csv'];
