/**
 * The AI SDK prints its warnings (e.g. "temperature is not supported by this model") on every call,
 * partly on stdout. The CLI shows each distinct warning once, on stderr, so stdout stays clean for
 * results and a 100,000-call run does not print 100,000 identical lines.
 */
export function installSdkWarningFilter(out: NodeJS.WriteStream = process.stderr): void {
  const seen = new Set<string>();
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = (options: { warnings: unknown[]; provider?: string; model?: string }) => {
    for (const warning of options.warnings) {
      const text = `${options.provider ?? 'provider'} ${options.model ?? ''}: ${JSON.stringify(warning)}`;
      if (seen.has(text)) continue;
      seen.add(text);
      out.write(`opro: model warning (shown once): ${text}\n`);
    }
  };
}
