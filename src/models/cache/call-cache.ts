/**
 * The storage side of the call cache: a key-value store of successful model answers.
 * withCache (src/models/wrappers/cache.ts) computes the keys and decides what to store.
 */
import type { TokenUsage } from '../types.js';

export interface CachedCall {
  text: string;
  usage: TokenUsage;
  finishReason?: string;
}

/** Stored with each entry for inspection and cleanup; not part of the key. */
export interface CachedCallInfo {
  spec: string;
}

export interface CallCache {
  get(key: string): CachedCall | undefined;
  set(key: string, value: CachedCall, info: CachedCallInfo): void;
  close?(): void;
}

/** A process-local cache, for tests and for runs that should not touch the disk. */
export class MemoryCallCache implements CallCache {
  private readonly entries = new Map<string, CachedCall>();

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedCall | undefined {
    const entry = this.entries.get(key);
    return entry ? structuredClone(entry) : undefined;
  }

  set(key: string, value: CachedCall): void {
    this.entries.set(key, structuredClone(value));
  }
}
