/**
 * Field checks for what kinds read back from a run's manifest (`manifest.instance`): recorded by
 * another process, possibly by another version, so nothing is trusted without a check.
 */

export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const numbers = (value: unknown): value is number[] => Array.isArray(value) && value.every(isNumber);

/** The problem instance a run recorded in its manifest, or null. */
export function instanceOf(manifest: unknown): Record<string, unknown> | null {
  return isObject(manifest) && isObject(manifest.instance) ? manifest.instance : null;
}

/** Most points one figure draws: a run proposes 8 candidates per step, so this is thousands of steps. */
export const MAX_FIGURE_POINTS = 50_000;
