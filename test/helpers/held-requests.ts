/**
 * Killing a CLI child at a chosen point of its work: the wire server answers the next `answered`
 * requests, then holds every later one open; once the child is waiting on a held request, it gets
 * SIGKILL (after a pause for what it answered to be recorded and cached). The held requests are
 * released afterwards, so the server can close.
 */
import assert from 'node:assert/strict';
import type { ChildResult } from './cli-child.js';
import type { WireServer } from './wire-server.js';

/** Time for the answered calls and the running figures to be recorded before the kill. */
const SETTLE_BEFORE_KILL_MS = 1500;

export class HeldRequests {
  private holdFrom = Number.POSITIVE_INFINITY;
  private readonly held: (() => void)[] = [];

  /** For a responder: a reply that never comes while holding, else null (answer normally). */
  hold(index: number): Promise<string> | null {
    if (index < this.holdFrom) return null;
    return new Promise<string>((resolve) => this.held.push(() => resolve('late')));
  }

  /** Runs `start` (a CLI child), kills it with SIGKILL once `answered` more requests were answered and one is held. */
  async killAfter(server: WireServer, answered: number, start: (onStart: (kill: () => void) => void) => Promise<ChildResult>): Promise<ChildResult> {
    this.holdFrom = server.requests.length + answered;
    const killed = await start((kill) => {
      const poll = setInterval(() => {
        if (server.requests.length > this.holdFrom) {
          clearInterval(poll);
          setTimeout(kill, SETTLE_BEFORE_KILL_MS);
        }
      }, 20);
    });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    this.releaseAll();
    return killed;
  }

  /** Stops holding and answers every held request. */
  releaseAll(): void {
    this.holdFrom = Number.POSITIVE_INFINITY;
    this.held.splice(0).forEach((release) => release());
  }
}
