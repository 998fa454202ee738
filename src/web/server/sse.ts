import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './http-util.js';

/** Browsers reconnect after this long when the stream drops (e.g. the server restarted). */
const RETRY_MS = 2_000;
/** A comment line this often keeps proxies and idle-timeouts from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
/** More tabs than anyone opens; beyond it a runaway client cannot pin the process's sockets. */
export const MAX_SSE_CLIENTS = 64;

/** The `/api/events` stream: one event per change of the store, to every open tab. */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepalive: NodeJS.Timeout;

  constructor() {
    this.keepalive = setInterval(() => this.write(': keepalive\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over the response; returns false (and answers 503) when too many streams are open. */
  attach(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.clients.size >= MAX_SSE_CLIENTS) {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' });
      res.end('too many open dashboard tabs');
      return false;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.clients.add(res);
    const drop = (): void => {
      this.clients.delete(res);
    };
    req.on('close', drop);
    res.on('error', drop);
    return true;
  }

  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(chunk: string): void {
    for (const client of this.clients) client.write(chunk);
  }

  /** Ends every stream (the server is stopping). */
  close(): void {
    clearInterval(this.keepalive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
