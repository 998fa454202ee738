// Module hooks for tests that check what a command loads: every module URL loaded is written to
// stderr as one "module-loaded <url>" line. Registered with --import (see test/cli/startup.test.ts).
export async function load(url, context, nextLoad) {
  if (!url.startsWith('node:')) process.stderr.write(`module-loaded ${url}\n`);
  return nextLoad(url, context);
}
