import cliProgress from 'cli-progress';

/**
 * A download bar for an embedded model (hundreds of MB, once) and a line when it is loaded, on
 * stderr, so the first run of the default model does not look frozen.
 */
export function embeddedModelProgress(out: NodeJS.WriteStream = process.stderr) {
  let bar: cliProgress.SingleBar | null = null;
  let lastPercent = -1;
  return {
    onDownloadProgress: (progress: { source: string; downloadedBytes: number; totalBytes: number }) => {
      const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
      if (out.isTTY) {
        if (!bar) {
          out.write(`downloading ${progress.source} (once; cached for later runs)\n`);
          bar = new cliProgress.SingleBar({ format: 'model [{bar}] {percentage}% | {done}/{size} MB', stream: out, hideCursor: true }, cliProgress.Presets.shades_classic);
          bar.start(progress.totalBytes, 0, { done: 0, size: mb(progress.totalBytes) });
        }
        bar.update(progress.downloadedBytes, { done: mb(progress.downloadedBytes), size: mb(progress.totalBytes) });
        if (progress.downloadedBytes >= progress.totalBytes) {
          bar.stop();
          bar = null;
        }
        return;
      }
      // Not a terminal (CI, a pipe): a line every 10%.
      const percent = progress.totalBytes > 0 ? Math.floor((progress.downloadedBytes / progress.totalBytes) * 10) * 10 : 0;
      if (percent !== lastPercent) {
        lastPercent = percent;
        out.write(`downloading ${progress.source}: ${percent}% of ${mb(progress.totalBytes)} MB\n`);
      }
    },
    onLoaded: (info: { filePath: string; parallel: number; loadMs: number }) => {
      out.write(`loaded ${info.filePath} in ${(info.loadMs / 1000).toFixed(1)} s (${info.parallel} parallel sequences)\n`);
    },
  };
}
