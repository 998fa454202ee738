/**
 * Which Chromium the dashboard tests drive, or why they do not run.
 *
 * OPRO_CHROMIUM names a browser explicitly; otherwise `chromium` or `chromium-browser` on PATH is
 * used. With neither, the browser tests are skipped with one line saying how to enable them, except
 * under CI (CI set to anything but "" / "0" / "false"), where a missing browser is a failure: CI
 * must not pass by testing less. A named browser that does not exist is always a failure.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export const CHROMIUM_ENV = 'OPRO_CHROMIUM';
const NAMES_ON_PATH = ['chromium', 'chromium-browser'] as const;

export type ChromiumChoice =
  | { kind: 'use'; executablePath: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'fail'; reason: string };

export interface ChromiumLookup {
  env: Readonly<Record<string, string | undefined>>;
  /** True when the path is an executable file (injectable for tests). */
  isExecutable?: (filePath: string) => boolean;
}

const HOW_TO_ENABLE = `install Chromium on PATH (Debian: apt-get install chromium) or set ${CHROMIUM_ENV}=/path/to/chromium`;

export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

export function chooseChromium({ env, isExecutable = executable }: ChromiumLookup): ChromiumChoice {
  const named = env[CHROMIUM_ENV]?.trim();
  if (named) {
    return isExecutable(named)
      ? { kind: 'use', executablePath: named }
      : { kind: 'fail', reason: `${CHROMIUM_ENV}=${named} is not an executable file` };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of NAMES_ON_PATH) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return { kind: 'use', executablePath: candidate };
    }
  }
  return isCi(env)
    ? { kind: 'fail', reason: `no Chromium found under CI: ${HOW_TO_ENABLE}` }
    : { kind: 'skip', reason: `browser tests skipped, no Chromium found: to run them, ${HOW_TO_ENABLE}` };
}

function executable(filePath: string): boolean {
  try {
    accessSync(filePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
