#!/usr/bin/env node
/**
 * Builds the dashboard's browser client (src/web/client) into dist/web: index.html at the top and the
 * bundled script and stylesheet under dist/web/assets. Everything the page needs is in there (no CDN
 * at run time). dist/web/server (the compiled server, from tsc) is left alone.
 *
 * Usage: node scripts/build-web.mjs [--dev]   (--dev: no minification, for reading the bundle)
 */
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = path.join(root, 'src', 'web', 'client');
const outDir = path.join(root, 'dist', 'web');
const assetsDir = path.join(outDir, 'assets');
const dev = process.argv.includes('--dev');

// Only our own output is replaced, never the compiled server beside it. Each file is written beside
// its place and renamed over it, so a dashboard serving dist/web meanwhile (another test file, a
// running `opro serve`) reads the old file or the new one, never a missing or half-written one.
await mkdir(assetsDir, { recursive: true });
const temporary = (file) => `${file}.tmp-${process.pid}`;

const result = await build({
  write: false,
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
for (const output of result.outputFiles) {
  await writeFile(temporary(output.path), output.contents);
  await rename(temporary(output.path), output.path);
}
// Files of an earlier build that this one no longer makes.
const made = new Set(result.outputFiles.map((output) => path.basename(output.path)));
for (const name of await readdir(assetsDir)) {
  if (!made.has(name) && !name.includes('.tmp-')) await rm(path.join(assetsDir, name), { force: true });
}
await copyFile(path.join(clientDir, 'index.html'), temporary(path.join(outDir, 'index.html')));
await rename(temporary(path.join(outDir, 'index.html')), path.join(outDir, 'index.html'));

const outputs = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, info]) => `${path.relative(root, file)} ${(info.bytes / 1024).toFixed(1)} KiB`);
process.stdout.write(`dashboard built: ${path.relative(root, outDir)}/index.html, ${outputs.join(', ')}\n`);
