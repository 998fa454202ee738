import os from 'node:os';
import type { RunLockInfo } from './types.js';

/**
 * Whether a run's lock holder is still alive: its heartbeat is fresh and, when it runs on this
 * host, its pid still exists. Used to refuse a second resumer and to tell a running run from a
 * crashed one.
 */

/** A lock whose heartbeat is older than this is considered abandoned. */
export const LOCK_STALE_AFTER_MS = 60_000;

export function isFresh(heartbeatAt: string, now = Date.now()): boolean {
  return now - Date.parse(heartbeatAt) < LOCK_STALE_AFTER_MS;
}

/** True when a process with this pid exists on this host (EPERM: it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function holderIsAlive(holder: RunLockInfo, host: string = os.hostname()): boolean {
  if (!isFresh(holder.heartbeatAt)) return false;
  // A pid can only be checked on its own host; elsewhere the heartbeat alone decides.
  return holder.host !== host || isProcessAlive(holder.pid);
}
