#!/usr/bin/env node
/**
 * Builds the dashboard's browser client (src/web/client) into dist/web: index.html at the top and the
 * bundled script and stylesheet under dist/web/assets. Everything the page needs is in there (no CDN
 * at run time). dist/web/server (the compiled server, from tsc) is left alone.
 *
 * Usage: node scripts/build-web.mjs [--dev]   (--dev: no minification, for reading the bundle)
 */
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = path.join(root, 'src', 'web', 'client');
const outDir = path.join(root, 'dist', 'web');
const assetsDir = path.join(outDir, 'assets');
const dev = process.argv.includes('--dev');

// Only our own output is replaced, never the compiled server beside it.
await rm(assetsDir, { recursive: true, force: true });
await mkdir(assetsDir, { recursive: true });

const result = await build({
  entryPoints: { app: path.join(clientDir, 'main.ts') },
  outdir: assetsDir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // Browsers of the last few years: what esbuild may emit untranspiled.
  target: ['chrome100', 'firefox100', 'safari15', 'edge100'],
  minify: !dev,
  sourcemap: true,
  tsconfig: path.join(clientDir, 'tsconfig.json'),
  logLevel: 'warning',
  metafile: true,
});
await copyFile(path.join(clientDir, 'index.html'), path.join(outDir, 'index.html'));

const outputs = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, info]) => `${path.relative(root, file)} ${(info.bytes / 1024).toFixed(1)} KiB`);
process.stdout.write(`dashboard built: ${path.relative(root, outDir)}/index.html, ${outputs.join(', ')}\n`);
