import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { HttpError, SECURITY_HEADERS } from './http-util.js';

/**
 * The built client (scripts/build-web.mjs) lives in dist/web: index.html at its top, everything
 * else under assets/. Only those are served: dist/web also holds the compiled server, which stays
 * private. This file sits three folders below the project root both as src/web/server/*.ts (tsx)
 * and as dist/web/server/*.js (built), so one relative path finds dist/web from either.
 */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));
export const ASSETS_DIR = 'assets';
export const INDEX_FILE = 'index.html';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Any `..` segment, raw or percent-encoded (%2e), or a backslash: refused before anything is resolved. */
const TRAVERSAL = /(?:^|[/\\])(?:\.|%2e){2}(?:[/\\]|$)|\\|%5c/i;

/** True when the raw request path tries to climb out of the served folder. */
export function isTraversal(rawPath: string): boolean {
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return true; // malformed escapes are never a legitimate asset name
  }
  return TRAVERSAL.test(rawPath) || TRAVERSAL.test(decoded) || decoded.includes('\0');
}

/**
 * Maps a URL path to a file under `root`, or null when it names nothing servable. The result is
 * checked to be inside assets/ after normalisation, whatever the path looked like.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  if (isTraversal(urlPath)) throw new HttpError(400, 'path escapes the dashboard folder');
  if (urlPath === '/' || urlPath === `/${INDEX_FILE}`) return path.join(root, INDEX_FILE);
  const prefix = `/${ASSETS_DIR}/`;
  if (!urlPath.startsWith(prefix)) return null;
  const assets = path.resolve(root, ASSETS_DIR);
  const file = path.resolve(assets, path.posix.normalize(decodeURIComponent(urlPath.slice(prefix.length))));
  if (file === assets) return null; // the folder itself: no listing
  if (!file.startsWith(assets + path.sep)) throw new HttpError(400, 'path escapes the dashboard folder');
  return CONTENT_TYPES[path.extname(file)] ? file : null;
}

/** Streams a static file; 404 when it is missing (or the client was never built). */
export function sendStatic(res: ServerResponse, root: string, urlPath: string, headOnly: boolean): void {
  const file = resolveStaticPath(root, urlPath);
  if (file === null) throw new HttpError(404, `no such page: ${urlPath.slice(0, 200)}`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    const built = fs.existsSync(path.join(root, INDEX_FILE));
    throw new HttpError(404, built ? `no such file: ${urlPath.slice(0, 200)}` : `the dashboard is not built: run \`node scripts/build-web.mjs\` (${root} is missing)`);
  }
  if (!stat.isFile()) throw new HttpError(404, `no such file: ${urlPath.slice(0, 200)}`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    // Local and unversioned: always revalidate so a rebuild shows at once.
    'Cache-Control': 'no-cache',
  });
  if (headOnly) {
    res.end();
    return;
  }
  fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
}
