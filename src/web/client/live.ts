import type { ChangeMessage } from '../shared/api-types.js';

/**
 * The server's change stream (/api/events). EventSource reconnects by itself (the server sets the
 * retry delay); the status line tells the user whether the page is live.
 */

type Listener = (change: ChangeMessage) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

function setStatus(text: string, live: boolean): void {
  const el = document.getElementById('live-status');
  if (!el) return;
  el.textContent = text;
  el.classList.toggle('is-live', live);
}

export function connectLive(): void {
  if (source) return;
  source = new EventSource('/api/events');
  source.addEventListener('open', () => setStatus('live', true));
  source.addEventListener('error', () => setStatus('reconnecting…', false));
  source.addEventListener('change', (event) => {
    let change: ChangeMessage;
    try {
      change = JSON.parse((event as MessageEvent<string>).data) as ChangeMessage;
    } catch {
      return;
    }
    for (const listener of listeners) listener(change);
  });
}

/** Calls `listener` on every change; returns the unsubscribe function. */
export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Wraps a refresh so that bursts of changes cause at most one refresh in flight plus one queued:
 * a busy run writes many times a second, and the page must never fall behind by more than one.
 */
export function coalesce(refresh: () => Promise<void>): () => void {
  let running = false;
  let queued = false;
  const run = async (): Promise<void> => {
    if (running) {
      queued = true;
      return;
    }
    running = true;
    try {
      await refresh();
    } catch {
      // The view shows its own error; the next change tries again.
    } finally {
      running = false;
      if (queued) {
        queued = false;
        void run();
      }
    }
  };
  return () => void run();
}
