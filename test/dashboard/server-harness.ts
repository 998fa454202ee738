import http from 'node:http';
import { startDashboardServer, type DashboardServer } from '../../src/web/server/dashboard-server.js';
import type { RunStore } from '../../src/store/index.js';
import { seedAll, tempStorePath, type LiveRun, type SeededRun } from './fixtures.js';

/** Polls faster than the default so live tests do not idle; still a real poll loop. */
export const TEST_POLL_MS = 100;

export interface Harness {
  server: DashboardServer;
  base: string;
  store: RunStore;
  file: string;
  finished: SeededRun;
  running: LiveRun;
  tsp: SeededRun;
  linreg: SeededRun;
  stop(): Promise<void>;
}

/** A store with every kind of run and a dashboard over it on 127.0.0.1, port 0. */
export async function startHarness(): Promise<Harness> {
  const tmp = tempStorePath();
  const seeded = seedAll(tmp.file);
  const server = await startDashboardServer({ storePath: tmp.file, host: '127.0.0.1', port: 0, pollIntervalMs: TEST_POLL_MS });
  return {
    ...seeded,
    server,
    base: `http://127.0.0.1:${server.port}`,
    file: tmp.file,
    async stop() {
      await server.close();
      seeded.running.finish();
      seeded.store.close();
      tmp.cleanup();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request with the path sent exactly as given (fetch and browsers normalise `..` away before
 * sending, which would hide a traversal bug), and optionally another Host header or method.
 */
export function rawRequest(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { Host: options.host ?? `127.0.0.1:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function getJson<T>(base: string, path: string): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(`${base}${path}`);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, text };
}
