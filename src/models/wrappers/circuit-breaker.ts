/**
 * Once a model answers 'auth' or 'quota', every later call would get the same answer: the breaker
 * remembers that error so queued and future calls fail at once instead of hammering the endpoint.
 * It never closes by itself within a run (a key does not fix itself mid-run).
 */
import type { CallError } from '../types.js';

export class CircuitBreaker {
  private error: CallError | undefined;

  get isOpen(): boolean {
    return this.error !== undefined;
  }

  /** The error every call gets while open. */
  get failure(): CallError | undefined {
    return this.error;
  }

  /** Opens the circuit with `cause`, unless it is already open (the first cause wins). */
  trip(spec: string, cause: CallError): CallError {
    if (!this.error) {
      this.error = {
        ...cause,
        message: `${spec}: ${cause.message} (${cause.kind} error: no further calls will be sent to this model in this run)`,
      };
    }
    return this.error;
  }
}
