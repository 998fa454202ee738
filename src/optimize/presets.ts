/** The presets' names (apart from settings.ts, which says what each sets, so that `--help` loads no settings code). */
export type PresetName = 'paper' | 'reference';
export const PRESETS: readonly PresetName[] = ['paper', 'reference'];
