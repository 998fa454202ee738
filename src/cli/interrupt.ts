/**
 * Ctrl-C once: stop cleanly (finished work is kept, the run says how to resume). Ctrl-C twice: exit now.
 */
export function interruptSignal(out: NodeJS.WriteStream = process.stderr): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      out.write('\nopro: interrupted again, exiting now\n');
      process.exit(130);
    }
    out.write('\nopro: stopping after the calls in flight (press Ctrl-C again to exit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
