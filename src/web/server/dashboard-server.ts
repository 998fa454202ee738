import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RunNotFoundError, StoreError } from '../../store/index.js';
import { translateSqliteError } from '../../store/errors.js';
import { ChangeWatcher, POLL_INTERVAL_MS } from './change-watcher.js';
import { displayUrl, hostHeaderAllowed, isLoopback } from './hosts.js';
import { HttpError, sendError, sendJson } from './http-util.js';
import { builtinKinds } from '../../kinds/builtin.js';
import type { KindRegistry } from '../../kinds/registry.js';
import { createRoutes, matchRoute } from './routes.js';
import { EventHub } from './sse.js';
import { DEFAULT_WEB_ROOT, sendStatic } from './static-files.js';
import { StoreSource } from './store-source.js';

export interface DashboardOptions {
  storePath: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Folder of the built client (default dist/web). */
  webRoot?: string;
  pollIntervalMs?: number;
  /** The problem kinds whose runs it shows (default: the built-in ones). */
  kinds?: KindRegistry;
}

export interface DashboardServer {
  url: string;
  host: string;
  port: number;
  /** Loopback only; false means anyone who can reach the address can read the runs. */
  loopback: boolean;
  /** The change watcher, exposed so tests can poll without waiting. */
  watcher: ChangeWatcher;
  close(): Promise<void>;
}

function sqliteCode(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** Ends idle keep-alive sockets quickly on close, so Ctrl-C returns at once. */
const CLOSE_GRACE_MS = 1_000;

function errorStatus(error: unknown, storePath: string): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof RunNotFoundError) return { status: 404, message: error.message };
  if (error instanceof StoreError) return { status: 503, message: error.message };
  // A raw SQLite error (a store damaged after it was opened): its clear sentence, not a stack trace.
  const translated = sqliteCode(error) ? translateSqliteError(error, storePath, 'read the run store') : null;
  if (translated instanceof StoreError) return { status: 503, message: translated.message };
  return { status: 500, message: 'internal error (see the terminal running opro serve)' };
}

/**
 * `opro serve`: the built client from dist/web, a read-only JSON API over the run store and a
 * server-sent event stream announcing runs that changed. node:http only; nothing here writes.
 */
export async function startDashboardServer(options: DashboardOptions): Promise<DashboardServer> {
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const loopback = isLoopback(options.host);
  const source = new StoreSource(options.storePath);
  const kinds = options.kinds ?? builtinKinds();
  const routes = createRoutes(kinds);
  const hub = new EventHub();
  const watcher = new ChangeWatcher(source, (change) => hub.send('change', change), options.pollIntervalMs ?? POLL_INTERVAL_MS);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, 405, 'the dashboard is read-only: only GET and HEAD are accepted');
      return;
    }
    if (loopback && !hostHeaderAllowed(req.headers.host)) {
      sendError(res, 421, 'this dashboard answers only requests addressed to localhost');
      return;
    }
    const raw = req.url ?? '/';
    const rawPath = raw.split('?')[0] ?? '/';
    const params = new URLSearchParams(raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : '');
    try {
      if (rawPath === '/api/events') {
        hub.attach(req, res);
        return;
      }
      if (rawPath.startsWith('/api/')) {
        const route = matchRoute(routes, rawPath);
        if (!route) throw new HttpError(404, `no such API endpoint: ${rawPath.slice(0, 200)}`);
        sendJson(res, 200, route.handler({ source, kinds, params, captures: route.captures }), method === 'HEAD');
        return;
      }
      sendStatic(res, webRoot, rawPath, method === 'HEAD');
    } catch (error) {
      const { status, message } = errorStatus(error, options.storePath);
      if (status === 500) process.stderr.write(`opro serve: ${req.method} ${rawPath.slice(0, 200)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      sendError(res, status, message);
    }
  };

  const server = http.createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  watcher.poll(); // the baseline to compare later polls with
  watcher.start();
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      watcher.stop();
      hub.close();
      server.close(() => {
        source.close();
        resolve();
      });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
    });
    return closing;
  };

  return { url: displayUrl(options.host, port), host: options.host, port, loopback, watcher, close };
}
