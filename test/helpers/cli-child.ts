/**
 * Runs the built CLI (dist/cli/main.js) as a child process, the way a user runs `opro`: for tests of
 * what only a real process shows (exit codes, SIGKILL and resume, several processes on one store).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** A child still running after this long is killed and the test fails (bounded, never hangs CI). */
  timeoutMs?: number;
  /** Called once the child is started, with a function that SIGKILLs it. */
  onStart?: (kill: () => void) => void;
}

export function runCli(args: string[], options: RunCliOptions = {}): Promise<ChildResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`opro ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onStart?.(() => child.kill('SIGKILL'));
  });
}
