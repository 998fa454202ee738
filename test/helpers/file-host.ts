/**
 * A 127.0.0.1 HTTP server that serves files under chosen URL paths, standing in for a download host
 * (the Hugging Face model host, the datasets' host) in tests. Speaks what downloaders use: HEAD, GET,
 * and single byte ranges. Records every request; closes by itself with close().
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileHost {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string;
  /** Method and path (with query) of every request, in order. */
  requests: { method: string; url: string }[];
  close(): Promise<void>;
}

/** routes: URL path (no query) -> local file. Anything else is a 404. */
export async function startFileHost(routes: ReadonlyMap<string, string>): Promise<FileHost> {
  const requests: FileHost['requests'] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push({ method: request.method ?? 'GET', url: request.url ?? '/' });
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = routes.get(pathname);
    if (!file) {
      response.writeHead(request.method === 'HEAD' && pathname === '/' ? 200 : 404).end();
      return;
    }
    const size = statSync(file).size;
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'content-length': String(end - start + 1) };
    if (range) response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}` });
    else response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file, { start, end }).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
