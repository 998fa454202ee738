import path from 'node:path';
import { RunStore } from '../../../src/store/index.js';
import { SqliteCallCache } from '../../../src/models/cache/sqlite-call-cache.js';

/**
 * Child for the creation-race test: prints "ready", then for every line "<n>" read on stdin opens
 * (creating when missing) the run store and the call cache of round n under argv[2], writes one row
 * into each, and answers "ok <n>" or "fail <n> <message>". Several children get the same line at
 * once, so they race to create the same two files, as runs started together on a new machine do.
 */
const dir = process.argv[2]!;

function round(n: string): string {
  try {
    const store = RunStore.open(path.join(dir, `runs-${n}.sqlite`));
    try {
      store.createRun({ kind: 'instructions', dataset: 'race', config: {} });
    } finally {
      store.close();
    }
    const cache = SqliteCallCache.open(path.join(dir, `cache-${n}.sqlite`));
    try {
      cache.set(`key-${process.pid}`, { text: 'x', usage: { inputTokens: 1, outputTokens: 1 } }, { spec: 'race:model' });
    } finally {
      cache.close();
    }
    return `ok ${n}`;
  } catch (error) {
    return `fail ${n} ${(error as Error).message.replace(/\n/g, ' ')}`;
  }
}

let pending = '';
process.stdin.on('data', (chunk: Buffer) => {
  pending += chunk.toString();
  let newline: number;
  while ((newline = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, newline).trim();
    pending = pending.slice(newline + 1);
    if (line === 'end') process.exit(0);
    process.stdout.write(`${round(line)}\n`);
  }
});
process.stdout.write('ready\n');
